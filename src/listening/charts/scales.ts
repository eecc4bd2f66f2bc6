/**
 * Scales: functions from data (a rating, a moment) to a position in the plot. Out-of-domain values
 * are clamped, so a wrong bucket can never draw outside the chart.
 */
export type Scale = (value: number) => number;

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const lo = Math.min(d0, d1);
  const hi = Math.max(d0, d1);
  // A flat domain (one value) has no slope: put everything in the middle of the range.
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (value) => {
    const clamped = Math.min(hi, Math.max(lo, value));
    return r0 + ((clamped - d0) / (d1 - d0)) * (r1 - r0);
  };
}

/** Moments as milliseconds since the epoch, on the same linear rule. */
export function timeScale(domain: readonly [Date, Date], range: readonly [number, number]): (at: Date) => number {
  const scale = linearScale([domain[0].getTime(), domain[1].getTime()], range);
  return (at) => scale(at.getTime());
}

const DAY_MS = 86_400_000;

/**
 * The time a chart spans: from the first point to the last, widened by half the usual gap between
 * points on each side so that the first and last bars are not cut by the plot's edges. One point
 * (or points all on one day) gets a day either side and stands in the middle.
 */
export function timeDomain(moments: readonly Date[]): [Date, Date] {
  const times = moments.map((at) => at.getTime()).filter(Number.isFinite).sort((a, b) => a - b);
  // Nothing to place: any fixed span will do (the charts draw no date labels then); never the clock,
  // so the same figures always give the same drawing.
  if (times.length === 0) return [new Date(0), new Date(2 * DAY_MS)];
  const first = times[0];
  const last = times[times.length - 1];
  const pad = last === first ? DAY_MS : medianGap(times) / 2;
  return [new Date(first - pad), new Date(last + pad)];
}

/** The median distance between consecutive moments (sorted), 0 for fewer than two. */
export function medianGap(sortedTimes: readonly number[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < sortedTimes.length; i++) if (sortedTimes[i] > sortedTimes[i - 1]) gaps.push(sortedTimes[i] - sortedTimes[i - 1]);
  if (gaps.length === 0) return DAY_MS;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

/** Integer ticks of a rating axis: 1, 2, 3, 4, 5 for [1, 5]. */
export function ratingTicks(domain: readonly [number, number]): number[] {
  const ticks: number[] = [];
  for (let value = Math.ceil(Math.min(...domain)); value <= Math.floor(Math.max(...domain)); value++) ticks.push(value);
  return ticks;
}
