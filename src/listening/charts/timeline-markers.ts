/**
 * Course versions and corrective actions on a chart's timeline: a vertical rule at the day and a
 * numbered tag above the plot, with the words in a key under the chart (a 280-unit chart has no room
 * for "Spring 2027 session" beside each rule). Tags that would touch move to a second or third row.
 * Markers outside the period are not drawn but stay in the key and the table.
 */
import type { Locale } from '../../context/launch-context';
import { translate } from '../../i18n/translate';
import { FONT, type PlotArea, round, textWidth } from './chart-geometry';
import { type ChartTable, dayCell, textCell } from './chart-table';

export type MarkerKind = 'version' | 'action';

export interface TimelineMarker {
  readonly at: Date;
  readonly label: string;
  readonly kind: MarkerKind;
}

export interface DrawnMarker {
  readonly number: number;
  readonly kind: MarkerKind;
  readonly x: number;
  readonly tagX: number;
  readonly tagY: number;
  readonly tagWidth: number;
  readonly textY: number;
}

export interface MarkerKeyItem {
  readonly number: number | null;
  readonly kind: MarkerKind;
  readonly kindText: string;
  readonly dateText: string;
  readonly label: string;
  readonly outside: boolean;
  /** The whole line of the key: "Course version, 3 Mar 2027: Spring 2027 session". */
  readonly text: string;
}

export interface MarkerLayout {
  readonly drawn: readonly DrawnMarker[];
  readonly key: readonly MarkerKeyItem[];
  /** Height the tags need above the plot (0 when none is drawn). */
  readonly bandHeight: number;
  readonly table: ChartTable | null;
}

const TAG_HEIGHT = 14;
const ROW_PITCH = 16;
const MAX_ROWS = 3;

/** Moments and labels as given (a marker with an invalid date is dropped: it has no place at all). */
function validMarkers(markers: readonly TimelineMarker[]): TimelineMarker[] {
  return markers.filter((m) => m.at instanceof Date && Number.isFinite(m.at.getTime())).sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * Lays the markers out for a plot whose top edge is not known yet: tag positions are relative to the
 * band's top (0); the chart adds its own offset.
 */
export function layoutMarkers(markers: readonly TimelineMarker[], domain: readonly [Date, Date], x: (at: Date) => number, plot: Pick<PlotArea, 'left' | 'right'>, locale: Locale): MarkerLayout {
  const sorted = validMarkers(markers);
  const rowRight: number[] = [];
  const drawn: DrawnMarker[] = [];
  const key: MarkerKeyItem[] = [];
  let number = 0;
  for (const marker of sorted) {
    const outside = marker.at < domain[0] || marker.at > domain[1];
    const kindText = translate(locale, marker.kind === 'version' ? 'charts.marker.version' : 'charts.marker.action');
    const dateText = dayCell(marker.at, locale).text;
    const line = translate(locale, 'charts.marker.line', { kind: kindText, date: dateText, label: marker.label });
    const text = outside ? `${line} ${translate(locale, 'charts.marker.outside')}` : line;
    const item = { kind: marker.kind, kindText, dateText, label: marker.label, outside, text };
    if (outside) {
      key.push({ ...item, number: null });
      continue;
    }
    number += 1;
    const at = x(marker.at);
    const tagWidth = Math.max(TAG_HEIGHT, textWidth(String(number), FONT.marker) + 5);
    const tagX = Math.min(plot.right - tagWidth / 2, Math.max(plot.left + tagWidth / 2, at)) - tagWidth / 2;
    let row = rowRight.findIndex((right) => tagX >= right + 2);
    if (row === -1) row = rowRight.length < MAX_ROWS ? rowRight.length : rowRight.indexOf(Math.min(...rowRight));
    rowRight[row] = tagX + tagWidth;
    const tagY = row * ROW_PITCH;
    drawn.push({ number, kind: marker.kind, x: round(at), tagX: round(tagX), tagY, tagWidth: round(tagWidth), textY: tagY + TAG_HEIGHT - 3.5 });
    key.push({ ...item, number });
  }
  const bandHeight = rowRight.length === 0 ? 0 : rowRight.length * ROW_PITCH;
  return { drawn, key, bandHeight, table: markerTable(sorted, key, locale) };
}

function markerTable(sorted: readonly TimelineMarker[], key: readonly MarkerKeyItem[], locale: Locale): ChartTable | null {
  if (sorted.length === 0) return null;
  const t = (k: Parameters<typeof translate>[1]) => translate(locale, k);
  return {
    caption: t('charts.markers.caption'),
    columns: [
      { key: 'date', label: t('charts.column.date'), numeric: false },
      { key: 'kind', label: t('charts.column.kind'), numeric: false },
      { key: 'what', label: t('charts.column.what'), numeric: false },
    ],
    rows: sorted.map((marker, i) => [
      dayCell(marker.at, locale),
      { text: key[i].kindText, value: marker.kind },
      key[i].outside ? { text: `${marker.label} ${t('charts.marker.outside')}`, value: marker.label } : textCell(marker.label),
    ]),
  };
}
