/**
 * The contribution file checks (src/contributions/files/), with hostile files built in the test:
 * wrong types, oversized, polyglots, zip bombs and name tricks, SVG with a script, images carrying
 * metadata.
 */
import { checkContributionFile } from '../../src/contributions/files/check-file';
import { attachmentDisposition, safeFileName } from '../../src/contributions/files/safe-name';
import { buildZip, DOCX_ENTRIES, odfEntries } from '../support/zip-builder';

const MAX = 64 * 1024;
const check = (bytes: Buffer, name = 'upload.bin') => checkContributionFile(bytes, name, { maxBytes: MAX });
const refusal = (bytes: Buffer, name?: string) => {
  const verdict = check(bytes, name);
  return verdict.ok ? `accepted as ${verdict.kind}` : verdict.refusal;
};

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, data, Buffer.alloc(4)]);
}
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (...extra: Buffer[]) =>
  Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', Buffer.alloc(13, 1)), ...extra, pngChunk('IDAT', Buffer.from('pixels')), pngChunk('IEND', Buffer.alloc(0))]);

function jpegSegment(marker: number, data: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}
const jpeg = (...segments: Buffer[]) =>
  Buffer.concat([Buffer.from([0xff, 0xd8]), jpegSegment(0xe0, Buffer.from('JFIF\0\x01\x02')), ...segments, jpegSegment(0xdb, Buffer.alloc(65, 1)), jpegSegment(0xda, Buffer.alloc(10, 2)), Buffer.from('scan-data'), Buffer.from([0xff, 0xd9])]);

function webpChunk(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}
function webp(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

const gif = (...blocks: Buffer[]) =>
  Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([1, 0, 1, 0, 0, 0, 0]), ...blocks, Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0]), Buffer.from([0x3b])]);

describe('contribution file checks', () => {
  it('accepts the allow-list by their bytes, whatever the name says, and names them with the detected type', () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF\n');
    expect(check(pdf, 'notes.exe')).toMatchObject({ ok: true, kind: 'pdf', contentType: 'application/pdf', name: 'notes.exe.pdf' });
    expect(check(png(), 'pic.png')).toMatchObject({ ok: true, kind: 'png', contentType: 'image/png', name: 'pic.png' });
    expect(check(jpeg())).toMatchObject({ ok: true, kind: 'jpeg' });
    expect(check(gif())).toMatchObject({ ok: true, kind: 'gif' });
    expect(check(webp(webpChunk('VP8 ', Buffer.alloc(10, 3))))).toMatchObject({ ok: true, kind: 'webp' });
    expect(check(buildZip(DOCX_ENTRIES), 'cv.docx')).toMatchObject({ ok: true, kind: 'docx', name: 'cv.docx' });
    expect(check(buildZip([...DOCX_ENTRIES.slice(0, 2), { name: 'xl/workbook.xml', data: Buffer.from('<w/>') }]))).toMatchObject({ ok: true, kind: 'xlsx' });
    expect(check(buildZip(odfEntries('application/vnd.oasis.opendocument.spreadsheet')))).toMatchObject({ ok: true, kind: 'ods' });
    expect(check(Buffer.from('Checklist:\n- gloves\n- été ✓\n'), 'list.txt')).toMatchObject({ ok: true, kind: 'text', contentType: 'text/plain' });
  });

  it('refuses empty and oversized files', () => {
    expect(refusal(Buffer.alloc(0))).toBe('empty');
    expect(refusal(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(MAX)]))).toBe('too-large');
  });

  it('refuses SVG and HTML in any form, a script inside included', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(refusal(svg, 'image.svg')).toBe('markup');
    expect(refusal(Buffer.from('\ufeff  <?xml version="1.0"?><svg/>'), 'x.txt')).toBe('markup');
    expect(refusal(Buffer.from('<!DOCTYPE html><p>hi'), 'page.txt')).toBe('markup');
    expect(refusal(Buffer.from('Notes\nthen <script>steal()</script>'), 'notes.txt')).toBe('markup');
  });

  it('refuses executables and binary data whatever their name', () => {
    expect(refusal(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]), 'doc.pdf')).toBe('executable');
    expect(refusal(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), 'a.txt')).toBe('executable');
    expect(refusal(Buffer.from('#!/bin/sh\nrm -rf /\n'), 'a.txt')).toBe('executable');
    expect(refusal(Buffer.from([0x61, 0x00, 0x62]), 'a.txt')).toBe('unknown-type');
    expect(refusal(Buffer.from([0xc3, 0x28]), 'a.txt')).toBe('unknown-type');
  });

  it('refuses polyglots: a ZIP glued to a PDF or an image, HTML inside an image, JavaScript in a PDF', () => {
    const pdfZip = Buffer.concat([Buffer.from('%PDF-1.4\n%%EOF\n'), buildZip(DOCX_ENTRIES)]);
    expect(refusal(pdfZip)).toBe('polyglot');
    expect(refusal(Buffer.concat([jpeg(), buildZip(DOCX_ENTRIES)]))).toBe('polyglot');
    expect(refusal(jpeg(jpegSegment(0xe0, Buffer.from('<html><script>alert(1)</script>'))))).toBe('polyglot');
    expect(refusal(Buffer.from('%PDF-1.7\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>'))).toBe('polyglot');
    expect(refusal(Buffer.from('%PDF-1.7\n<< /S /J#61vaScript >>'))).toBe('polyglot');
    expect(refusal(buildZip(DOCX_ENTRIES, { prefix: Buffer.from('GIF89a junk before') }))).toBe('damaged');
    expect(refusal(buildZip(DOCX_ENTRIES, { prefix: Buffer.from('%PDF-1.4 junk before') }))).toBe('polyglot');
    expect(refusal(buildZip(DOCX_ENTRIES, { suffix: Buffer.from('<html>trailing</html>') }))).toBe('polyglot');
  });

  it('refuses zip bombs by the central directory: too many entries, too much declared, too high a ratio', () => {
    const many = Array.from({ length: 2001 }, (_, i) => ({ name: `word/media/${i}.xml`, data: Buffer.from('x') }));
    const bigEnough = checkContributionFile(buildZip([...DOCX_ENTRIES, ...many]), 'x.docx', { maxBytes: 1024 * 1024 });
    expect(bigEnough).toEqual({ ok: false, refusal: 'archive' });
    const huge = [...DOCX_ENTRIES, { name: 'word/media/big.bin', data: Buffer.alloc(2_000_000 / 200), declaredSize: 2_000_000, method: 8 }, { name: 'word/media/big2.bin', data: Buffer.alloc(10), declaredSize: 250_000_000, method: 8 }];
    expect(refusal(buildZip(huge))).toBe('archive');
    expect(refusal(buildZip([...DOCX_ENTRIES, { name: 'word/media/ratio.bin', data: Buffer.alloc(100), declaredSize: 100 * 1000, method: 8 }]))).toBe('archive');
    expect(refusal(buildZip([...DOCX_ENTRIES, { name: 'word/media/zero.bin', data: Buffer.alloc(0), declaredSize: 5000, method: 8 }]))).toBe('archive');
  });

  it('refuses name tricks in office ZIPs: traversal, absolute, backslash, drive, overlong, duplicate, control, bad UTF-8', () => {
    for (const name of ['../evil.xml', 'word/../../evil', '/etc/passwd', 'word\\document.xml', 'C:/x.xml', 'a'.repeat(256), 'word/\u0001.xml', 'word/./a.xml']) {
      expect([name, refusal(buildZip([...DOCX_ENTRIES, { name, data: Buffer.from('x') }]))]).toEqual([name, 'archive']);
    }
    expect(refusal(buildZip([...DOCX_ENTRIES, { name: Buffer.from([0x77, 0xff, 0xfe]), data: Buffer.from('x') }]))).toBe('archive');
    expect(refusal(buildZip([...DOCX_ENTRIES, DOCX_ENTRIES[2]]))).toBe('archive');
  });

  it('refuses ZIPs that are not the office documents they claim, and macro projects', () => {
    expect(refusal(buildZip([{ name: 'payload.exe', data: Buffer.from('MZ') }]), 'x.docx')).toBe('archive');
    expect(refusal(buildZip([...DOCX_ENTRIES, { name: 'word/vbaProject.bin', data: Buffer.from('x') }]))).toBe('archive');
    expect(refusal(buildZip(odfEntries('application/x-unknown')))).toBe('archive');
    expect(refusal(buildZip([...odfEntries('application/vnd.oasis.opendocument.text'), { name: 'Basic/Standard/Module1.xml', data: Buffer.from('x') }]))).toBe('archive');
    expect(refusal(buildZip(DOCX_ENTRIES).subarray(0, 60))).toBe('damaged');
  });

  it('strips image metadata: JPEG EXIF/XMP/comments, PNG text and eXIf chunks, WebP EXIF/XMP, GIF comments and XMP', () => {
    const exif = jpegSegment(0xe1, Buffer.from('Exif\0\0GPS 48.85N 2.35E'));
    const xmp = jpegSegment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>author</x:xmpmeta>'));
    const comment = jpegSegment(0xfe, Buffer.from('shot by Jane at home'));
    const cleanJpeg = check(jpeg(exif, xmp, comment));
    expect(cleanJpeg.ok && cleanJpeg.bytes.equals(jpeg())).toBe(true);

    const cleanPng = check(png(pngChunk('tEXt', Buffer.from('Author\0Jane')), pngChunk('eXIf', Buffer.from('MM\0*GPS')), pngChunk('iTXt', Buffer.from('XML:com.adobe.xmp\0...')), pngChunk('pHYs', Buffer.alloc(9))));
    expect(cleanPng.ok && cleanPng.bytes.equals(png(pngChunk('pHYs', Buffer.alloc(9))))).toBe(true);
    const trailing = check(Buffer.concat([png(), Buffer.from('trailing secrets')]));
    expect(trailing.ok && trailing.bytes.equals(png())).toBe(true);

    const vp8x = Buffer.alloc(10);
    vp8x[0] = 0b1100;
    const cleanWebp = check(webp(webpChunk('VP8X', vp8x), webpChunk('VP8 ', Buffer.alloc(10, 3)), webpChunk('EXIF', Buffer.from('GPS here')), webpChunk('XMP ', Buffer.from('<x:xmpmeta/>'))));
    expect(cleanWebp.ok && cleanWebp.bytes.equals(webp(webpChunk('VP8X', Buffer.alloc(10)), webpChunk('VP8 ', Buffer.alloc(10, 3))))).toBe(true);

    const gifComment = Buffer.from([0x21, 0xfe, 5, ...Buffer.from('Jane!'), 0]);
    const gifXmp = Buffer.concat([Buffer.from([0x21, 0xff, 11]), Buffer.from('XMP DataXMP'), Buffer.from([4]), Buffer.from('meta'), Buffer.from([0])]);
    const loop = Buffer.concat([Buffer.from([0x21, 0xff, 11]), Buffer.from('NETSCAPE2.0'), Buffer.from([3, 1, 0, 0, 0])]);
    const cleanGif = check(gif(gifComment, gifXmp, loop));
    expect(cleanGif.ok && cleanGif.bytes.equals(gif(loop))).toBe(true);
  });

  it('refuses images whose structure is broken', () => {
    expect(refusal(png().subarray(0, 30))).toBe('damaged');
    expect(refusal(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 1, 2]))).toBe('damaged');
    expect(refusal(Buffer.concat([Buffer.from('RIFF'), Buffer.from([200, 0, 0, 0]), Buffer.from('WEBP')]))).toBe('damaged');
  });

  it('makes download names safe: no path, controls, bidi overrides or reserved characters, the detected extension', () => {
    expect(safeFileName('../../etc/passwd', 'txt')).toBe('passwd.txt');
    expect(safeFileName('C:\\Users\\x\\report.pdf', 'pdf')).toBe('report.pdf');
    expect(safeFileName('invoice\u202Egpj.exe', 'pdf')).toBe('invoicegpj.exe.pdf');
    expect(safeFileName('...', 'png')).toBe('file.png');
    expect(safeFileName('a<b>:"c|?*.txt', 'txt')).toBe('abc.txt');
    expect(safeFileName('x'.repeat(500), 'pdf')).toHaveLength(100);
    expect(attachmentDisposition('résumé "v2".pdf')).toBe(`attachment; filename="resume _v2_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v2%22.pdf`);
  });
});
