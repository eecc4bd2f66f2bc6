/**
 * Every MongoDB listing is one index range read in order: the queries the stores send (captured at
 * the driver, no server here) are checked against the indexes their models declare, by the rule in
 * test/support/index-plan.ts. The SQLite twin is the EXPLAIN QUERY PLAN tests in sqlite.test.ts.
 */
import mongoose from 'mongoose';
import type { Model } from 'mongoose';
import { serves, servingIndexes, shapeOf } from '../support/index-plan';
import { stubSnapshotSessions, type StubbedSnapshot } from '../support/stubbed-mongo';
import { AuditModel, ReportModel, ReviewModel } from '../../src/storage/mongo/course-models';
import { CommentModel, ConsultationModel, IdeaModel, PollModel, VoteModel } from '../../src/storage/mongo/consultation-models';
import { ActionModel, OutboxModel, VersionModel } from '../../src/storage/mongo/loop-models';
import { CourseGenerationModel } from '../../src/storage/mongo/generation-models';
import { MemberModel, PlatformModel, SessionModel } from '../../src/storage/mongo/models';
import { createRetentionStore } from '../../src/storage/mongo/retention-store';
import { AlertModel, DeliveryLogModel } from '../../src/storage/mongo/alert-models';
import { RatingDayModel } from '../../src/storage/mongo/rating-days-models';
import { createRatingDaysStore } from '../../src/storage/mongo/rating-days-store';
import { createReviewStore } from '../../src/storage/mongo/review-store';
import { createAuditStore } from '../../src/storage/mongo/audit-store';
import { createActionStore, createResponseStore, createVersionStore } from '../../src/storage/mongo/loop-stores';
import { createGradeOutbox } from '../../src/storage/mongo/grade-outbox-store';
import { mongoIdeaPart } from '../../src/storage/mongo/idea-store';
import { mongoCommentPart } from '../../src/storage/mongo/comment-store';
import { mongoConsultationPart } from '../../src/storage/mongo/consultation-store';
import { createCatalogueStore } from '../../src/storage/mongo/catalogue-store';
import { createPlatformStore } from '../../src/storage/mongo/platform-store';
import { REVIEW_SORTS } from '../../src/storage/shared/review-order';
import { REVIEW_TRIAGES } from '../../src/storage/ports/reviews';
import { IDEA_SORTS } from '../../src/storage/ports/consultations';
import { RateLimitModel } from '../../src/storage/mongo/rate-limit-models';
import { createRateLimitStore, endedWindowsFilter } from '../../src/storage/mongo/rate-limit-store';
import { ContributionCommentModel, ContributionModel, ContributionReportModel, ContributionReuseModel, UsefulMarkModel } from '../../src/storage/mongo/contribution-models';
import { createMongoContributionStore } from '../../src/storage/mongo/contribution-store';
import { encodeContributionCursor, encodeQueueCursor } from '../../src/storage/shared/contribution-cursor';

const course = { issuer: 'https://lms.example.edu', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-42' };
const item = { ...course, itemId: 'course' };
const NOW = new Date('2031-01-10T00:00:00Z');

interface Captured {
  readonly filter: Record<string, unknown>;
  readonly sort?: Record<string, unknown>;
  readonly hint?: unknown;
}

/** Each find() the model sends to the driver, answered with no documents. */
function captureFinds(model: Model<any>): Captured[] {
  const seen: Captured[] = [];
  jest.spyOn(model.collection, 'find').mockImplementation(((filter: Record<string, unknown>, options: { sort?: Record<string, unknown>; hint?: unknown } = {}) => {
    seen.push({ filter, sort: options.sort, hint: options.hint });
    return { toArray: async () => [] };
  }) as never);
  return seen;
}

/** Every captured query has a declared index reading it as one ordered range (the hinted one, if hinted). */
function expectIndexRanges(model: Model<any>, queries: readonly Captured[]): void {
  expect(queries.length).toBeGreaterThan(0);
  for (const q of queries) {
    const serving = servingIndexes(model, q.filter, q.sort, q.hint);
    if (serving.length === 0) throw new Error(`No index of ${model.modelName} serves ${JSON.stringify(q)} as a range`);
  }
}

// Listings that read one snapshot start a session: answered without a server.
let snapshots: StubbedSnapshot;
beforeEach(() => {
  snapshots = stubSnapshotSessions();
});
afterEach(async () => {
  jest.restoreAllMocks();
  await snapshots.end();
});

describe('the index-range rule itself', () => {
  const keys = { a: 1, b: 1, at: -1, id: -1 };
  it('takes the equality fields in any order, then the sort in order, forwards or all reversed', () => {
    expect(serves(keys, {}, shapeOf({ b: 'x', a: 'y' }, { at: -1, id: -1 }))).toBe(true);
    expect(serves(keys, {}, shapeOf({ b: 'x', a: { $in: ['y', 'z'] } }, { at: 1, id: 1 }))).toBe(true);
  });
  it('refuses a missing equality field, a sort out of order or in mixed directions, and a sort before an equality', () => {
    expect(serves(keys, {}, shapeOf({ a: 'y' }, { at: -1, id: -1 }))).toBe(false);
    expect(serves(keys, {}, shapeOf({ a: 'y', b: 'x' }, { id: -1, at: -1 }))).toBe(false);
    expect(serves(keys, {}, shapeOf({ a: 'y', b: 'x' }, { at: -1, id: 1 }))).toBe(false);
    expect(serves({ a: 1, at: -1, b: 1 }, {}, shapeOf({ a: 'y', b: 'x' }, { at: -1 }))).toBe(false);
  });
  it('uses a partial index only for a query that repeats its filter', () => {
    const partial = { partialFilterExpression: { attention: true } };
    expect(serves({ a: 1, attention: 1, at: 1 }, partial, shapeOf({ a: 'y', attention: true }, { at: 1 }))).toBe(true);
    expect(serves({ a: 1, at: 1 }, partial, shapeOf({ a: 'y' }, { at: 1 }))).toBe(false);
  });
  it('takes a range on a sort key or a later key, and refuses one the index does not hold', () => {
    expect(serves({ a: 1, at: 1, n: 1 }, {}, shapeOf({ a: 'y', at: { $gt: NOW } }, { at: 1 }))).toBe(true);
    expect(serves({ a: 1, at: 1, n: 1 }, {}, shapeOf({ a: 'y', n: { $gt: 1 } }, { at: 1 }))).toBe(true);
    expect(serves({ a: 1, at: 1 }, {}, shapeOf({ a: 'y', n: { $gt: 1 } }, { at: 1 }))).toBe(false);
  });
  it('needs no key for a condition the partial filter repeats', () => {
    expect(serves({ a: 1, at: -1 }, { partialFilterExpression: { status: 'hidden' } }, shapeOf({ a: 'y', status: 'hidden' }, { at: -1 }))).toBe(true);
    expect(serves({ a: 1, at: -1 }, { partialFilterExpression: { status: 'hidden' } }, shapeOf({ a: 'y', status: 'held' }, { at: -1 }))).toBe(false);
  });
});

describe('reviews', () => {
  it.each(REVIEW_SORTS)('lists a first page sorted by %s on one index per status', async (sort) => {
    const seen = captureFinds(ReviewModel);
    await createReviewStore().listReviews(item, { sort, limit: 10, statuses: ['published', 'held'] });
    expectIndexRanges(ReviewModel, seen);
  });

  it.each(REVIEW_SORTS)('lists the %s order filtered by stars', async (sort) => {
    const seen = captureFinds(ReviewModel);
    await createReviewStore().listReviews(item, { sort, limit: 10, statuses: ['published'], stars: 2 });
    expectIndexRanges(ReviewModel, seen);
  });

  it.each(REVIEW_TRIAGES)('lists the %s triage newest first', async (triage) => {
    const seen = captureFinds(ReviewModel);
    await createReviewStore().listReviews(item, { sort: 'recent', limit: 10, statuses: ['published'], triage });
    expectIndexRanges(ReviewModel, seen);
  });

  it('pages the moderation queue, the hidden list (with and without stars) and the export oldest or newest first', async () => {
    const seen = captureFinds(ReviewModel);
    const store = createReviewStore();
    await store.moderationQueue(course, { limit: 10 });
    await store.listHidden(course, { limit: 10 });
    await store.listHidden(course, { limit: 10, stars: 1 });
    for await (const review of store.allReviews(course)) expect(review).toBeUndefined();
    expectIndexRanges(ReviewModel, seen);
  });

  it('lists the reviews needing attention', async () => {
    const seen = captureFinds(ReviewModel);
    await createResponseStore().needsAttention(course, { limit: 10 });
    expectIndexRanges(ReviewModel, seen);
  });

  it("lists a review's open reports oldest first", async () => {
    const seen = captureFinds(ReportModel);
    await createReviewStore().reportsOf(course, 'r-1');
    expectIndexRanges(ReportModel, seen);
  });
});

describe('the course record', () => {
  it('lists the audit newest first', async () => {
    const seen = captureFinds(AuditModel);
    await createAuditStore().listAudit(course, { limit: 10 });
    expectIndexRanges(AuditModel, seen);
  });

  it('lists course versions and corrective actions', async () => {
    const versions = captureFinds(VersionModel);
    await createVersionStore().listVersions(course);
    expectIndexRanges(VersionModel, versions);
    const actions = captureFinds(ActionModel);
    await createActionStore().listActions(course, 10);
    expectIndexRanges(ActionModel, actions);
  });

  it("lists a course's pending scores", async () => {
    const seen = captureFinds(OutboxModel);
    await createGradeOutbox().pendingScores(course);
    expectIndexRanges(OutboxModel, seen);
  });

  it("reads one course's days and a deployment's days (the listening view)", async () => {
    const seen = captureFinds(RatingDayModel);
    await createRatingDaysStore().courseDays(course, 20310101, 20310131);
    expect(seen).toHaveLength(1);
    expectIndexRanges(RatingDayModel, seen);
  });

  it('claims the due scores of every platform as one range of lv_outbox_claim, oldest due first', async () => {
    const seen: Captured[] = [];
    jest.spyOn(OutboxModel.collection, 'findOne').mockImplementation(((filter: Record<string, unknown>, options: { sort?: Record<string, unknown> } = {}) => {
      seen.push({ filter, sort: options.sort });
      return Promise.resolve(null);
    }) as never);
    expect(await createGradeOutbox().claimDueScores('worker-a', NOW, 60_000, 10)).toEqual([]);
    expect(seen).toEqual([{ filter: { nextAttemptAt: { $lte: NOW } }, sort: { nextAttemptAt: 1, scoreId: 1 } }]);
    expectIndexRanges(OutboxModel, seen);
    expect(servingIndexes(OutboxModel, seen[0].filter, seen[0].sort)).toEqual(['lv_outbox_claim']);
  });

  it('lists registered platforms', async () => {
    const seen = captureFinds(PlatformModel);
    await createPlatformStore().listPlatforms();
    expectIndexRanges(PlatformModel, seen);
  });

  it("lists a deployment's courses changed since a time (the catalogue's changesSince)", async () => {
    const seen = captureFinds(CourseGenerationModel);
    // The server's clock is read first (hello); no server here, so its answer is stubbed.
    const connection = mongoose.connection as unknown as { db: unknown };
    const db = connection.db;
    connection.db = { command: async () => ({ localTime: NOW }) };
    try {
      await createCatalogueStore().changesSince({ issuer: course.issuer, clientId: course.clientId, deploymentId: course.deploymentId }, NOW.getTime());
    } finally {
      connection.db = db;
    }
    expectIndexRanges(CourseGenerationModel, seen);
  });
});

describe('the consumer group', () => {
  it.each(IDEA_SORTS.flatMap((sort) => [true, false].flatMap((includeHidden) => (['idea', 'need'] as const).map((kind) => [sort, kind, includeHidden] as const))))(
    'lists %s %ss (hidden included: %s)',
    async (sort, kind, includeHidden) => {
      const seen = captureFinds(IdeaModel);
      await mongoIdeaPart().listIdeas(course, { kind, consultationId: kind === 'idea' ? 'c-1' : undefined, sort, includeHidden, limit: 10 });
      expectIndexRanges(IdeaModel, seen);
    },
  );

  it("lists the status changes of a learner's ideas since a visit", async () => {
    jest.spyOn(VoteModel.collection, 'distinct').mockResolvedValue(['i-1'] as never);
    const seen = captureFinds(IdeaModel);
    await mongoIdeaPart().statusChangesSince(course, 'u-1', NOW);
    expectIndexRanges(IdeaModel, seen);
  });

  it('lists consultations, polls and comment threads', async () => {
    const consultations = captureFinds(ConsultationModel);
    await mongoConsultationPart().listConsultations(course, ['open', 'closed'], { limit: 10 });
    expectIndexRanges(ConsultationModel, consultations);

    jest.spyOn(ConsultationModel.collection, 'findOne').mockResolvedValue({ ...course, recordId: 'c-1', outline: [] } as never);
    const polls = captureFinds(PollModel);
    await mongoConsultationPart().listPolls(course, 'c-1');
    expectIndexRanges(PollModel, polls);

    const comments = captureFinds(CommentModel);
    await mongoCommentPart().listComments(course, { type: 'idea', ideaId: 'i-1' });
    await mongoCommentPart().listComments(course, { type: 'section', consultationId: 'c-1', sectionId: 's-1' });
    expectIndexRanges(CommentModel, comments);
  });
});

describe('contributions', () => {
  const SORTS = ['featured', 'newest', 'useful'] as const;
  const STATUS_SETS = [['published'], ['published', 'held']] as const;
  const cases = SORTS.flatMap((sort) => STATUS_SETS.flatMap((statuses) => [false, true].map((byAuthor) => [sort, statuses.join('+'), byAuthor] as const)));

  it.each(cases)('lists the %s order of %s contributions (one author: %s), first page and after a cursor, each range on its hinted index', async (sort, statuses, byAuthor) => {
    const seen = captureFinds(ContributionModel);
    const query = { sort, statuses: statuses.split('+') as Array<'published' | 'held'>, limit: 10, ...(byAuthor ? { authorId: 'u-1' } : {}) };
    const store = createMongoContributionStore();
    await store.listContributions(course, query);
    await store.listContributions(course, { ...query, cursor: encodeContributionCursor({ sort, lead: sort === 'newest' ? 0 : 1, createdAt: NOW.getTime(), id: 'k-1' }) });
    expect(seen.length).toBe(sort === 'newest' ? 3 : 4);
    expectIndexRanges(ContributionModel, seen);
  });

  it('pages the moderation queue and reads the export oldest first', async () => {
    const seen = captureFinds(ContributionModel);
    const store = createMongoContributionStore();
    await store.moderationQueue(course, { limit: 10 });
    await store.moderationQueue(course, { limit: 10, cursor: encodeQueueCursor(NOW.getTime(), 'k-1') });
    for await (const contribution of store.allContributions(course)) expect(contribution).toBeUndefined();
    expectIndexRanges(ContributionModel, seen);
  });

  it("reads a contribution's comments, reports and reuses, and the held comments, each as one range", async () => {
    jest.spyOn(ContributionModel.collection, 'findOne').mockResolvedValue({ ...course, contributionId: 'k-1' } as never);
    const store = createMongoContributionStore();
    const comments = captureFinds(ContributionCommentModel);
    await store.listComments(course, 'k-1', ['published', 'held'], 50);
    await store.commentQueue(course, { limit: 10, cursor: encodeQueueCursor(NOW.getTime(), 'c-1') });
    expectIndexRanges(ContributionCommentModel, comments);
    const reports = captureFinds(ContributionReportModel);
    await store.reportsOf(course, 'k-1');
    await store.reportsBy(course, 'u-1', ['k-1', 'k-2']);
    expectIndexRanges(ContributionReportModel, reports);
    const reuses = captureFinds(ContributionReuseModel);
    await store.listReuses(course, 'k-1');
    expectIndexRanges(ContributionReuseModel, reuses);
    const marks = captureFinds(UsefulMarkModel);
    await store.usefulMarksBy(course, 'u-1', ['k-1', 'k-2']);
    expectIndexRanges(UsefulMarkModel, marks);
  });

  it("reads a person's contribution data (export) on the *_person indexes", async () => {
    const models = [ContributionModel, UsefulMarkModel, ContributionCommentModel, ContributionReportModel, ContributionReuseModel] as const;
    const seen = models.map((model) => ({ model, finds: captureFinds(model) }));
    await createMongoContributionStore().exportUser({ issuer: course.issuer, clientId: course.clientId, userId: 'u-1' });
    for (const { model, finds } of seen) {
      expect(finds).toHaveLength(1);
      const { filter } = finds[0];
      // Equality on the person's key; the export's order is sorted in memory (one person's few records).
      expect(servingIndexes(model, filter).some((name) => name.endsWith('_person'))).toBe(true);
    }
  });
});

describe('the rate-limit windows', () => {
  it('reads and writes a window by _id alone (the primary index), and purges ended windows as one range of the TTL index', async () => {
    const update = jest.spyOn(RateLimitModel.collection, 'findOneAndUpdate').mockResolvedValue({ _id: 'x', hits: 1, resetAt: NOW } as never);
    const decrement = jest.spyOn(RateLimitModel.collection, 'updateOne').mockResolvedValue({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null });
    const store = createRateLimitStore();
    await store.hit('write:u-1', 60_000, NOW);
    await store.decrement('write:u-1', NOW);
    // Every collection has its unique _id index: an equality on _id is one key of it, whatever else filters.
    expect(Object.keys(update.mock.calls[0][0] as object)).toEqual(['_id']);
    expect(Object.keys(decrement.mock.calls[0][0] as object)[0]).toBe('_id');
    expect(servingIndexes(RateLimitModel, endedWindowsFilter(NOW))).toEqual(['lv_rate_limit_ttl']);
  });
});

describe('retention', () => {
  it('reads expired sessions, idle members, old audit entries, withheld review texts, acknowledged alerts and old delivery attempts each as one range of an index', async () => {
    const seen = [SessionModel, MemberModel, AuditModel, ReviewModel, AlertModel, DeliveryLogModel].map((model) => ({ model, finds: captureFinds(model) }));
    await createRetentionStore().purge({ sessionsDays: 1, launchRecordsDays: 30, auditDays: 730, hiddenReviewTextDays: 90, alertsDays: 365 }, NOW);
    for (const { model, finds } of seen) {
      expect(finds).toHaveLength(1);
      expectIndexRanges(model, finds);
    }
  });
});
