/**
 * A tiny trend line for the cross-course view, as a view model for views/partials/charts/sparkline.ejs.
 * It has no axes, so its accessible name says what it shows: "Average rating rising from 3.8 to 4.2
 * over 90 days" ("… de 3,8 à 4,2 sur 90 jours"). The trend word follows the figures as written (one
 * decimal): 4.21 against 4.24 reads "steady at 4.2", never "rising from 4.2 to 4.2".
 */
import type { Locale } from '../../context/launch-context';
import { formatAverage } from '../../i18n/format';
import { translate } from '../../i18n/translate';
import { isDrawable, round } from './chart-geometry';
import { chartId } from './chart-id';
import { linePath } from './line-path';
import { linearScale, timeScale } from './scales';

export interface SparklineInput {
  readonly points: ReadonlyArray<{ readonly at: Date; readonly value: number | null }>;
  readonly locale: Locale;
  /** The window the points cover ("over 90 days"); by default from the first point to the last. */
  readonly days?: number;
  /** Something that tells this course's sparkline from the others (its title), for the id. */
  readonly about?: string;
  readonly id?: string;
}

export interface Sparkline {
  readonly kind: 'sparkline';
  readonly id: string;
  readonly titleId: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly line: string;
  /** The latest value as a dot (also the only mark when a single bucket has ratings). */
  readonly end: { readonly cx: number; readonly cy: number } | null;
}

const WIDTH = 96;
const HEIGHT = 24;
const PAD = 3;
/** A range narrower than one star is widened to one, so noise of a tenth does not look like a cliff. */
const MIN_SPAN = 1;
const DAY_MS = 86_400_000;

export function sparkline(input: SparklineInput): Sparkline {
  const points = input.points.filter((p) => p.at instanceof Date && Number.isFinite(p.at.getTime())).slice().sort((a, b) => a.at.getTime() - b.at.getTime());
  const rated = points.filter((p) => isDrawable(p.value)) as Array<{ at: Date; value: number }>;
  const days = input.days ?? (points.length > 1 ? Math.round((points[points.length - 1].at.getTime() - points[0].at.getTime()) / DAY_MS) : 0);
  const name = sparklineName(rated.map((p) => p.value), Math.max(0, Math.round(days)), input.locale);
  const id = chartId('trend', [input.about ?? '', name, ...points.map((p) => `${p.at.getTime()}=${p.value}`)], input.id);

  const first = points[0]?.at ?? new Date(0);
  const last = points[points.length - 1]?.at ?? first;
  const x = last > first ? timeScale([first, last], [PAD, WIDTH - PAD]) : () => WIDTH / 2;
  const values = rated.map((p) => p.value);
  const lo = Math.min(...values, Infinity);
  const hi = Math.max(...values, -Infinity);
  const middle = (lo + hi) / 2;
  const span = Math.max(MIN_SPAN, hi - lo);
  const y = linearScale([middle - span / 2, middle + span / 2], [HEIGHT - PAD, PAD]);
  const plotted = points.map((p) => ({ x: x(p.at), y: isDrawable(p.value) ? y(p.value) : null }));
  const latest = rated[rated.length - 1];
  return {
    kind: 'sparkline',
    id,
    titleId: `${id}-title`,
    name,
    width: WIDTH,
    height: HEIGHT,
    line: linePath(plotted),
    end: latest ? { cx: round(x(latest.at)), cy: round(y(latest.value)) } : null,
  };
}

/** The accessible name from the first and last rated buckets, in the page's language. */
export function sparklineName(values: readonly number[], days: number, locale: Locale): string {
  const period = translate(locale, 'charts.days', { count: days });
  if (values.length === 0) return translate(locale, 'charts.sparkline.none', { period });
  const from = formatAverage(locale, values[0]);
  const to = formatAverage(locale, values[values.length - 1]);
  if (values.length === 1) return translate(locale, 'charts.sparkline.single', { to, period });
  if (from === to) return translate(locale, 'charts.sparkline.steady', { to, period });
  const rising = values[values.length - 1] > values[0];
  return translate(locale, rising ? 'charts.sparkline.rising' : 'charts.sparkline.falling', { from, to, period });
}
