import { randomUUID } from 'node:crypto';
import type { ClientSession } from 'mongoose';
import type { ContextKey } from '../../context/tenant';
import { REPORT_REASONS, type ItemKey, type ReportReason, type ReviewStore, type ReviewWrite } from '../ports/reviews';
import { checkAuditCourse } from '../shared/audit-record';
import { checkLimit } from '../shared/cursor';
import { planDelete, planModeration, planReport, planSave } from '../shared/review-change';
import { checkHiddenQuery, encodeHiddenCursor } from '../shared/hidden-reviews';
import { checkReviewWrite, checkStars, checkStatus, checkStatuses } from '../shared/review-input';
import {
  collectScansAsync,
  decodeOldestFirstCursor,
  decodeReviewCursor,
  encodeOldestFirstCursor,
  planScans,
  REVIEW_SORTS,
  toPage,
} from '../shared/review-order';
import {
  AuthorCounterModel,
  AuthorNumberModel,
  ReportModel,
  REVIEW_COURSE_INDEX,
  REVIEW_HIDDEN_INDEXES,
  REVIEW_QUEUE_INDEX,
  ReviewModel,
  SummaryModel,
  VoteModel,
  type AuthorCounterDoc,
  type AuthorNumberDoc,
  type ReviewDoc,
  type SummaryDoc,
} from './course-models';
import { courseFilter, idValue, itemFilter } from './keys';
import { checkTriage } from '../shared/review-triage';
import { newestFirstRanges, oldestFirstRanges, orderKeyOf, scanQueries, summaryProjection, toReview, toSummary } from './review-docs';
import { inSnapshot, inTransaction } from './transaction';
import { bumpGeneration } from './generation-store';
import { factsOf, readVersionSummaries, storedOf, withState, withVersionRating } from './review-loop-docs';
import { executeChange } from './review-change';

/** Documents read per query by allReviews: a 50,000-review course streams in 100 round trips. */
const EXPORT_BATCH = 500;

/** The document's key fields as an ItemKey, for the summary update. */
const itemOf = (doc: ReviewDoc): ItemKey => ({
  issuer: doc.issuer,
  clientId: doc.clientId,
  deploymentId: doc.deploymentId,
  contextId: doc.contextId,
  itemId: doc.itemId,
});

/** A review of the course by id: never matched on the id alone. */
const inCourse = (course: ContextKey, reviewId: string) => ({ ...courseFilter(course), reviewId: idValue(reviewId, 'reviewId') });

/** The author's number in the course, given (counter + 1) at their first review and never changed. */
async function authorNumber(course: ContextKey, authorId: string, session: ClientSession): Promise<number> {
  const key = { ...courseFilter(course), authorId };
  const existing = await AuthorNumberModel.findOne(key).session(session).lean<AuthorNumberDoc>().exec();
  if (existing) return existing.number;
  const counter = await AuthorCounterModel.findOneAndUpdate(courseFilter(course), { $inc: { last: 1 } }, { upsert: true, returnDocument: 'after', session })
    .lean<AuthorCounterDoc>()
    .exec();
  await AuthorNumberModel.create([{ ...key, number: counter.last }], { session });
  return counter.last;
}

/*
 * Every write that touches a summary, a counter or the audit log runs in one transaction (see
 * transaction.ts: replica set required), so the review and what is derived from it change together
 * or not at all, and concurrent writers are serialised by MongoDB's write conflicts. Each write that
 * changes what the reviews panel shows bumps the course's generation last, in the same transaction.
 */
export function createReviewStore(): ReviewStore {
  return {
    async saveReview(rawInput, now) {
      const input: ReviewWrite = checkReviewWrite(rawInput);
      const item = itemFilter(input.item);
      const authorId = idValue(input.author.id, 'author.id');
      const content = {
        author: {
          name: input.author.name,
          ...(input.author.givenName === undefined ? {} : { givenName: input.author.givenName }),
          ...(input.author.familyName === undefined ? {} : { familyName: input.author.familyName }),
        },
        rating: input.rating,
        aspects: { ...input.aspects },
        title: input.title,
        liked: input.liked,
        improve: input.improve,
        status: input.status,
        holdReasons: [...input.holdReasons],
        verified: input.verified,
        updatedAt: now,
      };
      return inTransaction(async (session) => {
        const existing = await ReviewModel.findOne({ ...item, authorId }).session(session).lean<ReviewDoc>().exec();
        const change = planSave(existing ? storedOf(existing) : null, input, now);
        const rated = change.versionRating;
        const written: ReviewDoc = existing
          ? {
              ...existing,
              ...content,
              holdReasons: [...(change.holdReasons ?? [])],
              editedAt: now,
              // Text-only edits keep the version ratings (absent on older documents: the initial version).
              versionRatings: rated ? withVersionRating(existing, rated.versionId, rated.rating, new Date(rated.at)) : existing.versionRatings,
            }
          : {
              ...item,
              reviewId: randomUUID(),
              authorId,
              authorNumber: await authorNumber(input.item, authorId, session),
              ...content,
              helpfulCount: 0,
              reportCount: 0,
              queued: false,
              createdAt: now,
              ratedAt: now,
              versionRatings: rated ? [{ versionId: rated.versionId, rating: rated.rating, at: new Date(rated.at) }] : [],
            };
        const doc = withState(written, change.review);
        if (existing) {
          const { reviewId, ...replacement } = doc;
          await ReviewModel.replaceOne({ reviewId }, { reviewId, ...replacement }, { session }).exec();
        } else await ReviewModel.create([doc], { session });
        await executeChange(input.item, doc.reviewId, change, session);
        return { review: toReview(doc), previous: existing ? toReview(existing) : null };
      }, input.item);
    },

    async deleteReview(item, authorId) {
      const filter = { ...itemFilter(item), authorId: idValue(authorId, 'authorId') };
      return inTransaction(async (session) => {
        const existing = await ReviewModel.findOne(filter).session(session).lean<ReviewDoc>().exec();
        if (!existing) return null;
        const change = planDelete(storedOf(existing));
        const byReview = { reviewId: existing.reviewId };
        await ReviewModel.deleteOne(byReview, { session }).exec();
        await VoteModel.deleteMany(byReview, { session }).exec();
        await ReportModel.deleteMany(byReview, { session }).exec();
        await executeChange(item, existing.reviewId, change, session);
        return toReview(existing);
      }, item);
    },

    async findReviewByAuthor(item, authorId) {
      const doc = await ReviewModel.findOne({ ...itemFilter(item), authorId: idValue(authorId, 'authorId') }).lean<ReviewDoc>().exec();
      return doc ? toReview(doc) : null;
    },

    async findReview(course, reviewId) {
      if (typeof reviewId !== 'string') return null;
      const doc = await ReviewModel.findOne(inCourse(course, reviewId)).lean<ReviewDoc>().exec();
      return doc ? toReview(doc) : null;
    },

    async listReviews(item, query) {
      if (!REVIEW_SORTS.includes(query.sort)) throw new RangeError(`Unknown review sort ${String(query.sort)}`);
      const limit = checkLimit(query.limit);
      const statuses = checkStatuses(query.statuses);
      const stars = checkStars(query.stars);
      const triage = checkTriage(query);
      const cursor = query.cursor === undefined ? null : decodeReviewCursor(query.sort, query.cursor);
      if (statuses.length === 0) return { items: [], nextCursor: null };
      // Several queries (one per scan and status) make one page: they read one snapshot, so a review
      // changing status or order meanwhile is neither shown twice nor skipped.
      const docs = await inSnapshot((session) =>
        collectScansAsync(planScans(query.sort, stars, cursor, triage), limit + 1, async (scan, n) => {
          const rows: ReviewDoc[] = [];
          for (const q of scanQueries(item, statuses, scan)) {
            if (rows.length >= n) break;
            rows.push(...(await ReviewModel.find(q.filter).sort(q.sort).limit(n - rows.length).hint(q.hint).session(session).lean<ReviewDoc[]>().exec()));
          }
          return rows;
        }),
      );
      return toPage(query.sort, docs, limit, orderKeyOf, toReview);
    },

    async summary(item, now) {
      const doc = await SummaryModel.findOne(itemFilter(item), summaryProjection(now)).lean<SummaryDoc>().exec();
      return toSummary(doc, now);
    },

    async countReviewers(item) {
      const doc = await SummaryModel.findOne(itemFilter(item), { reviewers: 1 }).lean<SummaryDoc>().exec();
      return doc?.reviewers ?? 0;
    },

    async countReviewersAmong(item, authorIds) {
      const ids = [...new Set(authorIds.filter((id) => typeof id === 'string'))];
      if (ids.length === 0) return 0;
      // One review per (item, author): counting documents counts authors, through the (item, authorId) unique index.
      return ReviewModel.countDocuments({ ...itemFilter(item), authorId: { $in: ids } }).exec();
    },

    async setHelpful(course, reviewId, voterId, on) {
      if (typeof reviewId !== 'string') return 0;
      const vote = { reviewId, voterId: idValue(voterId, 'voterId') };
      return inTransaction(async (session) => {
        if (!(await ReviewModel.exists(inCourse(course, reviewId)).session(session).exec())) return 0;
        if (on) await VoteModel.updateOne(vote, { $setOnInsert: courseFilter(course) }, { upsert: true, session }).exec();
        else await VoteModel.deleteOne(vote, { session }).exec();
        // Counted inside the transaction; two voters racing both write the review document, so the
        // server makes one of them retry with a snapshot that includes the other's vote.
        const count = await VoteModel.countDocuments({ reviewId }).session(session).exec();
        await ReviewModel.updateOne({ reviewId }, { $set: { helpfulCount: count } }, { session }).exec();
        await bumpGeneration(course, session);
        return count;
      }, course);
    },

    async helpfulVotesBy(course, voterId, reviewIds) {
      const ids = reviewIds.filter((id): id is string => typeof id === 'string');
      if (ids.length === 0) return new Set();
      const votes = await VoteModel.find({ ...courseFilter(course), voterId: idValue(voterId, 'voterId'), reviewId: { $in: ids } }, { reviewId: 1 })
        .lean<Array<{ reviewId: string }>>()
        .exec();
      return new Set(votes.map((v) => v.reviewId));
    },

    async report(course, reviewId, reporterId, reason, at) {
      if (!REPORT_REASONS.includes(reason)) throw new RangeError(`Unknown report reason ${String(reason)}`);
      if (typeof reviewId !== 'string') return false;
      const key = { reviewId, reporterId: idValue(reporterId, 'reporterId') };
      return inTransaction(async (session) => {
        const review = await ReviewModel.findOne(inCourse(course, reviewId)).session(session).lean<ReviewDoc>().exec();
        if (!review) return false;
        // An upsert rather than an insert: a duplicate-key error would abort the whole transaction.
        const result = await ReportModel.updateOne(
          key,
          { $setOnInsert: { ...courseFilter(course), reason, at, clearedAt: null } },
          { upsert: true, session },
        ).exec();
        if (result.upsertedCount === 0) return false;
        const open = await ReportModel.countDocuments({ reviewId, clearedAt: null }).session(session).exec();
        const change = planReport(factsOf(review), open);
        const { reportCount, queued, attention } = withState(review, change.review);
        await ReviewModel.updateOne({ reviewId }, { $set: { reportCount, queued, attention } }, { session }).exec();
        await executeChange(itemOf(review), reviewId, change, session);
        return true;
      }, course);
    },

    async reportsBy(course, reporterId, reviewIds) {
      const ids = reviewIds.filter((id): id is string => typeof id === 'string');
      if (ids.length === 0) return new Set();
      const reports = await ReportModel.find(
        { ...courseFilter(course), reporterId: idValue(reporterId, 'reporterId'), reviewId: { $in: ids } },
        { reviewId: 1 },
      )
        .lean<Array<{ reviewId: string }>>()
        .exec();
      return new Set(reports.map((r) => r.reviewId));
    },

    async reportsOf(course, reviewId) {
      if (typeof reviewId !== 'string') return [];
      const reports = await ReportModel.find({ ...courseFilter(course), reviewId, clearedAt: null }, { reason: 1, at: 1 })
        .sort({ at: 1, reporterId: 1 })
        .lean<Array<{ reason: ReportReason; at: Date }>>()
        .exec();
      return reports.map((r) => ({ reason: r.reason, at: new Date(r.at) }));
    },

    async moderate(course, reviewId, decision, audit) {
      const status = checkStatus(decision.status);
      checkAuditCourse(course, audit);
      if (typeof reviewId !== 'string') return null;
      return inTransaction(async (session) => {
        const existing = await ReviewModel.findOne(inCourse(course, reviewId)).session(session).lean<ReviewDoc>().exec();
        if (!existing) return null;
        // A hide reason belongs to the hidden state only.
        const change = planModeration(storedOf(existing), status, status === 'hidden' ? (decision.hiddenReason ?? null) : null, audit);
        const updated = withState({ ...existing, updatedAt: audit.at }, change.review);
        const { reviewId: id, ...replacement } = updated;
        await ReviewModel.replaceOne({ reviewId: id }, { reviewId: id, ...replacement }, { session }).exec();
        await executeChange(itemOf(existing), id, change, session);
        return toReview(updated);
      }, course);
    },

    async moderationQueue(course, page) {
      const limit = checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeOldestFirstCursor(page.cursor);
      const docs = await inSnapshot(async (session) => {
        const rows: ReviewDoc[] = [];
        for (const filter of oldestFirstRanges<ReviewDoc>({ ...courseFilter(course), queued: true }, after)) {
          if (rows.length > limit) break;
          rows.push(
            ...(await ReviewModel.find(filter)
              .sort({ createdAt: 1, reviewId: 1 })
              .limit(limit + 1 - rows.length)
              .hint(REVIEW_QUEUE_INDEX)
              .session(session)
              .lean<ReviewDoc[]>()
              .exec()),
          );
        }
        return rows;
      });
      const kept = docs.slice(0, limit);
      const last = kept[kept.length - 1];
      return {
        items: kept.map(toReview),
        nextCursor: docs.length > limit && last ? encodeOldestFirstCursor({ createdAt: new Date(last.createdAt).getTime(), id: last.reviewId }) : null,
      };
    },

    async listHidden(course, query) {
      const limit = checkLimit(query.limit);
      const { stars, after } = checkHiddenQuery(query);
      const base = { ...courseFilter(course), status: 'hidden' as const, ...(stars === undefined ? {} : { rating: stars }) };
      const docs = await inSnapshot(async (session) => {
        const rows: ReviewDoc[] = [];
        for (const filter of newestFirstRanges<ReviewDoc>(base, after)) {
          if (rows.length > limit) break;
          rows.push(
            ...(await ReviewModel.find(filter)
              .sort({ createdAt: -1, reviewId: -1 })
              .limit(limit + 1 - rows.length)
              .hint(stars === undefined ? REVIEW_HIDDEN_INDEXES.all : REVIEW_HIDDEN_INDEXES.byRating)
              .session(session)
              .lean<ReviewDoc[]>()
              .exec()),
          );
        }
        return rows;
      });
      const kept = docs.slice(0, limit);
      const last = kept[kept.length - 1];
      return {
        items: kept.map(toReview),
        nextCursor: docs.length > limit && last ? encodeHiddenCursor({ createdAt: new Date(last.createdAt).getTime(), id: last.reviewId }) : null,
      };
    },

    countModerationQueue(course) {
      return ReviewModel.countDocuments({ ...courseFilter(course), queued: true }).hint(REVIEW_QUEUE_INDEX).exec();
    },

    versionSummaries(item) {
      return readVersionSummaries(item);
    },

    async ratingHistory(course, reviewId) {
      if (typeof reviewId !== 'string') return [];
      const doc = await ReviewModel.findOne(inCourse(course, reviewId)).lean<ReviewDoc>().exec();
      if (!doc) return [];
      const list = doc.versionRatings ?? [{ versionId: 'initial', rating: doc.rating, at: doc.ratedAt }];
      return [...list]
        .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime() || (a.versionId < b.versionId ? -1 : 1))
        .map((v) => ({ versionId: v.versionId, rating: v.rating, at: new Date(v.at) }));
    },

    async *allReviews(course) {
      let after: { createdAt: number; id: string } | null = null;
      for (;;) {
        const batch: ReviewDoc[] = [];
        for (const filter of oldestFirstRanges<ReviewDoc>(courseFilter(course), after)) {
          if (batch.length >= EXPORT_BATCH) break;
          batch.push(
            ...(await ReviewModel.find(filter)
              .sort({ createdAt: 1, reviewId: 1 })
              .limit(EXPORT_BATCH - batch.length)
              .hint(REVIEW_COURSE_INDEX)
              .lean<ReviewDoc[]>()
              .exec()),
          );
        }
        for (const doc of batch) yield toReview(doc);
        const last = batch[batch.length - 1];
        if (batch.length < EXPORT_BATCH || !last) return;
        after = { createdAt: new Date(last.createdAt).getTime(), id: last.reviewId };
      }
    },

    async renameAuthor(course, author) {
      if (typeof author?.id !== 'string' || typeof author.name !== 'string') throw new TypeError('A review author has a string id and name');
      const name = {
        name: author.name,
        ...(author.givenName === undefined ? {} : { givenName: author.givenName }),
        ...(author.familyName === undefined ? {} : { familyName: author.familyName }),
      };
      // Leaf by leaf (an absent part compares as null), so a document already showing the name is not rewritten.
      const differs = [{ 'author.name': { $ne: author.name } }, { 'author.givenName': { $ne: author.givenName ?? null } }, { 'author.familyName': { $ne: author.familyName ?? null } }];
      const filter = { ...courseFilter(course), authorId: idValue(author.id, 'author.id'), $or: differs };
      // The renamed reviews and the course's generation bump commit together, like every review write.
      return inTransaction(async (session) => {
        const result = await ReviewModel.updateMany(filter, { $set: { author: name } }, { session }).exec();
        if (result.modifiedCount > 0) await bumpGeneration(course, session);
        return result.modifiedCount;
      }, course);
    },
  };
}
