/**
 * Ratings per course and day (UTC), for the listening view: trends over the last 30 and 90 days,
 * ratings over time. A published review counts on the day it was last rated, like the monthly
 * buckets of the item summary; the buckets change in the transaction of the review write that moves
 * them (shared/review-change.ts), so they always add up to the counted reviews.
 */
import type { ContextKey, DeploymentKey } from '../../context/tenant';
import type { RatingStats } from './reviews';

export interface RatingDay {
  readonly course: ContextKey;
  /** YYYYMMDD, UTC. */
  readonly day: number;
  readonly stats: RatingStats;
}

/**
 * A day's count and sum of ratings only: what the cross-course trends and sparklines need. A
 * deployment's 180 days are read this way (one small row per course and day, from a covering index),
 * never with each day's histogram.
 */
export interface RatingDayTotals {
  readonly course: ContextKey;
  readonly day: number;
  readonly stats: Pick<RatingStats, 'count' | 'sum'>;
}

/** Days from..to (YYYYMMDD, UTC), both included. */
export interface DayRange {
  readonly from: number;
  readonly to: number;
}

export interface RatingDaysStore {
  /** The course's days in [fromDay, toDay] with counted ratings, oldest first. */
  courseDays(course: ContextKey, fromDay: number, toDay: number): Promise<RatingDay[]>;
  /**
   * Every course of the deployment, its count and sum of ratings summed over each of `ranges` (days
   * from..to, inclusive, not overlapping), as one entry per course and range with counted ratings,
   * dated the range's last day; by that day then course. The overview's trends and sparklines need
   * only periods and weeks, so their ranges are those (course-overview.ts): about one row per course
   * and week instead of one per course and day. At most 366 ranges. With `courses`, only those
   * courses (context ids) are read: the overview kept per deployment reads again just the courses
   * that changed (listening/overview-cache.ts).
   */
  deploymentRanges(deployment: DeploymentKey, ranges: readonly DayRange[], courses?: readonly string[]): Promise<RatingDayTotals[]>;
}
