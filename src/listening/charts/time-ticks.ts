/**
 * Date labels under a time axis: the finest calendar step (days, weeks, months, years) whose labels
 * all fit side by side at the chart's width, so the 280-unit drawing never shows two labels on top
 * of each other. Labels are written by Intl.DateTimeFormat in the page's language, in UTC (buckets
 * are UTC days).
 */
import type { Locale } from '../../context/launch-context';
import { LOCALE_TAGS } from '../../i18n/format';
import { FONT, round, textWidth } from './chart-geometry';

export interface XTick {
  readonly x: number;
  readonly label: string;
  /** Where the label hangs from x: centred, or pushed inside the chart at its edges. */
  readonly anchor: 'start' | 'middle' | 'end';
}

type LabelStyle = 'day' | 'dayYear' | 'month' | 'monthYear' | 'year';

const FORMAT_OPTIONS: Record<LabelStyle, Intl.DateTimeFormatOptions> = {
  day: { day: 'numeric', month: 'short', timeZone: 'UTC' },
  dayYear: { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' },
  month: { month: 'short', timeZone: 'UTC' },
  monthYear: { month: 'short', year: 'numeric', timeZone: 'UTC' },
  year: { year: 'numeric', timeZone: 'UTC' },
};
const formatters = new Map<string, Intl.DateTimeFormat>();

/** "5 Jan", "5 janv.", "Jan 2026", "janv. 2026": one cached formatter per language and style. */
export function formatTickDate(at: Date, locale: Locale, style: LabelStyle): string {
  const key = `${locale}:${style}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(LOCALE_TAGS[locale], FORMAT_OPTIONS[style]);
    formatters.set(key, formatter);
  }
  return formatter.format(at);
}

interface Step {
  readonly unit: 'day' | 'month' | 'year';
  readonly every: number;
}
const STEPS: readonly Step[] = [
  { unit: 'day', every: 1 }, { unit: 'day', every: 2 }, { unit: 'day', every: 7 }, { unit: 'day', every: 14 },
  { unit: 'month', every: 1 }, { unit: 'month', every: 2 }, { unit: 'month', every: 3 }, { unit: 'month', every: 6 },
  { unit: 'year', every: 1 }, { unit: 'year', every: 2 }, { unit: 'year', every: 5 }, { unit: 'year', every: 10 }, { unit: 'year', every: 25 },
];

/** Calendar moments of one step inside [from, to]: UTC midnights, first days of months or years. */
function momentsOf(step: Step, from: Date, to: Date): Date[] {
  const moments: Date[] = [];
  const y = from.getUTCFullYear();
  let cursor =
    step.unit === 'day' ? new Date(Date.UTC(y, from.getUTCMonth(), from.getUTCDate()))
    : step.unit === 'month' ? new Date(Date.UTC(y, from.getUTCMonth(), 1))
    : new Date(Date.UTC(y, 0, 1));
  // Align weeks on Mondays, months on multiples of the step from January, years on round numbers.
  if (step.unit === 'day' && step.every >= 7) cursor = new Date(cursor.getTime() + (((8 - cursor.getUTCDay()) % 7) * 86_400_000));
  if (step.unit === 'month') cursor = new Date(Date.UTC(y, cursor.getUTCMonth() - (cursor.getUTCMonth() % step.every), 1));
  if (step.unit === 'year') cursor = new Date(Date.UTC(y - (y % step.every), 0, 1));
  for (let guard = 0; cursor <= to && guard < 10_000; guard++) {
    if (cursor >= from) moments.push(cursor);
    cursor =
      step.unit === 'day' ? new Date(cursor.getTime() + step.every * 86_400_000)
      : step.unit === 'month' ? new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth() + step.every, 1))
      : new Date(Date.UTC(cursor.getUTCFullYear() + step.every, 0, 1));
  }
  return moments;
}

/**
 * The year is written once, on the first label, and again where a new year starts ("Nov 2026, Dec,
 * Jan 2027, Feb"): labels stay short, so more of them fit, and no label is ambiguous.
 */
function labelsOf(step: Step, moments: readonly Date[], locale: Locale): string[] {
  return moments.map((at, i) => {
    if (step.unit === 'year') return formatTickDate(at, locale, 'year');
    const newYear = i === 0 || at.getUTCFullYear() !== moments[i - 1].getUTCFullYear();
    if (step.unit === 'month') return formatTickDate(at, locale, newYear ? 'monthYear' : 'month');
    return formatTickDate(at, locale, newYear ? 'dayYear' : 'day');
  });
}

/** The gap kept between two labels, so that neighbours read as two. */
const LABEL_GAP = 4;

/**
 * Places labels at x, centred but kept inside [0, width], and says whether they all fit without
 * touching. Returns null when two would overlap.
 */
function placeLabels(xs: readonly number[], labels: readonly string[], width: number): XTick[] | null {
  const ticks: XTick[] = [];
  let previousRight = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const w = textWidth(labels[i], FONT.tick);
    let anchor: XTick['anchor'] = 'middle';
    let left = xs[i] - w / 2;
    if (left < 0) [anchor, left] = ['start', xs[i]];
    if (left + w > width) [anchor, left] = ['end', xs[i] - w];
    if (left < 0 || left < previousRight + LABEL_GAP) return null;
    previousRight = left + w;
    ticks.push({ x: round(xs[i]), label: labels[i], anchor });
  }
  return ticks;
}

/**
 * The finest step with at least two labels that fit; one label for a chart spanning a single day.
 * `x` maps a moment to the plot; `width` is the whole viewBox (labels may hang into the margins).
 */
export function timeTicks(domain: readonly [Date, Date], x: (at: Date) => number, width: number, locale: Locale): XTick[] {
  const [from, to] = domain;
  let fallback: XTick[] | null = null;
  for (const step of STEPS) {
    // Far more moments than could ever fit: skip without generating them (a daily step over years).
    const stepMs = (step.unit === 'day' ? 1 : step.unit === 'month' ? 28 : 365) * step.every * 86_400_000;
    if ((to.getTime() - from.getTime()) / stepMs > width / FONT.tick) continue;
    const moments = momentsOf(step, from, to);
    if (moments.length === 0) continue;
    const placed = placeLabels(moments.map(x), labelsOf(step, moments, locale), width);
    if (!placed) continue;
    if (placed.length >= 2) return placed;
    fallback ??= placed;
  }
  if (fallback) return fallback;
  // No calendar moment inside the domain (a chart of a few hours): label its middle.
  const middle = new Date((from.getTime() + to.getTime()) / 2);
  return placeLabels([x(middle)], [formatTickDate(middle, locale, 'dayYear')], width) ?? [];
}
