/** Ratings per course and day (ports/rating-days.ts): lv_ prefix, indexes built at open. */
import { Schema } from 'mongoose';
import type { CourseKeyDoc, StatsFields } from './course-models';
import { baseOptions, defineModel } from './models';

export interface RatingDayDoc extends CourseKeyDoc, StatsFields {
  /** YYYYMMDD, UTC. */
  day: number;
}

export const RATING_DAYS_COLLECTION = 'lv_review_course_days';
export const RATING_DAYS_COURSE_INDEX = 'lv_days_course';
export const RATING_DAYS_DEPLOYMENT_INDEX = 'lv_days_deployment';

const ratingDaySchema = new Schema<RatingDayDoc>(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: { type: String },
    contextId: { type: String },
    day: { type: Number, required: true },
    count: Number,
    sum: Number,
    h1: Number,
    h2: Number,
    h3: Number,
    h4: Number,
    h5: Number,
  },
  { ...baseOptions, collection: RATING_DAYS_COLLECTION },
);
// One document per course and day: the $inc upsert and courseDays match this key (a range on day);
// also the `on` key of the backfill's $merge, which needs a unique index on exactly these fields.
ratingDaySchema.index({ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1, day: 1 }, { unique: true, name: RATING_DAYS_COURSE_INDEX });
// deploymentDays: every course of a deployment over a range of days, as one range.
ratingDaySchema.index({ issuer: 1, clientId: 1, deploymentId: 1, day: 1, contextId: 1 }, { name: RATING_DAYS_DEPLOYMENT_INDEX });

export const RatingDayModel = defineModel<RatingDayDoc>('lv_review_course_day', ratingDaySchema);

/** Also creates the collection, so that the first review write inside a transaction need not. */
export async function createRatingDayIndexes(): Promise<void> {
  await RatingDayModel.createIndexes();
}
