/**
 * CSV exports (RFC 4180) that open correctly in spreadsheet programs and cannot run formulas.
 *
 * - UTF-8 with a byte order mark: without it, Excel reads the file in the system's legacy code page
 *   and French accents come out garbled.
 * - CRLF after every record, as RFC 4180 asks; fields with commas, quotes, CR or LF are quoted.
 * - Formula injection (OWASP, "CSV Injection"): learners write the text, instructors open the file.
 *   A text field starting with "=", "+", "-", "@", tab or CR is prefixed with an apostrophe so the
 *   spreadsheet shows it as text instead of evaluating it. Numbers are written as numbers, since a
 *   real number cannot carry a formula.
 * - Dates as ISO 8601 in UTC, which spreadsheets recognise whatever the reader's locale.
 */

export type CsvValue = string | number | boolean | Date | null | undefined;

export type CsvRow = ReadonlyArray<CsvValue>;

export const CSV_BOM = '\uFEFF';

const EOL = '\r\n';

/** Characters that make a spreadsheet treat a cell as a formula (or, for tab and CR, hide one). */
const FORMULA_START = /^[=+\-@\t\r]/u;

const NEEDS_QUOTES = /[",\r\n]/u;

/** Chunks of about this many characters keep a large export from becoming one write per row. */
const CHUNK_SIZE = 16 * 1024;

function text(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One field, neutralised and quoted as needed. */
export function csvField(value: CsvValue): string {
  const field = text(value);
  return NEEDS_QUOTES.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

function record(fields: CsvRow, width: number, index: number): string {
  // A short or long row would shift every later column under the wrong heading in the spreadsheet.
  if (fields.length !== width) {
    throw new RangeError(`CSV row ${index} has ${fields.length} fields, the header has ${width}`);
  }
  return fields.map(csvField).join(',') + EOL;
}

/** The whole file as one string: BOM, header, then each row, every record ending in CRLF. */
export function toCsv(header: string[], rows: Iterable<CsvRow>): string {
  let out = CSV_BOM + record(header, header.length, 0);
  let index = 1;
  for (const row of rows) out += record(row, header.length, index++);
  return out;
}

/**
 * The same file in chunks, for exports too large to build in memory. The first chunk starts with
 * the BOM and the header; joined, the chunks equal `toCsv` of the same rows.
 */
export async function* csvStream(
  header: string[],
  rows: AsyncIterable<CsvRow> | Iterable<CsvRow>,
): AsyncIterable<string> {
  let pending = CSV_BOM + record(header, header.length, 0);
  let index = 1;
  for await (const row of rows) {
    pending += record(row, header.length, index++);
    if (pending.length >= CHUNK_SIZE) {
      yield pending;
      pending = '';
    }
  }
  if (pending.length > 0) yield pending;
}
