/**
 * Builds ZIP archives byte by byte for the file-check tests (stored entries; sizes can be declared
 * falsely to play a zip bomb's directory without its gigabytes).
 */
export interface ZipEntrySpec {
  readonly name: string | Buffer;
  readonly data?: Buffer;
  /** Declared uncompressed size (defaults to the data's length). */
  readonly declaredSize?: number;
  /** Compression method (0 stored, 8 deflate); only declared. */
  readonly method?: number;
}

export function buildZip(entries: readonly ZipEntrySpec[], options: { prefix?: Buffer; suffix?: Buffer } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.isBuffer(e.name) ? e.name : Buffer.from(e.name, 'utf8');
    const data = e.data ?? Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method ?? 0, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(e.declaredSize ?? data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method ?? 0, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(e.declaredSize ?? data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([options.prefix ?? Buffer.alloc(0), ...locals, directory, end, options.suffix ?? Buffer.alloc(0)]);
}

export const DOCX_ENTRIES: ZipEntrySpec[] = [
  { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
  { name: '_rels/.rels', data: Buffer.from('<Relationships/>') },
  { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
];

export function odfEntries(type: string): ZipEntrySpec[] {
  return [
    { name: 'mimetype', data: Buffer.from(type, 'latin1') },
    { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
    { name: 'META-INF/manifest.xml', data: Buffer.from('<manifest:manifest/>') },
  ];
}
