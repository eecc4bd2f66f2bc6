/**
 * Polyglots: bytes that are a valid PDF or image and also read as something a browser or an
 * unpacker would act on. What is detected, precisely:
 * 1. in a PDF, PNG, JPEG, GIF or WebP: a ZIP local header or end record signature anywhere
 *    ("PK\x03\x04", "PK\x05\x06": a JAR/ZIP glued to the file), and HTML/script markup anywhere,
 *    case-insensitively: "<script", "<html", "<svg", "<iframe", "<object", "<embed", "<body",
 *    "<!doctype html", "<?php", "javascript:" (what a sniffing browser would render or run);
 * 2. in a PDF, active content: the name objects /JavaScript, /JS, /Launch, /EmbeddedFile,
 *    /RichMedia, /XFA (with their #xx-escaped spellings decoded first);
 * 3. in PNG, GIF and WebP, bytes after the format's end (IEND, the trailer 0x3B, the RIFF size) are
 *    removed by strip-metadata.ts rather than refused; a JPEG keeps what follows its last scan, so
 *    rule 1 is what guards it.
 * Not detected: content hidden inside compressed streams (PDF FlateDecode, PNG IDAT): a checker
 * would have to inflate them; downloads are served as attachments with nosniff, which is the
 * guard for those.
 */
const MARKUP = ['<script', '<html', '<svg', '<iframe', '<object', '<embed', '<body', '<!doctype html', '<?php', 'javascript:'];
const PDF_ACTIVE = /\/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)(?![A-Za-z0-9])/;

/** latin1 keeps one character per byte, so signatures are found wherever they sit. */
export function hasForeignContent(bytes: Buffer): boolean {
  const text = bytes.toString('latin1');
  if (text.includes('PK\x03\x04') || text.includes('PK\x05\x06')) return true;
  const lower = text.toLowerCase();
  return MARKUP.some((marker) => lower.includes(marker));
}

export function hasPdfActiveContent(bytes: Buffer): boolean {
  // PDF names may spell any character as #xx (ISO 32000-1, 7.3.5): /J#61vaScript is /JavaScript.
  const decoded = bytes.toString('latin1').replace(/#([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return PDF_ACTIVE.test(decoded);
}
