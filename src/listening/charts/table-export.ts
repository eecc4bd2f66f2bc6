/**
 * CSV and JSON files of a chart's table. CSV goes through the project's one writer (BOM, CRLF,
 * formula-injection guard: marker labels are typed by instructors); headers are the column labels in
 * the reader's language. JSON keys are the stable column keys, for scripts.
 */
import { toCsv as writeCsv } from '../../panels/reviews/csv';
import type { ChartTable } from './chart-table';

export function toCsv(table: ChartTable): string {
  return writeCsv(
    table.columns.map((column) => column.label),
    table.rows.map((row) => row.map((cell) => cell.value)),
  );
}

export function toJson(table: ChartTable): string {
  const rows = table.rows.map((row) => Object.fromEntries(table.columns.map((column, i) => [column.key, row[i]?.value ?? null])));
  return JSON.stringify({ caption: table.caption, columns: table.columns.map(({ key, label }) => ({ key, label })), rows });
}
