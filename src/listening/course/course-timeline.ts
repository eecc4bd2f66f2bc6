/**
 * A course's ratings over time for the per-course Listening page: the buckets of the last 12 months
 * (weeks starting on Monday, or calendar months, UTC), starting at the first rated bucket when the
 * course is younger, the average and number of ratings of each from the ratings per course and day
 * (ports/rating-days.ts), and the aspects of the reviews read for the texts, per bucket.
 *
 * The daily figures carry no aspects, so "aspects over time" comes from the published reviews
 * themselves (the same bounded read as the topics): each review counts once, with its current
 * aspect ratings, in the bucket of its author's last edit. That is close to, not exactly, the day
 * the rating line counts it on (the store keeps the last re-rating day, which a review does not expose).
 */
import type { RatingDay } from '../../storage/ports/rating-days';
import type { AspectId } from '../../storage/ports/course-settings';
import type { Rating } from '../../storage/ports/reviews';
import { dayOf } from '../../storage/shared/review-summary';

export const BUCKET_SIZES = ['week', 'month'] as const;
export type BucketSize = (typeof BUCKET_SIZES)[number];

const DAY_MS = 86_400_000;

export interface Bucket {
  /** First moment of the bucket (UTC midnight). */
  readonly start: Date;
  /** First moment after it. */
  readonly end: Date;
}

export interface RatingPoint {
  readonly at: Date;
  readonly value: number | null;
  readonly count: number;
  readonly sum: number;
}

const utcDay = (at: Date) => Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
const mondayOf = (at: Date) => utcDay(at) - ((at.getUTCDay() + 6) % 7) * DAY_MS;

/** The start of the bucket holding `at`. */
function bucketStart(at: Date, by: BucketSize): number {
  return by === 'week' ? mondayOf(at) : Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
}

function nextStart(start: number, by: BucketSize): number {
  if (by === 'week') return start + 7 * DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * The window the page reads: the 12 calendar months up to `now` (this one included), or the 52
 * weeks before this one and this one. Its first and last days are the store's YYYYMMDD keys.
 */
export function timelineWindow(now: Date, by: BucketSize): { from: Date; fromDay: number; toDay: number } {
  const from = by === 'week' ? new Date(mondayOf(now) - 52 * 7 * DAY_MS) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  return { from, fromDay: dayOf(from), toDay: dayOf(now) };
}

/** The buckets from the window's start (or the first rated day's bucket, when later) to `now`'s bucket. */
export function bucketsOf(now: Date, by: BucketSize, firstRatedDay?: number): Bucket[] {
  const window = timelineWindow(now, by);
  const first = firstRatedDay !== undefined && firstRatedDay > window.fromDay ? bucketStart(dateOfDay(firstRatedDay), by) : window.from.getTime();
  const last = bucketStart(now, by);
  const buckets: Bucket[] = [];
  for (let start = first; start <= last; start = nextStart(start, by)) buckets.push({ start: new Date(start), end: new Date(nextStart(start, by)) });
  return buckets;
}

export function dateOfDay(day: number): Date {
  return new Date(Date.UTC(Math.floor(day / 10000), (Math.floor(day / 100) % 100) - 1, day % 100));
}

/** Index of the bucket holding `at`, or -1 outside them. Buckets are few (≤ 53): a scan is enough. */
function bucketIndex(buckets: readonly Bucket[], at: number): number {
  return buckets.findIndex((b) => at >= b.start.getTime() && at < b.end.getTime());
}

/** The average and number of ratings of each bucket; a bucket nobody rated in has a null average. */
export function ratingPoints(days: readonly RatingDay[], buckets: readonly Bucket[]): RatingPoint[] {
  const counts = buckets.map(() => 0);
  const sums = buckets.map(() => 0);
  for (const d of days) {
    const i = bucketIndex(buckets, dateOfDay(d.day).getTime());
    if (i < 0) continue;
    counts[i] += d.stats.count;
    sums[i] += d.stats.sum;
  }
  return buckets.map((b, i) => ({ at: b.start, count: counts[i], sum: sums[i], value: counts[i] > 0 ? sums[i] / counts[i] : null }));
}

export interface AspectRatedReview {
  readonly at: Date;
  readonly aspects: Readonly<Partial<Record<AspectId, Rating>>>;
}

export interface AspectSeries {
  readonly aspect: AspectId;
  readonly points: ReadonlyArray<{ readonly at: Date; readonly value: number | null; readonly count: number }>;
}

/**
 * One series per aspect in `aspects` (the course's, in its order) that at least one review in the
 * buckets rated; a bucket without a rating of that aspect has a null value.
 */
export function aspectSeries(reviews: readonly AspectRatedReview[], buckets: readonly Bucket[], aspects: readonly AspectId[]): AspectSeries[] {
  const series: AspectSeries[] = [];
  for (const aspect of aspects) {
    const counts = buckets.map(() => 0);
    const sums = buckets.map(() => 0);
    for (const review of reviews) {
      const rating = review.aspects[aspect];
      const i = rating === undefined ? -1 : bucketIndex(buckets, review.at.getTime());
      if (i < 0) continue;
      counts[i] += 1;
      sums[i] += rating!;
    }
    if (counts.some((c) => c > 0)) series.push({ aspect, points: buckets.map((b, i) => ({ at: b.start, count: counts[i], value: counts[i] > 0 ? sums[i] / counts[i] : null })) });
  }
  return series;
}
