/**
 * The story of a contribution file's check, pure (bytes in, verdict out):
 * 1. refuse an empty or oversized file;
 * 2. sniff the type from the first bytes (sniff.ts), never from the name;
 * 3. confirm it: office ZIPs by their directory (zip-check.ts), text by its encoding (text-check.ts),
 *    PDFs and images by the absence of foreign content (polyglot.ts);
 * 4. strip images' metadata (strip-metadata.ts) and check the result again for foreign content;
 * 5. name it safely with the detected type's extension (safe-name.ts).
 * The caller stores `bytes` (the cleaned bytes) and the returned type, size and name.
 */
import { FILE_KINDS, type FileKind, type FileRefusal } from './file-kinds';
import { hasForeignContent, hasPdfActiveContent } from './polyglot';
import { safeFileName } from './safe-name';
import { sniffType } from './sniff';
import { stripGif, stripJpeg, stripPng, stripWebp } from './strip-metadata';
import { checkText } from './text-check';
import { checkZip, ZIP_LIMITS, type ZipLimits } from './zip-check';

export interface CheckedFile {
  readonly ok: true;
  readonly kind: FileKind;
  readonly contentType: string;
  /** The bytes to store: the upload, or for images the upload without its metadata. */
  readonly bytes: Buffer;
  readonly name: string;
}

export type FileVerdict = CheckedFile | { readonly ok: false; readonly refusal: FileRefusal };

export interface FileCheckOptions {
  readonly maxBytes: number;
  readonly zip?: ZipLimits;
}

const STRIP: Partial<Record<FileKind, (bytes: Buffer) => Buffer | null>> = { jpeg: stripJpeg, png: stripPng, webp: stripWebp, gif: stripGif };

export function checkContributionFile(upload: Buffer, originalName: string, options: FileCheckOptions): FileVerdict {
  const refuse = (refusal: FileRefusal): FileVerdict => ({ ok: false, refusal });
  if (upload.length === 0) return refuse('empty');
  if (upload.length > options.maxBytes) return refuse('too-large');
  const sniffed = sniffType(upload.subarray(0, 1024));
  if (typeof sniffed === 'object') return refuse(sniffed.refused);

  let kind: FileKind;
  let bytes = upload;
  if (sniffed === 'zip') {
    const verdict = checkZip(upload, options.zip ?? ZIP_LIMITS);
    if (!verdict.ok) return refuse(verdict.refusal);
    kind = verdict.kind;
  } else if (sniffed === 'text') {
    const verdict = checkText(upload);
    if (verdict === 'not-text') return refuse('unknown-type');
    if (verdict === 'markup') return refuse('markup');
    kind = 'text';
  } else if (sniffed === 'pdf') {
    if (hasForeignContent(upload) || hasPdfActiveContent(upload)) return refuse('polyglot');
    kind = 'pdf';
  } else {
    kind = sniffed;
    const stripped = STRIP[kind]?.(upload) ?? null;
    if (stripped === null) return refuse('damaged');
    if (hasForeignContent(stripped)) return refuse('polyglot');
    bytes = stripped;
  }
  const { contentType, extension } = FILE_KINDS[kind];
  return { ok: true, kind, contentType, bytes, name: safeFileName(originalName, extension) };
}
