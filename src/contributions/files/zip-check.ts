/**
 * Office documents are ZIP containers: this reads the central directory (APPNOTE.TXT 4.3.12-4.3.16)
 * without inflating anything, and accepts a DOCX/XLSX/PPTX or ODT/ODS/ODP only when:
 * - the archive is exactly one ZIP: local header at byte 0, the directory ending right where the
 *   end record starts, nothing after the end record's comment (data before or after = polyglot);
 * - no ZIP64 and no more than `maxEntries` entries (a zip bomb of many entries);
 * - the uncompressed sizes the directory declares add up to at most `maxTotalBytes`, and no entry
 *   declares more than `maxRatio` times its compressed size (a zip bomb of one huge entry);
 * - names are at most 255 bytes of UTF-8, relative, without '..' segments, backslashes, drive
 *   letters, control characters or duplicates (path tricks for whoever unpacks it later);
 * - no macro project (vbaProject.bin, ODF Basic/ or Scripts/);
 * - the entries the format requires are present (see `officeKind`).
 * Declared sizes are what a decompressor trusts to allocate; whoever inflates an entry later must
 * still stop at the declared size.
 */
import type { FileKind } from './file-kinds';

export interface ZipLimits {
  readonly maxEntries: number;
  readonly maxTotalBytes: number;
  readonly maxRatio: number;
}

export const ZIP_LIMITS: ZipLimits = { maxEntries: 2000, maxTotalBytes: 200 * 1024 * 1024, maxRatio: 200 };

export type ZipVerdict = { readonly ok: true; readonly kind: FileKind } | { readonly ok: false; readonly refusal: 'archive' | 'polyglot' | 'damaged' };

interface Entry {
  readonly name: string;
  readonly compressed: number;
  readonly uncompressed: number;
  readonly method: number;
  readonly localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ODF_TYPES: Record<string, FileKind> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};

function findEndRecord(bytes: Buffer): number {
  // The end record is 22 bytes plus a comment of at most 65535 bytes.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) if (bytes.readUInt32LE(at) === EOCD) return at;
  return -1;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function badName(raw: Buffer): boolean {
  if (raw.length === 0 || raw.length > 255) return true;
  let name: string;
  try {
    name = utf8.decode(raw);
  } catch {
    return true;
  }
  return /[\u0000-\u001f\u007f\\]/.test(name) || name.startsWith('/') || /^[a-z]:/i.test(name) || name.split('/').some((part) => part === '..' || part === '.');
}

export function checkZip(bytes: Buffer, limits: ZipLimits = ZIP_LIMITS): ZipVerdict {
  const fail = (refusal: 'archive' | 'polyglot' | 'damaged'): ZipVerdict => ({ ok: false, refusal });
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== LOCAL) return fail('damaged');
  const end = findEndRecord(bytes);
  if (end < 0) return fail('damaged');
  const count = bytes.readUInt16LE(end + 10);
  const directorySize = bytes.readUInt32LE(end + 12);
  const directoryAt = bytes.readUInt32LE(end + 16);
  const commentLength = bytes.readUInt16LE(end + 20);
  if (count === 0xffff || directorySize === 0xffffffff || directoryAt === 0xffffffff) return fail('archive');
  if (bytes.readUInt16LE(end + 8) !== count || bytes.readUInt16LE(end + 4) !== 0) return fail('archive');
  if (end + 22 + commentLength !== bytes.length || directoryAt + directorySize !== end) return fail('polyglot');
  if (count > limits.maxEntries) return fail('archive');

  const entries: Entry[] = [];
  const names = new Set<string>();
  let total = 0;
  let at = directoryAt;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL) return fail('damaged');
    const nameLength = bytes.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    if (next > end) return fail('damaged');
    const raw = bytes.subarray(at + 46, at + 46 + nameLength);
    if (badName(raw)) return fail('archive');
    const entry: Entry = {
      name: raw.toString('utf8'),
      method: bytes.readUInt16LE(at + 10),
      compressed: bytes.readUInt32LE(at + 20),
      uncompressed: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
    };
    if (names.has(entry.name)) return fail('archive');
    names.add(entry.name);
    if (entry.localOffset >= directoryAt || entry.compressed > directoryAt) return fail('damaged');
    total += entry.uncompressed;
    if (total > limits.maxTotalBytes) return fail('archive');
    if (entry.uncompressed > 0 && (entry.compressed === 0 || entry.uncompressed / entry.compressed > limits.maxRatio)) return fail('archive');
    entries.push(entry);
    at = next;
  }
  if (at !== end) return fail('damaged');
  if ([...names].some((n) => /(^|\/)vbaProject\.bin$/i.test(n) || /^(Basic|Scripts)\//.test(n))) return fail('archive');
  const kind = officeKind(bytes, entries, names);
  return kind ? { ok: true, kind } : fail('archive');
}

/**
 * OOXML: [Content_Types].xml and the main part (word/document.xml, xl/workbook.xml,
 * ppt/presentation.xml). ODF: a first entry 'mimetype', stored uncompressed, whose bytes name an
 * ODF text/spreadsheet/presentation type, with content.xml and META-INF/manifest.xml.
 */
function officeKind(bytes: Buffer, entries: readonly Entry[], names: ReadonlySet<string>): FileKind | null {
  if (names.has('[Content_Types].xml')) {
    const parts: Array<[string, FileKind]> = [['word/document.xml', 'docx'], ['xl/workbook.xml', 'xlsx'], ['ppt/presentation.xml', 'pptx']];
    const found = parts.filter(([part]) => names.has(part));
    return found.length === 1 ? found[0][1] : null;
  }
  const first = entries[0];
  if (!first || first.name !== 'mimetype' || first.method !== 0 || first.localOffset !== 0) return null;
  if (!names.has('content.xml') || !names.has('META-INF/manifest.xml')) return null;
  const dataAt = 30 + bytes.readUInt16LE(26) + bytes.readUInt16LE(28);
  const type = bytes.subarray(dataAt, dataAt + first.compressed).toString('latin1');
  return ODF_TYPES[type] ?? null;
}
