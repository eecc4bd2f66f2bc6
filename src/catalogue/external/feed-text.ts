/**
 * Feed texts become plain text once, here: titles and summaries arrive as HTML (escaped inside XML,
 * or raw in JSON Feed's content_html), and the catalogue shows and indexes text only. Tags are
 * dropped (script and style with their content), entities decoded in one pass (so "&amp;lt;" stays
 * the text "&lt;", never a tag), control characters and bidirectional overrides (which can make a
 * title read backwards) removed, white space collapsed, length capped.
 */

/** The named references feeds actually use; anything else is left as written. */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
  laquo: '«', raquo: '»', copy: '©', reg: '®', trade: '™', euro: '€', middot: '·', bull: '•',
  eacute: 'é', egrave: 'è', ecirc: 'ê', euml: 'ë', agrave: 'à', acirc: 'â', ccedil: 'ç',
  icirc: 'î', iuml: 'ï', ocirc: 'ô', ugrave: 'ù', ucirc: 'û', uuml: 'ü', oelig: 'œ',
  Eacute: 'É', Egrave: 'È', Agrave: 'À', Ccedil: 'Ç',
};

function codePoint(n: number): string | null {
  // No NUL, no surrogates, nothing past Unicode: those are not characters a text may hold.
  if (!Number.isInteger(n) || n <= 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
  return String.fromCodePoint(n);
}

/** Decodes character references in a single pass; unknown or invalid ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,8});/g, (whole, ref: string) => {
    if (ref[0] === '#') return codePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)) ?? whole;
    return Object.hasOwn(NAMED, ref) ? NAMED[ref] : whole;
  });
}

const BLOCK_TAGS = /^(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer)$/i;

/** HTML (or text that may hold some) → one line of plain text of at most maxChars characters. */
export function plainText(html: string, maxChars: number): string {
  // Bounded work on hostile input: nothing past a generous multiple of the cap is looked at.
  const bounded = html.length > maxChars * 20 ? html.slice(0, maxChars * 20) : html;
  const withoutTags = bounded
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?([A-Za-z][A-Za-z0-9-]*)\b[^>]*>/g, (_tag, name: string) => (BLOCK_TAGS.test(name) ? ' ' : ''))
    // A "<" that opened no tag (cut-off markup) and everything after it on that stretch is markup debris.
    .replace(/<[A-Za-z!/?][^>]*$/g, ' ');
  const text = decodeEntities(withoutTags)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return capText(text, maxChars);
}

/** Cuts at a word boundary when one is near, and never inside a surrogate pair. */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let cut = text.slice(0, maxChars - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  if (space > maxChars * 0.8) cut = cut.slice(0, space);
  return cut.trimEnd() + '…';
}
