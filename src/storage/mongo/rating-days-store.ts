/**
 * Ratings per course and day on MongoDB: the $inc of a review write's change (inside its
 * transaction), the two range reads, and the one-time fill from the reviews stored before the
 * buckets existed.
 */
import type { ClientSession, PipelineStage } from 'mongoose';
import type { ContextKey } from '../../context/tenant';
import type { DeploymentKey } from '../../context/tenant';
import type { DayRange, RatingDay, RatingDaysStore } from '../ports/rating-days';
import { statsOf, type StatsDelta } from '../shared/review-summary';
import { ReviewModel } from './course-models';
import { fillOnce } from './fill-once';
import { contextIdList, courseFilter, platformFilter } from './keys';
import { RATING_DAYS_COLLECTION, RATING_DAYS_COURSE_INDEX, RATING_DAYS_DEPLOYMENT_INDEX, RatingDayModel, type RatingDayDoc } from './rating-days-models';
import { byDayThenContextId } from '../shared/course-order';

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

/**
 * A deployment's days (one range of lv_days_deployment), each given the index of the range it falls
 * in by a $switch, then summed per course and range on the server: about one document per course
 * and range comes back, not one per course and day.
 */
export function deploymentRangesPipeline(deployment: DeploymentKey, ranges: readonly DayRange[], courses?: readonly string[]): PipelineStage[] {
  const from = Math.min(...ranges.map((r) => r.from));
  const to = Math.max(...ranges.map((r) => r.to));
  const only = courses === undefined ? {} : { contextId: { $in: contextIdList(courses) } };
  return [
    { $match: { ...platformFilter(deployment), deploymentId: deployment.deploymentId, ...only, day: { $gte: from, $lte: to } } },
    {
      $project: {
        _id: 0,
        contextId: 1,
        count: 1,
        sum: 1,
        range: { $switch: { branches: ranges.map((r, i) => ({ case: { $and: [{ $gte: ['$day', r.from] }, { $lte: ['$day', r.to] }] }, then: i })), default: null } },
      },
    },
    { $match: { range: { $ne: null }, count: { $gt: 0 } } },
    { $group: { _id: { c: '$contextId', r: '$range' }, count: { $sum: '$count' }, sum: { $sum: '$sum' } } },
  ];
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
    async deploymentRanges(deployment, ranges, only) {
      if (ranges.length === 0 || only?.length === 0) return [];
      const key = { issuer: deployment.issuer, clientId: deployment.clientId, deploymentId: deployment.deploymentId };
      // A few courses are ranges of the (course, day) index; the whole deployment one range of (deployment, day).
      const rows = await RatingDayModel.aggregate<{ _id: { c: string; r: number }; count: number; sum: number }>(deploymentRangesPipeline(deployment, ranges, only))
        .hint(only ? RATING_DAYS_COURSE_INDEX : RATING_DAYS_DEPLOYMENT_INDEX)
        .exec();
      const courses = new Map<string, ContextKey>();
      return rows
        .filter((row) => row.count > 0 && Number.isInteger(row._id.r) && ranges[row._id.r] !== undefined)
        .map((row) => {
          const contextId = String(row._id.c ?? '');
          let course = courses.get(contextId);
          if (!course) courses.set(contextId, (course = { ...key, contextId }));
          return { course, day: ranges[row._id.r].to, stats: { count: row.count, sum: row.sum } };
        })
        .sort(byDayThenContextId);
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
