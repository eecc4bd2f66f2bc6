/**
 * Images lose their metadata before they are stored, by rewriting their container without the
 * segments, chunks or blocks that carry it; the pixels are copied byte for byte (no re-encoding,
 * so no image library and no decoder exposed to hostile pixels). Each function returns null when
 * the structure is broken (the file is then refused as damaged).
 * - JPEG (ITU T.81 B.1.1): keeps SOI, APP0 (JFIF), APP2 ICC_PROFILE, APP14 (Adobe colour
 *   transform) and every non-APP marker; drops APP1 (EXIF, XMP), APP13 (IPTC/Photoshop), the other
 *   APPn and COM. Everything from the first SOS on is copied as is.
 * - PNG (ISO 15948 5.3): keeps critical chunks and the rendering ones (PLTE, tRNS, gAMA, cHRM,
 *   sRGB, iCCP, sBIT, bKGD, pHYs, and acTL/fcTL/fdAT of animated PNG); drops tEXt, zTXt, iTXt,
 *   eXIf, tIME and every other ancillary chunk; stops at IEND (trailing bytes dropped).
 * - WebP (RIFF container spec): drops the EXIF and XMP chunks, clears their flags in VP8X, and
 *   rewrites the RIFF size; bytes after the RIFF size are dropped.
 * - GIF (GIF89a spec): drops comment extensions and application extensions other than the
 *   looping one (NETSCAPE2.0 / ANIMEXTS1.0), XMP included; stops at the trailer.
 */

export function stripJpeg(bytes: Buffer): Buffer | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xda) {
      kept.push(bytes.subarray(at));
      return Buffer.concat(kept);
    }
    if (marker === 0xd9) return Buffer.concat([...kept, bytes.subarray(at, at + 2)]);
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > bytes.length) return null;
    const segment = bytes.subarray(at, at + 2 + length);
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const keep =
      !isApp && marker !== 0xfe
        ? true
        : marker === 0xe0 || marker === 0xee || (marker === 0xe2 && segment.subarray(4, 16).toString('latin1') === 'ICC_PROFILE\0');
    if (keep) kept.push(segment);
    at += 2 + length;
  }
  return null;
}

const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'bKGD', 'pHYs', 'acTL', 'fcTL', 'fdAT']);

export function stripPng(bytes: Buffer): Buffer | null {
  if (bytes.length < 8) return null;
  const kept: Buffer[] = [bytes.subarray(0, 8)];
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.subarray(at + 4, at + 8).toString('latin1');
    const next = at + 12 + length;
    if (next > bytes.length || !/^[A-Za-z]{4}$/.test(type)) return null;
    if (PNG_KEEP.has(type)) kept.push(bytes.subarray(at, next));
    if (type === 'IEND') return Buffer.concat(kept);
    at = next;
  }
  return null;
}

export function stripWebp(bytes: Buffer): Buffer | null {
  if (bytes.length < 12) return null;
  const riffEnd = 8 + bytes.readUInt32LE(4);
  if (riffEnd > bytes.length || riffEnd < 12) return null;
  const kept: Buffer[] = [];
  let at = 12;
  while (at + 8 <= riffEnd) {
    const fourcc = bytes.subarray(at, at + 4).toString('latin1');
    const size = bytes.readUInt32LE(at + 4);
    const next = at + 8 + size + (size % 2);
    if (next > riffEnd) return null;
    if (fourcc !== 'EXIF' && fourcc !== 'XMP ') {
      const chunk = Buffer.from(bytes.subarray(at, next));
      // VP8X flags byte: bit 3 = EXIF present, bit 2 = XMP present.
      if (fourcc === 'VP8X' && size >= 1) chunk[8] &= ~0b1100;
      kept.push(chunk);
    }
    at = next;
  }
  if (at !== riffEnd) return null;
  const body = Buffer.concat(kept);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}

/** Sub-blocks from `at`: returns the offset after the 0 terminator, or -1 when they run past the end. */
function skipSubBlocks(bytes: Buffer, at: number): number {
  while (at < bytes.length) {
    const size = bytes[at];
    if (size === 0) return at + 1;
    at += 1 + size;
  }
  return -1;
}

export function stripGif(bytes: Buffer): Buffer | null {
  if (bytes.length < 13) return null;
  const packed = bytes[10];
  let at = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0);
  if (at > bytes.length) return null;
  const kept: Buffer[] = [bytes.subarray(0, at)];
  while (at < bytes.length) {
    const introducer = bytes[at];
    if (introducer === 0x3b) {
      kept.push(bytes.subarray(at, at + 1));
      return Buffer.concat(kept);
    }
    let next: number;
    let keep = true;
    if (introducer === 0x21) {
      const label = bytes[at + 1];
      next = skipSubBlocks(bytes, at + 2);
      if (label === 0xfe) keep = false;
      if (label === 0xff) {
        const id = bytes.subarray(at + 3, at + 14).toString('latin1');
        keep = id === 'NETSCAPE2.0' || id === 'ANIMEXTS1.0';
      }
    } else if (introducer === 0x2c) {
      if (at + 10 > bytes.length) return null;
      const local = bytes[at + 9];
      const afterTable = at + 10 + (local & 0x80 ? 3 * 2 ** ((local & 0x07) + 1) : 0);
      next = skipSubBlocks(bytes, afterTable + 1); // +1: the LZW minimum code size
    } else {
      return null;
    }
    if (next < 0) return null;
    if (keep) kept.push(bytes.subarray(at, next));
    at = next;
  }
  return null;
}
