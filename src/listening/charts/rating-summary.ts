/**
 * The sentence a screen reader hears after a rating chart's title, written from the figures so that
 * it always matches them: the period, the lowest, highest and latest averages, the number of ratings
 * and of periods without any ("From 5 Jan 2026 to 29 Jun 2026: lowest 2.9, highest 3.9, latest 3.9.
 * 83 ratings in all. 6 periods without ratings.").
 */
import type { Locale } from '../../context/launch-context';
import { formatAverage } from '../../i18n/format';
import { translate } from '../../i18n/translate';
import { isDrawable } from './chart-geometry';
import { formatTickDate } from './time-ticks';

export interface SummarisedPoint {
  readonly at: Date;
  readonly value: number | null;
  readonly count: number;
}

/** Points sorted by date; an empty list says nothing (the chart's empty text speaks then). */
export function ratingSummary(points: readonly SummarisedPoint[], locale: Locale): string {
  if (points.length === 0) return '';
  const rated = points.filter((p) => isDrawable(p.value)) as Array<{ at: Date; value: number; count: number }>;
  const total = points.reduce((sum, p) => sum + (Number.isFinite(p.count) && p.count > 0 ? Math.round(p.count) : 0), 0);
  const gaps = points.length - rated.length;
  const parts: string[] = [];
  if (rated.length > 0) {
    const values = rated.map((p) => p.value);
    parts.push(
      translate(locale, 'charts.summary.range', {
        from: formatTickDate(points[0].at, locale, 'dayYear'),
        to: formatTickDate(points[points.length - 1].at, locale, 'dayYear'),
        lowest: formatAverage(locale, Math.min(...values)),
        highest: formatAverage(locale, Math.max(...values)),
        latest: formatAverage(locale, values[values.length - 1]),
      }),
      translate(locale, 'charts.summary.ratings', { count: total }),
    );
  }
  if (gaps > 0) parts.push(translate(locale, 'charts.summary.gaps', { count: gaps }));
  return parts.join(' ');
}
