/**
 * The MongoDB retention purge over a stubbed driver (no server here; the contract runs it against a
 * real one when MONGODB_URI is set): what it sends, in which batches and transactions.
 */
import { Types } from 'mongoose';
import type { Model } from 'mongoose';
import { expectOneGenerationBump, stubAuditInsert, stubGenerationBump, stubTransaction, type StubbedTransaction } from '../support/stubbed-mongo';
import { ReviewModel, WITHHELD_WITH_TEXT } from '../../src/storage/mongo/course-models';
import { MemberModel, SessionModel } from '../../src/storage/mongo/models';
import { AlertDeliveryModel, AlertModel, DeliveryLogModel } from '../../src/storage/mongo/alert-models';
import { createRetentionStore } from '../../src/storage/mongo/retention-store';
import type { ReviewStatus } from '../../src/storage/ports/reviews';
import { EMPTY_PURGE_REPORT, type RetentionPolicy } from '../../src/storage/ports/retention';

const NOW = new Date('2031-01-10T00:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const OFF: RetentionPolicy = { sessionsDays: null, launchRecordsDays: null, auditDays: null, hiddenReviewTextDays: null, alertsDays: null };
const COURSE = { issuer: 'https://lms.example.edu', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-42' };

/** Answers each find() of the model with the next of `pages` (then nothing), recording what was asked. */
function answerFinds(model: Model<any>, pages: unknown[][]): Array<{ filter: Record<string, unknown>; options: Record<string, unknown> }> {
  const seen: Array<{ filter: Record<string, unknown>; options: Record<string, unknown> }> = [];
  jest.spyOn(model.collection, 'find').mockImplementation(((filter: Record<string, unknown>, options: Record<string, unknown> = {}) => {
    seen.push({ filter, options });
    const page = pages.shift() ?? [];
    return { toArray: async () => page };
  }) as never);
  return seen;
}

let stub: StubbedTransaction;
beforeEach(() => {
  stub = stubTransaction();
});
afterEach(() => stub.end());

describe('the withheld-text index', () => {
  it("holds held and hidden reviews only: the two statuses that sort before 'published' (its partial filter cannot use $in on MongoDB 5.0)", () => {
    // Adding a status makes this object incomplete, and the compiler sends the reader here.
    const statuses: Record<ReviewStatus, true> = { published: true, held: true, hidden: true };
    expect(Object.keys(statuses).filter((s) => s < WITHHELD_WITH_TEXT.status.$lt).sort()).toEqual(['held', 'hidden']);
  });
});

describe('mongo retention purge', () => {
  it('deletes expired sessions a batch of ids at a time, each delete repeating the cut-off, until a batch comes back short', async () => {
    const ids = (n: number) => Array.from({ length: n }, () => ({ _id: new Types.ObjectId() }));
    const finds = answerFinds(SessionModel, [ids(500), ids(3)]);
    const deletes = jest.spyOn(SessionModel.collection, 'deleteMany').mockImplementation((async (filter: { _id: { $in: unknown[] } }) => ({ acknowledged: true, deletedCount: filter._id.$in.length })) as never);

    const report = await createRetentionStore().purge({ ...OFF, sessionsDays: 2 }, NOW);

    expect(report).toEqual({ ...EMPTY_PURGE_REPORT, sessions: 503 });
    expect(finds).toHaveLength(2);
    expect(finds[0].options).toMatchObject({ limit: 500, sort: { expiresAt: 1 }, hint: 'lv_session_ttl' });
    expect(deletes).toHaveBeenCalledTimes(2);
    const [filter] = deletes.mock.calls[0] as unknown as [Record<string, unknown>];
    expect(filter).toMatchObject({ expiresAt: { $lte: new Date(NOW.getTime() - 2 * DAY) } });
  });

  it('removes idle members who never launched as learners and reduces the others, both re-checking the last launch', async () => {
    const teacher = { _id: new Types.ObjectId() };
    const learner = { _id: new Types.ObjectId(), firstLearnerLaunchAt: new Date('2029-01-01T00:00:00Z') };
    answerFinds(MemberModel, [[teacher, learner]]);
    const removed = jest.spyOn(MemberModel.collection, 'deleteMany').mockResolvedValue({ acknowledged: true, deletedCount: 1 });
    const reduced = jest.spyOn(MemberModel.collection, 'updateMany').mockResolvedValue({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });

    expect(await createRetentionStore().purge({ ...OFF, launchRecordsDays: 30 }, NOW)).toEqual({ ...EMPTY_PURGE_REPORT, launchRecordsRemoved: 1, launchRecordsReduced: 1 });

    const cutoff = new Date(NOW.getTime() - 30 * DAY);
    const [removeFilter] = removed.mock.calls[0] as unknown as [Record<string, unknown>];
    expect(removeFilter).toMatchObject({ launchCount: { $gt: 0 }, lastLaunchAt: { $lte: cutoff }, firstLearnerLaunchAt: null, _id: { $in: [teacher._id] } });
    const [reduceFilter, update] = reduced.mock.calls[0] as unknown as [Record<string, unknown>, unknown];
    expect(reduceFilter).toMatchObject({ launchCount: { $gt: 0 }, lastLaunchAt: { $lte: cutoff }, _id: { $in: [learner._id] } });
    expect(update).toEqual({ $set: { name: '', launchCount: 0 } });
  });

  it("unsets a course's withheld texts, writes its audit entry with the count and bumps its generation, all in one transaction", async () => {
    const other = { ...COURSE, contextId: 'course-7' };
    const page = [
      { reviewId: 'r-1', ...COURSE },
      { reviewId: 'r-2', ...COURSE },
      { reviewId: 'r-3', ...other },
    ];
    const insideCourse: Record<string, unknown[]> = {
      'course-42': [
        { reviewId: 'r-1', title: 'Rude', liked: '', improve: '', hiddenReason: 'Insult' },
        // Nothing to blank: unset (out of the index) but not counted, as SQLite never lists it.
        { reviewId: 'r-2', title: '', liked: '', improve: '' },
      ],
      'course-7': [],
    };
    const finds: Array<{ filter: Record<string, unknown>; options: Record<string, unknown> }> = [];
    jest.spyOn(ReviewModel.collection, 'find').mockImplementation(((filter: Record<string, unknown>, options: Record<string, unknown> = {}) => {
      finds.push({ filter, options });
      const docs = options.session ? insideCourse[filter.contextId as string] : page;
      return { toArray: async () => docs };
    }) as never);
    const unset = jest.spyOn(ReviewModel.collection, 'updateMany').mockResolvedValue({ acknowledged: true, matchedCount: 2, modifiedCount: 2, upsertedCount: 0, upsertedId: null });
    const audit = stubAuditInsert();
    const bump = stubGenerationBump();

    const report = await createRetentionStore().purge({ ...OFF, hiddenReviewTextDays: 90 }, NOW);

    expect(report).toEqual({ ...EMPTY_PURGE_REPORT, reviewTexts: 1 });
    const cutoff = new Date(NOW.getTime() - 90 * DAY);
    expect(finds[0].filter).toEqual({ status: { $lt: 'published' }, title: { $exists: true }, updatedAt: { $lte: cutoff } });
    expect(finds[0].options).toMatchObject({ hint: 'lv_review_withheld_text', sort: { updatedAt: 1, reviewId: 1 }, limit: 500 });
    // Each course re-reads its reviews inside its transaction, with the cut-off again (an edit since the page was read is left alone).
    expect(finds.slice(1).map((f) => f.filter)).toEqual([
      { ...COURSE, reviewId: { $in: ['r-1', 'r-2'] }, status: { $lt: 'published' }, title: { $exists: true }, updatedAt: { $lte: cutoff } },
      { ...other, reviewId: { $in: ['r-3'] }, status: { $lt: 'published' }, title: { $exists: true }, updatedAt: { $lte: cutoff } },
    ]);
    for (const f of finds.slice(1)) expect(f.options.session).toBe(stub.session);
    expect(unset).toHaveBeenCalledTimes(1);
    const [filter, update, options] = unset.mock.calls[0] as unknown as [object, object, { session?: unknown }];
    expect(filter).toEqual({ ...COURSE, reviewId: { $in: ['r-1', 'r-2'] } });
    expect(update).toEqual({ $unset: { title: 1, liked: 1, improve: 1, hiddenReason: 1 } });
    expect(options.session).toBe(stub.session);
    expect(audit).toHaveBeenCalledTimes(1);
    const [entry, auditOptions] = audit.mock.calls[0] as [Record<string, unknown>, { session?: unknown }];
    expect(entry).toMatchObject({ ...COURSE, action: 'review.texts-purged', reasonCode: 'retention.reviewTexts', reasonParams: { count: '1', days: '90' } });
    expect(JSON.stringify(entry)).not.toMatch(/Rude|Insult/);
    expect(auditOptions.session).toBe(stub.session);
    expectOneGenerationBump(bump, COURSE, stub.session);
  });

  it('removes acknowledged alerts with their attempts and pending deliveries first, then attempts older than the limit, never an open alert', async () => {
    const calls: string[] = [];
    const alertFinds = answerFinds(AlertModel, [[{ alertId: 'a-1' }, { alertId: 'a-2' }]]);
    const old = { _id: new Types.ObjectId() };
    const logFinds = answerFinds(DeliveryLogModel, [[old]]);
    const deleted = (name: string, n: number) => (async (filter: Record<string, unknown>) => {
      calls.push(`${name} ${JSON.stringify(filter)}`);
      return { acknowledged: true, deletedCount: n };
    }) as never;
    const logDeletes = jest.spyOn(DeliveryLogModel.collection, 'deleteMany').mockImplementationOnce(deleted('attempts', 3)).mockImplementationOnce(deleted('old-attempts', 1));
    jest.spyOn(AlertDeliveryModel.collection, 'deleteMany').mockImplementation(deleted('deliveries', 1));
    jest.spyOn(AlertModel.collection, 'deleteMany').mockImplementation(deleted('alerts', 2));

    const report = await createRetentionStore().purge({ ...OFF, alertsDays: 365 }, NOW);

    expect(report).toEqual({ ...EMPTY_PURGE_REPORT, alerts: 2, alertDeliveries: 1, deliveryAttempts: 4 });
    const cutoff = new Date(NOW.getTime() - 365 * DAY);
    expect(alertFinds[0]!.filter).toEqual({ state: 'acknowledged', acknowledgedAt: { $lte: cutoff } });
    expect(alertFinds[0]!.options).toMatchObject({ hint: 'lv_alerts_acknowledged', sort: { acknowledgedAt: 1 }, limit: 500 });
    const ids = { $in: ['a-1', 'a-2'] };
    expect(calls.slice(0, 3)).toEqual([
      `attempts ${JSON.stringify({ alertId: ids })}`,
      `deliveries ${JSON.stringify({ alertId: ids })}`,
      // The alerts last, their filter repeated: an open alert never matches.
      `alerts ${JSON.stringify({ state: 'acknowledged', acknowledgedAt: { $lte: cutoff }, alertId: ids })}`,
    ]);
    expect(logFinds[0]!.filter).toEqual({ at: { $lte: cutoff } });
    expect(logFinds[0]!.options).toMatchObject({ hint: 'lv_alert_log_at', sort: { at: 1 } });
    expect(logDeletes).toHaveBeenCalledTimes(2);
    expect((logDeletes.mock.calls[1] as unknown as [Record<string, unknown>])[0]).toMatchObject({ at: { $lte: cutoff }, _id: { $in: [old._id] } });
  });
});
