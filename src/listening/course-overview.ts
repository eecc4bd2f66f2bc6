/**
 * The cross-course overview as a story: read the deployment's per-course figures (one call, grouped
 * reads) and its ratings per day over 180 days (one call), compute the trends, and put each course's
 * figures together, ranked by confidence-adjusted satisfaction. Pure apart from the two reads.
 *
 * Minimum number of ratings: a training manager is not staff of every course, and a rating from one
 * or two people is both noise and close to naming them; so, like the catalogue and the learners'
 * view, a course with fewer ratings over the 90 days than its own minimum shows no rating, trend or
 * sparkline here (its counts still show). Review texts are never read for this page.
 */
import type { ContextKey, DeploymentKey } from '../context/tenant';
import { DEFAULT_SETTINGS } from '../panels/settings/settings-defaults';
import type { Storage } from '../storage/port';
import type { CourseListeningFigures } from '../storage/ports/listening';
import type { DayRange, RatingDayTotals } from '../storage/ports/rating-days';
import { dayOf } from '../storage/shared/review-summary';
import { listeningWindow } from '../storage/shared/listening-figures';
import { courseTrends, trendWindow, type CourseTrend } from './course-trends';

const DAY_MS = 86_400_000;
/** The sparkline's buckets: 13 weeks ending today, so each point has enough ratings to mean something. */
export const SPARK_WEEKS = 13;

export interface CourseOverviewRow {
  readonly figures: CourseListeningFigures;
  readonly minRatings: number;
  /** Null for a course without any rating in the 180 days. */
  readonly trend: CourseTrend | null;
  /** Whether its ratings over 90 days reach its minimum (figures are shown only then). */
  readonly rated: boolean;
  /** Weekly averages of the last 13 weeks, oldest first (null: no rating that week). */
  readonly weeks: ReadonlyArray<{ readonly at: Date; readonly value: number | null }>;
  /** Rank by confidence-adjusted 90-day rating among rated courses (1 = best); null when not rated. */
  readonly rank: number | null;
}

export interface CourseOverview {
  readonly rows: readonly CourseOverviewRow[];
  readonly totals: { readonly courses: number; readonly ratings90: number; readonly average90: number | null; readonly needsAttention: number; readonly actionsOpen: number; readonly actionsOverdue: number };
}

const keyOf = (c: ContextKey) => c.contextId;

/** What the overview is assembled from: each course's figures and its ratings summed per day range. */
export interface OverviewParts {
  readonly figures: readonly CourseListeningFigures[];
  readonly days: readonly RatingDayTotals[];
}

/** The two reads, for every course of the deployment or (`courses`) just those context ids. */
export async function readOverviewParts(storage: Storage, deployment: DeploymentKey, now: Date, courses?: readonly string[]): Promise<OverviewParts> {
  const [figures, days] = await Promise.all([
    storage.listening.deploymentFigures(deployment, listeningWindow(now), courses),
    storage.ratingDays.deploymentRanges(deployment, overviewRanges(now), courses),
  ]);
  return { figures, days };
}

export async function courseOverview(storage: Storage, deployment: DeploymentKey, now: Date): Promise<CourseOverview> {
  const { figures, days } = await readOverviewParts(storage, deployment, now);
  return assembleOverview(deployment, figures, days, now);
}

/** Ages in days (0 = today) where a trend period (30, 60, 90, 180) or a sparkline week (7 … 91) ends. */
const RANGE_ENDS = [...new Set([30, 60, 90, 180, ...Array.from({ length: SPARK_WEEKS }, (_, i) => (i + 1) * 7)])].sort((a, b) => a - b);

/**
 * The day ranges the overview reads the ratings in: cut wherever a trend period or a sparkline week
 * ends, so no range straddles either and each range's total, dated its last day, lands in the same
 * period and week as each of its days would. 17 ranges over the 180 days instead of 180 days.
 */
export function overviewRanges(now: Date): DayRange[] {
  const window = trendWindow(now);
  const dayAt = (age: number) => dayOf(now.getTime() - age * DAY_MS);
  let newest = 0;
  return RANGE_ENDS.map((end) => {
    const range = { from: Math.max(window.from, dayAt(end - 1)), to: dayAt(newest) };
    newest = end;
    return range;
  });
}

export function assembleOverview(deployment: DeploymentKey, figures: readonly CourseListeningFigures[], days: readonly RatingDayTotals[], now: Date): CourseOverview {
  const trends = new Map(courseTrends(days, now).map((t) => [keyOf(t.course), t]));
  const weeks = weeklyAverages(days, now);
  const byCourse = new Map(figures.map((f) => [keyOf(f.course), f]));
  // A course with ratings but no other record still belongs in the table.
  for (const t of trends.values()) if (!byCourse.has(keyOf(t.course))) byCourse.set(keyOf(t.course), emptyFigures({ ...deployment, contextId: t.course.contextId }));

  const rows = [...byCourse.values()].map((f) => {
    const trend = trends.get(keyOf(f.course)) ?? null;
    const minRatings = f.minRatings ?? DEFAULT_SETTINGS.minRatings;
    const count90 = trend?.last90.count ?? 0;
    return { figures: f, minRatings, trend, rated: count90 > 0 && count90 >= minRatings, weeks: weeks.get(keyOf(f.course)) ?? emptyWeeks(now), rank: null as number | null };
  });
  // courseTrends already ranks by the adjusted rating; rated courses keep that order.
  const order = new Map([...trends.keys()].map((key, i) => [key, i]));
  const ranked = rows.filter((r) => r.rated).sort((a, b) => order.get(keyOf(a.figures.course))! - order.get(keyOf(b.figures.course))!);
  ranked.forEach((r, i) => (r.rank = i + 1));

  let ratings90 = 0;
  let sum90 = 0;
  for (const t of trends.values()) {
    ratings90 += t.last90.count;
    sum90 += t.last90.sum;
  }
  return {
    rows,
    totals: {
      courses: rows.length,
      ratings90,
      average90: ratings90 > 0 ? sum90 / ratings90 : null,
      needsAttention: rows.reduce((n, r) => n + r.figures.needsAttention, 0),
      actionsOpen: rows.reduce((n, r) => n + r.figures.actionsOpen, 0),
      actionsOverdue: rows.reduce((n, r) => n + r.figures.actionsOverdue, 0),
    },
  };
}

function emptyFigures(course: ContextKey): CourseListeningFigures {
  return { course, needsAttention: 0, reviews: 0, answered: 0, medianResponseMs: null, actionsOpen: 0, actionsOverdue: 0, buyIn: { opened: 0, launched: 0 }, participants: 0, learners: 0 };
}

const dayStart = (key: number) => Date.UTC(Math.floor(key / 10000), (Math.floor(key / 100) % 100) - 1, key % 100);

function weekStarts(now: Date): Date[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: SPARK_WEEKS }, (_, i) => new Date(today - (SPARK_WEEKS - i) * 7 * DAY_MS + DAY_MS));
}

function emptyWeeks(now: Date) {
  return weekStarts(now).map((at) => ({ at, value: null }));
}

/** Per course, the average of each of the last 13 weeks (the last one ends today). */
function weeklyAverages(days: readonly RatingDayTotals[], now: Date): Map<string, Array<{ at: Date; value: number | null }>> {
  const starts = weekStarts(now);
  const first = starts[0].getTime();
  const sums = new Map<string, { count: number[]; sum: number[] }>();
  for (const d of days) {
    const week = Math.floor((dayStart(d.day) - first) / (7 * DAY_MS));
    if (week < 0 || week >= SPARK_WEEKS) continue;
    let entry = sums.get(keyOf(d.course));
    if (!entry) sums.set(keyOf(d.course), (entry = { count: new Array(SPARK_WEEKS).fill(0), sum: new Array(SPARK_WEEKS).fill(0) }));
    entry.count[week] += d.stats.count;
    entry.sum[week] += d.stats.sum;
  }
  return new Map([...sums].map(([key, { count, sum }]) => [key, starts.map((at, i) => ({ at, value: count[i] > 0 ? sum[i] / count[i] : null }))]));
}
