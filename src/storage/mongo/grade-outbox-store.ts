/**
 * The grade outbox on MongoDB (lv_grade_outbox). A claim takes one score per findOneAndUpdate: the
 * server updates a document atomically and re-checks the filter of a findAndModify that lost a write
 * conflict, so of two processes racing for the same due score one gets it and the other moves on to
 * the next (its nextAttemptAt is now the lease's end, no longer due). The filter is one range of
 * lv_outbox_claim, sorted by it; removal and failure are conditional on the owner, like the claim.
 * A course's scores go to one process at a time (outbox-course-claims.ts): the claim skips courses
 * another owner holds, and an owner gives a course back once it settled its last score there.
 */
import { randomUUID } from 'node:crypto';
import type { UpdateQuery } from 'mongoose';
import type { GradeOutboxStore, PendingScore, ScoreToQueue } from '../ports/grade-outbox';
import { courseFilter, idValue, type CourseFilter } from './keys';
import { OutboxModel, type OutboxDoc } from './loop-models';
import { freeOutboxCourse, outboxCourseId, takeOutboxCourse } from './outbox-course-claims';

/** The claim's filter and order, exported for the index-plan test. */
export const claimQuery = (now: Date) => ({ filter: { nextAttemptAt: { $lte: now } }, sort: { nextAttemptAt: 1, scoreId: 1 } as const });

/**
 * The update pipeline of enqueueScore. Every value from outside enters as $literal: inside a pipeline
 * a string starting with '$' is a field path ("$attempts" would copy the attempts count, "$$ROOT" the
 * whole document) and an object is an expression, so an LMS-supplied resource link id or URL must
 * never be read as one. Only the '$field' references written here are paths. A claimed twin keeps its
 * due time (the lease's end): see the port on enqueueing during a send.
 */
export function enqueuePipeline(input: ScoreToQueue, newScoreId: string): Record<string, unknown>[] {
  const target = { lineItemsUrl: input.target.lineItemsUrl, scopes: [...input.target.scopes], resourceLinkId: input.target.resourceLinkId };
  const earlierDue = { $min: [{ $ifNull: ['$nextAttemptAt', { $literal: input.nextAttemptAt }] }, { $literal: input.nextAttemptAt }] };
  return [
    {
      $set: {
        scoreId: { $ifNull: ['$scoreId', { $literal: newScoreId }] },
        target: { $literal: target },
        locale: { $literal: input.locale },
        createdAt: { $ifNull: ['$createdAt', { $literal: input.createdAt }] },
        attempts: { $ifNull: ['$attempts', 0] },
        nextAttemptAt: { $cond: [{ $eq: [{ $type: '$claimedBy' }, 'string'] }, '$nextAttemptAt', earlierDue] },
      },
    },
  ];
}

const toScore = (d: OutboxDoc): PendingScore => ({
  id: d.scoreId,
  course: { issuer: d.issuer, clientId: d.clientId, deploymentId: d.deploymentId ?? '', contextId: d.contextId ?? '' },
  userId: d.userId,
  reason: d.reason,
  target: { lineItemsUrl: d.target?.lineItemsUrl ?? '', scopes: [...(d.target?.scopes ?? [])], resourceLinkId: d.target?.resourceLinkId ?? '' },
  locale: d.locale === 'fr' ? 'fr' : 'en',
  createdAt: new Date(d.createdAt),
  attempts: d.attempts,
  nextAttemptAt: new Date(d.nextAttemptAt),
  ...(d.lastError != null ? { lastError: d.lastError } : {}),
});

/** The score of `id` while `owner` holds its claim (both plain strings: never an operator). */
const heldBy = (id: string, owner: string) => ({ scoreId: idValue(id, 'scoreId'), claimedBy: idValue(owner, 'owner') });

/** Gives the score's course back once `owner` holds no other score there (a worker settles its scores one at a time). */
async function freeIfDone(settled: OutboxDoc, owner: string): Promise<void> {
  const course = toScore(settled).course;
  if (await OutboxModel.exists({ ...courseFilter(course), claimedBy: idValue(owner, 'owner') }).exec()) return;
  await freeOutboxCourse(course, owner);
}

export function createGradeOutbox(): GradeOutboxStore {
  return {
    async enqueueScore(input) {
      const key = { ...courseFilter(input.course), userId: idValue(input.userId, 'userId'), reason: input.reason };
      // One pipeline upsert: keeps the earlier due date of a pending twin, so a retry is never pushed back.
      const update = enqueuePipeline(input, randomUUID()) as unknown as UpdateQuery<OutboxDoc>;
      // setDefaultsOnInsert off: mongoose would otherwise try to graft $setOnInsert defaults onto the pipeline.
      const doc = await OutboxModel.findOneAndUpdate(key, update, { upsert: true, returnDocument: 'after', setDefaultsOnInsert: false, updatePipeline: true })
        .lean<OutboxDoc>()
        .exec();
      return toScore(doc);
    },
    async claimDueScores(owner, now, leaseMs, limit) {
      if (!(leaseMs > 0)) throw new RangeError('A claim needs a lease longer than 0 ms.');
      const { filter, sort } = claimQuery(now);
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const claim = { $set: { claimedBy: idValue(owner, 'owner'), nextAttemptAt: leaseUntil } };
      const claimed: PendingScore[] = [];
      // Courses another owner holds are left out of the next candidates; courses taken in this call are remembered.
      const busy: CourseFilter[] = [];
      const taken = new Set<string>();
      while (claimed.length < limit) {
        const candidate = await OutboxModel.findOne(busy.length ? { ...filter, $nor: busy } : filter)
          .sort(sort)
          .lean<OutboxDoc>()
          .exec();
        if (!candidate) break;
        const course = toScore(candidate).course;
        const key = outboxCourseId(course);
        if (!taken.has(key)) {
          if (!(await takeOutboxCourse(course, owner, now, leaseUntil))) {
            busy.push(courseFilter(course));
            continue;
          }
          taken.add(key);
        }
        // Still due (another owner whose hold ran out may have taken it since it was read): the score is ours.
        const doc = await OutboxModel.findOneAndUpdate({ scoreId: idValue(candidate.scoreId, 'scoreId'), ...filter }, claim, { returnDocument: 'after' })
          .lean<OutboxDoc>()
          .exec();
        if (doc) claimed.push(toScore(doc));
      }
      return claimed;
    },
    async removeScore(id, owner) {
      const doc = await OutboxModel.findOneAndDelete(heldBy(id, owner)).lean<OutboxDoc>().exec();
      if (doc) await freeIfDone(doc, owner);
      return doc !== null;
    },
    async recordFailure(id, owner, error, nextAttemptAt) {
      const doc = await OutboxModel.findOneAndUpdate(heldBy(id, owner), {
        $inc: { attempts: 1 },
        $set: { lastError: error.slice(0, 500), nextAttemptAt },
        $unset: { claimedBy: 1 },
      })
        .lean<OutboxDoc>()
        .exec();
      if (doc) await freeIfDone(doc, owner);
      return doc !== null;
    },
    async releaseScore(id, owner, now) {
      const doc = await OutboxModel.findOneAndUpdate(heldBy(id, owner), { $set: { nextAttemptAt: now }, $unset: { claimedBy: 1 } })
        .lean<OutboxDoc>()
        .exec();
      if (doc) await freeIfDone(doc, owner);
      return doc !== null;
    },
    async pendingScores(course) {
      const docs = await OutboxModel.find(courseFilter(course)).sort({ createdAt: 1, scoreId: 1 }).lean<OutboxDoc[]>().exec();
      return docs.map(toScore);
    },
    async countPending() {
      return OutboxModel.countDocuments({}).exec();
    },
  };
}
