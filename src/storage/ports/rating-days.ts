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

export interface RatingDaysStore {
  /** The course's days in [fromDay, toDay] with counted ratings, oldest first. */
  courseDays(course: ContextKey, fromDay: number, toDay: number): Promise<RatingDay[]>;
  /** Every course of the deployment, days in [fromDay, toDay] with counted ratings, by day then course; count and sum only. */
  deploymentDays(deployment: DeploymentKey, fromDay: number, toDay: number): Promise<RatingDayTotals[]>;
}
