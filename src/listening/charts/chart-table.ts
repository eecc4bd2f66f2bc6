/**
 * The data behind a chart as a table: what the disclosure under the chart shows (texts formatted in
 * the page's language) and what the CSV and JSON exports carry (raw values: numbers as numbers,
 * days as YYYY-MM-DD), built once so the picture, the table and the files cannot disagree.
 */
import type { Locale } from '../../context/launch-context';
import { formatAverage, formatNumber } from '../../i18n/format';
import { translate } from '../../i18n/translate';
import { formatTickDate } from './time-ticks';

export interface TableCell {
  /** As shown: "4,2", "5 janv. 2026", "Aucune note". */
  readonly text: string;
  /** As exported: 4.2, "2026-01-05", null. */
  readonly value: string | number | null;
}

export interface TableColumn {
  /** A stable name for the JSON export, whatever the language. */
  readonly key: string;
  readonly label: string;
  readonly numeric: boolean;
}

export interface ChartTable {
  readonly caption: string;
  /** The first column heads the rows (th scope="row"). */
  readonly columns: readonly TableColumn[];
  readonly rows: ReadonlyArray<readonly TableCell[]>;
}

export function dayCell(at: Date, locale: Locale): TableCell {
  return { text: formatTickDate(at, locale, 'dayYear'), value: Number.isNaN(at.getTime()) ? null : at.toISOString().slice(0, 10) };
}

/** An average to one decimal, or the words "No ratings" for an empty bucket. */
export function averageCell(value: number | null, locale: Locale): TableCell {
  if (value === null || !Number.isFinite(value)) return { text: translate(locale, 'charts.noRatings'), value: null };
  return { text: formatAverage(locale, value), value: Math.round(value * 100) / 100 };
}

export function countCell(count: number, locale: Locale): TableCell {
  const safe = Number.isFinite(count) && count > 0 ? Math.round(count) : 0;
  return { text: formatNumber(locale, safe), value: safe };
}

export function textCell(text: string): TableCell {
  return { text, value: text };
}
