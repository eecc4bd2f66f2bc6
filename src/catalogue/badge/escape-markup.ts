/**
 * Escaping for the markup this folder writes by hand (the SVG, the HTML snippet): course titles come
 * from the LMS and may hold anything. Characters XML 1.0 forbids outright (C0 controls other than tab
 * and line breaks, U+FFFE/U+FFFF, lone surrogates) cannot even be escaped, and one would make the
 * whole image unreadable, so they are dropped or replaced first.
 */
const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in XML and HTML text and in double- or single-quoted attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN_IN_XML, '')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/[&<>"']/g, (char) => ENTITIES[char]);
}
