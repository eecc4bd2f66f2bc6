/**
 * The summary arithmetic every adapter shares. A published review contributes its rating to the
 * item's overall figures, to the monthly bucket of the month it was last rated in (UTC), to its
 * course's daily bucket of that day (the listening view's trends and timelines), and its aspect
 * ratings to the aspect sums; held and hidden reviews contribute nothing. Every write computes
 * the change between the review's contribution before and after it, and the adapter applies that
 * change in the same transaction as the write.
 */
import { ASPECTS, type AspectId } from '../ports/course-settings';
import type { Rating, RatingStats, ReviewStatus, ReviewSummary } from '../ports/reviews';

/** A month as the integer YYYYMM (UTC), the key of the monthly buckets. */
export function monthOf(at: Date | number): number {
  const d = new Date(at);
  return d.getUTCFullYear() * 100 + (d.getUTCMonth() + 1);
}

function monthIndex(month: number): number {
  return Math.floor(month / 100) * 12 + ((month % 100) - 1);
}

function monthFromIndex(index: number): number {
  return Math.floor(index / 12) * 100 + ((index % 12) + 1);
}

/** A day as the integer YYYYMMDD (UTC), the key of the daily buckets. */
export function dayOf(at: Date | number): number {
  const d = new Date(at);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/** The twelve buckets of "the last 12 months" at `now`: this month and the 11 before, oldest first. */
export function last12MonthKeys(now: Date): number[] {
  const current = monthIndex(monthOf(now));
  return Array.from({ length: 12 }, (_, i) => monthFromIndex(current - 11 + i));
}

/** The same window as an inclusive range of month keys (YYYYMM sorts as an integer). */
export function last12MonthRange(now: Date): { from: number; to: number } {
  const keys = last12MonthKeys(now);
  return { from: keys[0], to: keys[keys.length - 1] };
}

/** What one published review adds to its item's summary. */
export interface Contribution {
  readonly rating: Rating;
  readonly month: number;
  readonly day: number;
  readonly aspects: Readonly<Partial<Record<AspectId, Rating>>>;
}

export function contributionOf(review: {
  readonly status: ReviewStatus;
  readonly rating: Rating;
  readonly ratedAt: Date | number;
  readonly aspects: Readonly<Partial<Record<AspectId, Rating>>>;
}): Contribution | null {
  if (review.status !== 'published') return null;
  return { rating: review.rating, month: monthOf(review.ratedAt), day: dayOf(review.ratedAt), aspects: review.aspects };
}

export type Histogram = [number, number, number, number, number];

/** A signed change to one set of rating figures (overall, or one month). */
export interface StatsDelta {
  count: number;
  sum: number;
  histogram: Histogram;
}

export interface AspectDelta {
  count: number;
  sum: number;
}

/** A signed change to an item's summary; zero entries are left out so adapters write only what moves. */
export interface SummaryChange {
  /** Change in the number of reviews of the item in any status (countReviewers). */
  readonly reviewers: number;
  readonly overall: StatsDelta;
  readonly months: ReadonlyMap<number, StatsDelta>;
  /** Per day of the item's course (YYYYMMDD), not per item: the listening view reads courses. */
  readonly days: ReadonlyMap<number, StatsDelta>;
  readonly aspects: ReadonlyMap<AspectId, AspectDelta>;
}

const zeroStats = (): StatsDelta => ({ count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] });

export function isZeroStats(d: StatsDelta): boolean {
  return d.count === 0 && d.sum === 0 && d.histogram.every((n) => n === 0);
}

function addRating(d: StatsDelta, rating: Rating, sign: 1 | -1): void {
  d.count += sign;
  d.sum += sign * rating;
  d.histogram[rating - 1] += sign;
}

/**
 * The change from `before` to `after` (either may be null: not counted). `reviewers` is +1 when a
 * review is created, -1 when it is deleted, 0 otherwise.
 */
export function summaryChange(before: Contribution | null, after: Contribution | null, reviewers: -1 | 0 | 1): SummaryChange {
  const overall = zeroStats();
  const months = new Map<number, StatsDelta>();
  const days = new Map<number, StatsDelta>();
  const aspects = new Map<AspectId, AspectDelta>();
  const bucket = (buckets: Map<number, StatsDelta>, key: number): StatsDelta => {
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = zeroStats()));
    return b;
  };
  const apply = (c: Contribution, sign: 1 | -1): void => {
    addRating(overall, c.rating, sign);
    addRating(bucket(months, c.month), c.rating, sign);
    addRating(bucket(days, c.day), c.rating, sign);
    for (const aspect of ASPECTS) {
      const value = c.aspects[aspect];
      if (value === undefined) continue;
      let a = aspects.get(aspect);
      if (!a) aspects.set(aspect, (a = { count: 0, sum: 0 }));
      a.count += sign;
      a.sum += sign * value;
    }
  };
  if (before) apply(before, -1);
  if (after) apply(after, 1);
  for (const [key, d] of months) if (isZeroStats(d)) months.delete(key);
  for (const [key, d] of days) if (isZeroStats(d)) days.delete(key);
  for (const [key, d] of aspects) if (d.count === 0 && d.sum === 0) aspects.delete(key);
  return { reviewers, overall, months, days, aspects };
}

export function isEmptyChange(change: SummaryChange): boolean {
  return change.reviewers === 0 && isZeroStats(change.overall) && change.months.size === 0 && change.days.size === 0 && change.aspects.size === 0;
}

export function emptyStats(): RatingStats {
  return { count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] };
}

export function statsOf(count: number, sum: number, histogram: readonly number[]): RatingStats {
  return { count, sum, histogram: [histogram[0] ?? 0, histogram[1] ?? 0, histogram[2] ?? 0, histogram[3] ?? 0, histogram[4] ?? 0] };
}

/** Adds up monthly buckets (at most 12 of them) into one RatingStats. */
export function sumStats(buckets: Iterable<RatingStats>): RatingStats {
  const total = zeroStats();
  for (const b of buckets) {
    total.count += b.count;
    total.sum += b.sum;
    for (let i = 0; i < 5; i++) total.histogram[i] += b.histogram[i];
  }
  return total;
}

/** Aspect figures as the port shows them: only aspects that at least one counted review rated. */
export function aspectsSummary(rows: Iterable<{ aspect: string; count: number; sum: number }>): ReviewSummary['aspects'] {
  const known = new Set<string>(ASPECTS);
  const out: Partial<Record<AspectId, { count: number; sum: number }>> = {};
  for (const row of rows) {
    if (row.count > 0 && known.has(row.aspect)) out[row.aspect as AspectId] = { count: row.count, sum: row.sum };
  }
  return out;
}

export function emptySummary(): ReviewSummary {
  return { overall: emptyStats(), last12Months: emptyStats(), aspects: {} };
}
