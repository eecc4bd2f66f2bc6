import { CSV_BOM, csvField, csvStream, toCsv, type CsvRow } from '../../src/panels/reviews/csv';

/** A minimal RFC 4180 reader, to check that what we write reads back to what we meant. */
function parseCsv(csv: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = csv.startsWith(CSV_BOM) ? 1 : 0;
  while (i < csv.length) {
    const ch = csv[i];
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && csv[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += ch;
    i += 1;
  }
  return records;
}

async function* fromArray(rows: CsvRow[]): AsyncIterable<CsvRow> {
  for (const row of rows) yield row;
}

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

describe('toCsv', () => {
  it('starts with a UTF-8 byte order mark and ends every record with CRLF', () => {
    const csv = toCsv(['a', 'b'], [['1', '2'], ['3', '4']]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe('\uFEFFa,b\r\n1,2\r\n3,4\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('writes the header alone when there are no rows', () => {
    expect(toCsv(['id', 'title'], [])).toBe('\uFEFFid,title\r\n');
  });

  it.each<[string, string, string]>([
    ['a comma', 'a, b', '"a, b"'],
    ['a double quote', 'say "hi"', '"say ""hi"""'],
    ['a line feed', 'line 1\nline 2', '"line 1\nline 2"'],
    ['a CRLF', 'line 1\r\nline 2', '"line 1\r\nline 2"'],
    ['plain text', 'plain', 'plain'],
    ['an empty string', '', ''],
  ])('quotes a field with %s as RFC 4180 says', (_what, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['=', '=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['+', '+33 6 12 34 56 78', "'+33 6 12 34 56 78"],
    ['-', '-2+3', "'-2+3"],
    ['@', '@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['a tab', '\t=1+1', "'\t=1+1"],
    ['a carriage return', '\r=1+1', `"'\r=1+1"`],
  ])('neutralises a text field starting with %s', (_what, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('leaves a formula character alone when it is not the first one', () => {
    expect(csvField('1+1=2')).toBe('1+1=2');
    expect(csvField('mail: a@b.fr')).toBe('mail: a@b.fr');
  });

  it('writes numbers as numbers, negative ones included', () => {
    expect(toCsv(['n'], [[-5], [3.25], [0], [Number.NaN]])).toBe('\uFEFFn\r\n-5\r\n3.25\r\n0\r\n\r\n');
  });

  it('writes booleans, empty values and dates (ISO 8601, UTC)', () => {
    const when = new Date(Date.UTC(2025, 2, 12, 13, 30, 5, 120));
    expect(toCsv(['d', 'b', 'n', 'u'], [[when, true, null, undefined], [new Date('invalid'), false, '', '']])).toBe(
      '\uFEFFd,b,n,u\r\n2025-03-12T13:30:05.120Z,true,,\r\n,false,,\r\n',
    );
  });

  it('neutralises the header too', () => {
    expect(toCsv(['=cmd', 'ok'], [])).toBe("\uFEFF'=cmd,ok\r\n");
  });

  it('round-trips French accents and other Unicode text', () => {
    const rows = [['Très bien, merci à l’équipe', 'Œuvre « déjà vue » — ça va', 'naïve café 日本 😀']];
    const csv = toCsv(['a', 'b', 'c'], rows);
    const bytes = Buffer.from(csv, 'utf8');
    const decoded = bytes.toString('utf8');
    expect(parseCsv(decoded)).toEqual([['a', 'b', 'c'], ...rows]);
  });

  it('reads back every field as written, quotes, commas and line breaks included', () => {
    const rows = [['He said "no", then left', 'two\r\nlines', 'lf\nonly', ' padded ']];
    expect(parseCsv(toCsv(['x', 'y', 'z', 'w'], rows))).toEqual([['x', 'y', 'z', 'w'], ...rows]);
  });

  it('refuses a row whose length differs from the header', () => {
    expect(() => toCsv(['a', 'b'], [['1']])).toThrow(RangeError);
  });
});

describe('csvStream', () => {
  const header = ['id', 'title', 'rating', 'created_at'];
  const rows: CsvRow[] = [
    ['r1', 'Super cours, très clair', 5, new Date(Date.UTC(2025, 0, 2))],
    ['r2', '=1+1', 2, null],
    ['r3', 'deux\nlignes', 4, undefined],
  ];

  it('yields the BOM first and joins to exactly what toCsv writes', async () => {
    const chunks = await collect(csvStream(header, fromArray(rows)));
    expect(chunks[0].startsWith(CSV_BOM)).toBe(true);
    expect(chunks.join('')).toBe(toCsv(header, rows));
  });

  it('splits a large export into several chunks that still join to toCsv', async () => {
    const many: CsvRow[] = Array.from({ length: 2000 }, (_, i) => [`r${i}`, `Avis numéro ${i}, plutôt "bien"`, i % 5, null]);
    const chunks = await collect(csvStream(header, fromArray(many)));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.slice(1).some((c) => c.includes(CSV_BOM))).toBe(false);
    expect(chunks.join('')).toBe(toCsv(header, many));
  });

  it('streams the header alone when there are no rows', async () => {
    expect(await collect(csvStream(header, fromArray([])))).toEqual([toCsv(header, [])]);
  });

  it('accepts a synchronous iterable as well', async () => {
    expect((await collect(csvStream(header, rows))).join('')).toBe(toCsv(header, rows));
  });
});
