/** The allow-list of contribution files: what each kind is served as and its download extension. */
export const FILE_KINDS = {
  pdf: { contentType: 'application/pdf', extension: 'pdf', image: false },
  png: { contentType: 'image/png', extension: 'png', image: true },
  jpeg: { contentType: 'image/jpeg', extension: 'jpg', image: true },
  gif: { contentType: 'image/gif', extension: 'gif', image: true },
  webp: { contentType: 'image/webp', extension: 'webp', image: true },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', image: false },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', image: false },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx', image: false },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', extension: 'odt', image: false },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods', image: false },
  odp: { contentType: 'application/vnd.oasis.opendocument.presentation', extension: 'odp', image: false },
  text: { contentType: 'text/plain', extension: 'txt', image: false },
} as const;
export type FileKind = keyof typeof FILE_KINDS;

/**
 * Why a file is refused, one code per message the panel shows (EN/FR in the panel's messages):
 * 'empty', 'too-large' (the limit), 'unknown-type' (not on the allow-list: executables included),
 * 'markup' (SVG, HTML or XML in any form), 'executable' (a recognised program format),
 * 'polyglot' (bytes that also read as another format, see polyglot.ts), 'archive' (an office ZIP
 * that breaks the caps or naming rules, see zip-check.ts), 'damaged' (not what its signature says).
 */
export type FileRefusal = 'empty' | 'too-large' | 'unknown-type' | 'markup' | 'executable' | 'polyglot' | 'archive' | 'damaged';
