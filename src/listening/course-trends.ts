/**
 * The listening view's figures across courses, from the ratings per course and day
 * (ports/rating-days.ts): for each course, its ratings in the last 30 and 90 days against the 30 and
 * 90 days before, the change of average between them, and a confidence-adjusted average over the
 * last 90 days for ranking (the catalogue's Bayesian average: a course rated 5.0 by two people must
 * not outrank one rated 4.7 by sixty). One read of 180 days serves every course of a deployment.
 */
import { confidenceAdjustedRating } from '../catalogue/search/rank-score';
import type { ContextKey } from '../context/tenant';
import type { RatingDayTotals } from '../storage/ports/rating-days';
import { dayOf } from '../storage/shared/review-summary';
import { byContextId } from '../storage/shared/course-order';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The read the trends need: the last 180 days up to `now` (UTC), as the store's day keys. */
export function trendWindow(now: Date): { from: number; to: number } {
  return { from: dayOf(now.getTime() - 179 * DAY_MS), to: dayOf(now) };
}

export interface PeriodFigures {
  readonly count: number;
  readonly sum: number;
  /** null without ratings. */
  readonly average: number | null;
}

export interface CourseTrend {
  readonly course: ContextKey;
  readonly last30: PeriodFigures;
  readonly previous30: PeriodFigures;
  readonly last90: PeriodFigures;
  readonly previous90: PeriodFigures;
  /** Average of the last 30 days minus the 30 before; null when either has no rating. */
  readonly change30: number | null;
  readonly change90: number | null;
  /** The last 90 days' average pulled towards the deployment's mean, the more so the fewer its ratings. */
  readonly adjusted90: number;
}

const figures = (count: number, sum: number): PeriodFigures => ({ count, sum, average: count > 0 ? sum / count : null });
const change = (now: PeriodFigures, before: PeriodFigures): number | null =>
  now.average === null || before.average === null ? null : now.average - before.average;

/** Days before `now` (0 = today), from a YYYYMMDD key. */
function ageInDays(day: number, today: number): number {
  const utc = (key: number) => Date.UTC(Math.floor(key / 10000), (Math.floor(key / 100) % 100) - 1, key % 100);
  return Math.round((utc(today) - utc(day)) / DAY_MS);
}

const courseKey = (c: ContextKey) => JSON.stringify([c.issuer, c.clientId, c.deploymentId, c.contextId]);

/**
 * Every course that has a rating in the 180 days, ranked by its confidence-adjusted 90-day average
 * (then by its number of ratings, then by context id, so equal courses keep a stable order).
 */
export function courseTrends(days: readonly RatingDayTotals[], now: Date): CourseTrend[] {
  const today = dayOf(now);
  const sums = new Map<string, { course: ContextKey; counts: number[]; sums: number[] }>();
  for (const d of days) {
    const age = ageInDays(d.day, today);
    if (age < 0 || age >= 180) continue;
    const key = courseKey(d.course);
    let entry = sums.get(key);
    if (!entry) sums.set(key, (entry = { course: d.course, counts: [0, 0, 0, 0], sums: [0, 0, 0, 0] }));
    // Periods: 0 = last 30 days, 1 = the 30 before, 2 = days 60–89, 3 = the 90 days before the last 90.
    const period = age < 30 ? 0 : age < 60 ? 1 : age < 90 ? 2 : 3;
    entry.counts[period] += d.stats.count;
    entry.sums[period] += d.stats.sum;
  }
  let allCount = 0;
  let allSum = 0;
  for (const { counts, sums: s } of sums.values()) {
    allCount += counts[0] + counts[1] + counts[2];
    allSum += s[0] + s[1] + s[2];
  }
  const mean = allCount > 0 ? allSum / allCount : 3;
  const trends = [...sums.values()].map(({ course, counts, sums: s }): CourseTrend => {
    const last30 = figures(counts[0], s[0]);
    const previous30 = figures(counts[1], s[1]);
    const last90 = figures(counts[0] + counts[1] + counts[2], s[0] + s[1] + s[2]);
    const previous90 = figures(counts[3], s[3]);
    return {
      course,
      last30,
      previous30,
      last90,
      previous90,
      change30: change(last30, previous30),
      change90: change(last90, previous90),
      adjusted90: confidenceAdjustedRating(last90.average === null ? undefined : { average: last90.average, count: last90.count }, mean),
    };
  });
  return trends.sort(
    (a, b) => b.adjusted90 - a.adjusted90 || b.last90.count - a.last90.count || byContextId(a, b),
  );
}
