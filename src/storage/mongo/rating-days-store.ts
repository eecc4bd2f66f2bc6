/**
 * Ratings per course and day on MongoDB: the $inc of a review write's change (inside its
 * transaction), the two range reads, and the one-time fill from the reviews stored before the
 * buckets existed.
 */
import type { ClientSession, PipelineStage } from 'mongoose';
import type { ContextKey } from '../../context/tenant';
import type { RatingDay, RatingDaysStore } from '../ports/rating-days';
import { statsOf, type StatsDelta } from '../shared/review-summary';
import { ReviewModel } from './course-models';
import { fillOnce } from './fill-once';
import { courseFilter, platformFilter } from './keys';
import { RATING_DAYS_COLLECTION, RATING_DAYS_COURSE_INDEX, RATING_DAYS_DEPLOYMENT_INDEX, RatingDayModel, type RatingDayDoc } from './rating-days-models';

const toDay = (d: RatingDayDoc): RatingDay => ({
  course: { issuer: d.issuer, clientId: d.clientId, deploymentId: d.deploymentId ?? '', contextId: d.contextId ?? '' },
  day: d.day,
  stats: statsOf(d.count ?? 0, d.sum ?? 0, [d.h1 ?? 0, d.h2 ?? 0, d.h3 ?? 0, d.h4 ?? 0, d.h5 ?? 0]),
});

/** A day whose reviews all left (deleted, hidden) stays as zeros: it is dropped here, not by a filter the index does not hold. */
const counted = (days: RatingDay[]): RatingDay[] => days.filter((d) => d.stats.count > 0);

/** Adds a change's daily deltas to the course's buckets, in the review write's transaction. */
export async function applyRatingDays(course: ContextKey, days: ReadonlyMap<number, StatsDelta>, session: ClientSession): Promise<void> {
  const key = courseFilter(course);
  for (const [day, d] of days) {
    const [h1, h2, h3, h4, h5] = d.histogram;
    await RatingDayModel.updateOne({ ...key, day }, { $inc: { count: d.count, sum: d.sum, h1, h2, h3, h4, h5 } }, { upsert: true, session }).exec();
  }
}

export function createRatingDaysStore(): RatingDaysStore {
  return {
    async courseDays(course, from, to) {
      const docs = await RatingDayModel.find({ ...courseFilter(course), day: { $gte: from, $lte: to } })
        .sort({ day: 1 })
        .hint(RATING_DAYS_COURSE_INDEX)
        .lean<RatingDayDoc[]>()
        .exec();
      return counted(docs.map(toDay));
    },
    async deploymentDays(deployment, from, to) {
      const filter = { ...platformFilter(deployment), deploymentId: deployment.deploymentId, day: { $gte: from, $lte: to } };
      // Count and sum only, as the port says: the histogram is not sent for 180 days of every course.
      const docs = await RatingDayModel.find(filter, { _id: 0, contextId: 1, day: 1, count: 1, sum: 1 })
        .sort({ day: 1, contextId: 1 })
        .hint(RATING_DAYS_DEPLOYMENT_INDEX)
        .lean<Array<Pick<RatingDayDoc, 'contextId' | 'day' | 'count' | 'sum'>>>()
        .exec();
      const courses = new Map<string, ContextKey>();
      const key = { issuer: deployment.issuer, clientId: deployment.clientId, deploymentId: deployment.deploymentId };
      return docs
        .filter((d) => (d.count ?? 0) > 0)
        .map((d) => {
          const contextId = d.contextId ?? '';
          let course = courses.get(contextId);
          if (!course) courses.set(contextId, (course = { ...key, contextId }));
          return { course, day: d.day, stats: { count: d.count ?? 0, sum: d.sum ?? 0 } };
        });
    },
  };
}

/** Claimed by the first process to fill, so replicas starting together fill once. */
const FILL_MARKER = 'lv_rating_days_fill';

const star = (n: number) => ({ $sum: { $cond: [{ $eq: ['$rating', n] }, 1, 0] } });

/**
 * The buckets of the reviews written before this version, computed by the server in one pipeline:
 * published reviews grouped by course and UTC day of their last rating, merged on the unique
 * (course, day) index. Runs once per database, at open, before the process serves requests. Reviews
 * that instances of an older version write during a rolling upgrade are not counted: upgrade all
 * instances together, or delete the collection's documents and restart one instance to fill it again.
 */
export function ratingDaysFillPipeline(): PipelineStage[] {
  return [
    { $match: { status: 'published' } },
    {
      $group: {
        _id: {
          issuer: '$issuer',
          clientId: '$clientId',
          deploymentId: { $ifNull: ['$deploymentId', ''] },
          contextId: { $ifNull: ['$contextId', ''] },
          day: { $toInt: { $dateToString: { format: '%Y%m%d', date: '$ratedAt', timezone: 'UTC' } } },
        },
        count: { $sum: 1 },
        sum: { $sum: '$rating' },
        h1: star(1),
        h2: star(2),
        h3: star(3),
        h4: star(4),
        h5: star(5),
      },
    },
    {
      $project: {
        _id: 0,
        issuer: '$_id.issuer',
        clientId: '$_id.clientId',
        deploymentId: '$_id.deploymentId',
        contextId: '$_id.contextId',
        day: '$_id.day',
        count: 1,
        sum: 1,
        h1: 1,
        h2: 1,
        h3: 1,
        h4: 1,
        h5: 1,
      },
    },
    { $merge: { into: RATING_DAYS_COLLECTION, on: ['issuer', 'clientId', 'deploymentId', 'contextId', 'day'], whenMatched: 'replace', whenNotMatched: 'insert' } },
  ];
}

export async function fillRatingDays(): Promise<void> {
  await fillOnce(RatingDayModel.collection, FILL_MARKER, () => ReviewModel.aggregate(ratingDaysFillPipeline()).exec());
}
