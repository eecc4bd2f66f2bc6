/**
 * The MongoDB contributions store without a server: what each method sends to the driver (the full
 * course key in every filter, ids as plain strings, the transaction's session on every write of a
 * unit, counters by $inc next to the mark, the audit entry in the change's session, E11000 read as
 * "already marked", the cursor ranges and sorts). The driver's collection methods are stubbed under
 * mongoose's real query layer (test/support/stubbed-mongo.ts); the contract suite
 * (test/storage/contributions-contract.ts) runs against a real server when MONGODB_URI is set.
 */
import type { ClientSession } from 'mongodb';
import { expectOneAuditInSession, stubAuditInsert, stubSnapshotSessions, stubTransaction, type StubbedSnapshot, type StubbedTransaction } from '../support/stubbed-mongo';
import { buildAudit } from '../support/audit';
import {
  CONTRIBUTION_MODELS,
  ContributionCommentModel,
  ContributionModel,
  ContributionReportModel,
  ContributionReuseModel,
  UsefulMarkModel,
  type ContributionDoc,
} from '../../src/storage/mongo/contribution-models';
import { createMongoContributionStore } from '../../src/storage/mongo/contribution-store';
import { VersionModel } from '../../src/storage/mongo/loop-models';
import { encodeContributionCursor, encodeQueueCursor } from '../../src/storage/shared/contribution-cursor';
import { InvalidCursorError } from '../../src/storage/shared/cursor';

const COURSE_KEY = { issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 };
const course = { issuer: 'https://lms.example.edu', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-42' };
const T0 = new Date('2031-01-01T00:00:00Z');
const T1 = new Date('2031-01-02T00:00:00Z');
const updated = { acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null };
const HOSTILE = { $ne: null } as unknown as string;

function contributionDoc(overrides: Partial<ContributionDoc> = {}): ContributionDoc {
  return {
    ...course,
    contributionId: 'k-1',
    authorId: 'author-1',
    authorName: 'Ann',
    title: 'A tip',
    text: 'Read the brief twice.',
    licence: 'cc-by-4.0',
    consentToReuse: true,
    creditByName: true,
    creditName: 'Ann',
    status: 'published',
    holdReasons: [],
    featured: 0,
    usefulCount: 2,
    commentCount: 0,
    reportCount: 0,
    reuseCount: 0,
    inQueue: false,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** The session a stubbed driver call received in its options, if any. */
function sessionOf(call: unknown[]): unknown {
  return (call.find((a) => typeof a === 'object' && a !== null && 'session' in a) as { session?: unknown } | undefined)?.session;
}

const duplicateKey = () => Object.assign(new Error('E11000 duplicate key error collection: lv_contribution_useful_marks'), { code: 11000 });

describe('contribution models', () => {
  it('use lv_ names and leave index creation to openMongoStorage', () => {
    for (const model of CONTRIBUTION_MODELS) {
      expect(model.collection.collectionName).toMatch(/^lv_contribution/);
      expect(model.schema.get('autoIndex')).toBe(false);
    }
  });

  it("declare a unique index for each of SQLite's primary keys and UNIQUE constraints", () => {
    const unique = (model: (typeof CONTRIBUTION_MODELS)[number], key: Record<string, number>) =>
      expect(model.schema.indexes()).toContainEqual([key, expect.objectContaining({ unique: true })]);
    unique(ContributionModel, { contributionId: 1 });
    unique(UsefulMarkModel, { ...COURSE_KEY, contributionId: 1, userId: 1 });
    unique(ContributionCommentModel, { commentId: 1 });
    unique(ContributionReportModel, { ...COURSE_KEY, contributionId: 1, reporterId: 1 });
    unique(ContributionReuseModel, { reuseId: 1 });
    unique(ContributionReuseModel, { ...COURSE_KEY, contributionId: 1, kind: 1, versionId: 1, targetDeploymentId: 1, targetContextId: 1 });
  });
});

describe('the contributions store over a stubbed MongoDB driver', () => {
  let stub: StubbedTransaction;
  let session: ClientSession;
  let transaction: jest.SpyInstance;
  let snapshots: StubbedSnapshot;
  beforeEach(() => {
    stub = stubTransaction();
    ({ session, transaction } = stub);
    snapshots = stubSnapshotSessions();
  });
  afterEach(async () => {
    await stub.end();
    await snapshots.end();
  });

  it('finds a contribution only by the full course key and a string id; an operator object never reaches the driver', async () => {
    const findOne = jest.spyOn(ContributionModel.collection, 'findOne').mockResolvedValue(contributionDoc() as never);
    await expect(createMongoContributionStore().findContribution(course, 'k-1')).resolves.toMatchObject({ id: 'k-1', course, featured: false, credit: { byName: true, name: 'Ann' } });
    expect(findOne.mock.calls[0][0]).toEqual({ ...course, contributionId: 'k-1' });
    findOne.mockClear();
    await expect(createMongoContributionStore().findContribution(course, HOSTILE)).resolves.toBeNull();
    await expect(createMongoContributionStore().setUseful(course, HOSTILE, 'u-2', true, T1)).resolves.toBeNull();
    await expect(createMongoContributionStore().moderateComment(course, HOSTILE, { status: 'hidden' }, buildAudit(course, { action: 'contribution-comment.hide' }))).resolves.toEqual({ ok: false, refusal: 'not-found' });
    expect(findOne).not.toHaveBeenCalled();
  });

  it('marks useful by an upsert of the mark and an $inc of the counter, both in the transaction', async () => {
    const findOne = jest.spyOn(ContributionModel.collection, 'findOne').mockResolvedValue(contributionDoc() as never);
    const mark = jest.spyOn(UsefulMarkModel.collection, 'updateOne').mockResolvedValue({ ...updated, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: 'x' as never });
    const counter = jest.spyOn(ContributionModel.collection, 'findOneAndUpdate').mockResolvedValue(contributionDoc({ usefulCount: 3 }) as never);
    await expect(createMongoContributionStore().setUseful(course, 'k-1', 'u-2', true, T1)).resolves.toBe(3);
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(sessionOf(findOne.mock.calls[0] as unknown[])).toBe(session);
    const [markFilter, markUpdate, markOptions] = mark.mock.calls[0] as unknown as [object, object, { upsert?: boolean; session?: unknown }];
    expect(markFilter).toEqual({ ...course, contributionId: 'k-1', userId: 'u-2' });
    expect(markUpdate).toEqual({ $setOnInsert: { at: T1 } });
    expect(markOptions).toMatchObject({ upsert: true, session });
    expect(counter.mock.calls[0].slice(0, 2)).toEqual([{ ...course, contributionId: 'k-1' }, { $inc: { usefulCount: 1 } }]);
    expect(sessionOf(counter.mock.calls[0] as unknown[])).toBe(session);
  });

  it('reads E11000 of a concurrent twin mark as "already marked": the unit runs again, finds the mark, and counts nothing', async () => {
    jest.spyOn(ContributionModel.collection, 'findOne').mockResolvedValue(contributionDoc() as never);
    const mark = jest
      .spyOn(UsefulMarkModel.collection, 'updateOne')
      .mockRejectedValueOnce(duplicateKey())
      .mockResolvedValueOnce({ ...updated, modifiedCount: 0 });
    const counter = jest.spyOn(ContributionModel.collection, 'findOneAndUpdate');
    await expect(createMongoContributionStore().setUseful(course, 'k-1', 'u-2', true, T1)).resolves.toBe(2);
    expect(transaction).toHaveBeenCalledTimes(2);
    expect(mark).toHaveBeenCalledTimes(2);
    expect(counter).not.toHaveBeenCalled();
  });

  it('refuses a mark on a held contribution or by its author, and unmarks with an $inc of -1 only when a mark was deleted', async () => {
    const findOne = jest.spyOn(ContributionModel.collection, 'findOne').mockResolvedValueOnce(contributionDoc({ status: 'held' }) as never);
    const mark = jest.spyOn(UsefulMarkModel.collection, 'updateOne');
    const store = createMongoContributionStore();
    await expect(store.setUseful(course, 'k-1', 'u-2', true, T1)).resolves.toBeNull();
    findOne.mockResolvedValueOnce(contributionDoc() as never);
    await expect(store.setUseful(course, 'k-1', 'author-1', true, T1)).resolves.toBeNull();
    expect(mark).not.toHaveBeenCalled();

    findOne.mockResolvedValue(contributionDoc() as never);
    const remove = jest.spyOn(UsefulMarkModel.collection, 'deleteOne').mockResolvedValueOnce({ acknowledged: true, deletedCount: 0 });
    const counter = jest.spyOn(ContributionModel.collection, 'findOneAndUpdate').mockResolvedValue(contributionDoc({ usefulCount: 1 }) as never);
    await expect(store.setUseful(course, 'k-1', 'u-2', false, T1)).resolves.toBe(2);
    expect(counter).not.toHaveBeenCalled();
    remove.mockResolvedValueOnce({ acknowledged: true, deletedCount: 1 });
    await expect(store.setUseful(course, 'k-1', 'u-2', false, T1)).resolves.toBe(1);
    expect(counter.mock.calls[0][1]).toEqual({ $inc: { usefulCount: -1 } });
  });

  it('publishes in one transaction: open reports cleared, the queue flag recomputed by the plan, the audit entry in the same session', async () => {
    jest.spyOn(ContributionModel.collection, 'findOne').mockResolvedValue(contributionDoc({ status: 'held', holdReasons: ['link'], reportCount: 2, inQueue: true }) as never);
    const clear = jest.spyOn(ContributionReportModel.collection, 'updateMany').mockResolvedValue(updated);
    const change = jest.spyOn(ContributionModel.collection, 'findOneAndUpdate').mockResolvedValue(contributionDoc({ updatedAt: T1 }) as never);
    const audit = stubAuditInsert();
    const entry = buildAudit(course, { action: 'contribution.publish', subject: { type: 'contribution', id: 'k-1' } });
    await expect(createMongoContributionStore().moderate(course, 'k-1', 'published', entry, T1)).resolves.toMatchObject({ ok: true, value: { id: 'k-1', status: 'published' } });
    expect(clear.mock.calls[0].slice(0, 2)).toEqual([{ ...course, contributionId: 'k-1', clearedAt: null }, { $set: { clearedAt: T1 } }]);
    expect(change.mock.calls[0].slice(0, 2)).toEqual([
      { ...course, contributionId: 'k-1' },
      { $set: { status: 'published', holdReasons: [], reportCount: 0, inQueue: false } },
    ]);
    for (const spy of [clear, change]) expect(sessionOf(spy.mock.calls[0] as unknown[])).toBe(session);
    expectOneAuditInSession(audit, entry, session);
  });

  it('refuses publishing without consent: nothing written, no audit entry', async () => {
    jest.spyOn(ContributionModel.collection, 'findOne').mockResolvedValue(contributionDoc({ status: 'held', consentToReuse: false, holdReasons: ['moderation'] }) as never);
    const change = jest.spyOn(ContributionModel.collection, 'findOneAndUpdate');
    const audit = stubAuditInsert();
    await expect(createMongoContributionStore().moderate(course, 'k-1', 'published', buildAudit(course, { action: 'contribution.publish' }), T1)).resolves.toEqual({ ok: false, refusal: 'no-consent' });
    expect(change).not.toHaveBeenCalled();
    expect(audit).not.toHaveBeenCalled();
  });

  it("records a reuse in another course of the platform: the course's versions and reuses read in the transaction, the insert, the $inc and the audit in its session", async () => {
    jest.spyOn(ContributionModel.collection, 'findOne').mockResolvedValue(contributionDoc() as never);
    const versions = jest.spyOn(VersionModel.collection, 'find').mockReturnValue({ toArray: async () => [{ versionId: 'v-1' }] } as never);
    const reuses = jest.spyOn(ContributionReuseModel.collection, 'find').mockReturnValue({ toArray: async () => [] } as never);
    const insert = jest.spyOn(ContributionReuseModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
    const counter = jest.spyOn(ContributionModel.collection, 'updateOne').mockResolvedValue(updated);
    const audit = stubAuditInsert();
    const other = { ...course, contextId: 'course-43' };
    const entry = buildAudit(course, { action: 'contribution.reuse', subject: { type: 'contribution', id: 'k-1' } });
    const result = await createMongoContributionStore().markReused(course, 'k-1', { kind: 'course', course: other }, { id: 'staff-1', name: 'Tess' }, entry, T1);
    expect(result).toMatchObject({ ok: true, value: { contributionId: 'k-1', course, target: { kind: 'course', course: other }, by: { id: 'staff-1', name: 'Tess' } } });
    expect(versions.mock.calls[0][0]).toEqual(course);
    expect(reuses.mock.calls[0][0]).toEqual({ ...course, contributionId: 'k-1' });
    expect(insert.mock.calls[0][0]).toMatchObject({ ...course, contributionId: 'k-1', authorId: 'author-1', kind: 'course', versionId: '', targetDeploymentId: 'dep-1', targetContextId: 'course-43', byId: 'staff-1', at: T1 });
    expect(counter.mock.calls[0].slice(0, 2)).toEqual([{ ...course, contributionId: 'k-1' }, { $inc: { reuseCount: 1 } }]);
    for (const spy of [versions, reuses, insert, counter]) expect(sessionOf(spy.mock.calls[0] as unknown[])).toBe(session);
    expectOneAuditInSession(audit, entry, session);
  });

  it('refuses a reuse already recorded (the plan reads the existing keys), writing nothing', async () => {
    jest.spyOn(ContributionModel.collection, 'findOne').mockResolvedValue(contributionDoc() as never);
    jest.spyOn(VersionModel.collection, 'find').mockReturnValue({ toArray: async () => [{ versionId: 'v-1' }] } as never);
    jest.spyOn(ContributionReuseModel.collection, 'find').mockReturnValue({ toArray: async () => [{ kind: 'version', versionId: 'v-1', targetDeploymentId: '', targetContextId: '' }] } as never);
    const insert = jest.spyOn(ContributionReuseModel.collection, 'insertOne');
    const audit = stubAuditInsert();
    const result = await createMongoContributionStore().markReused(course, 'k-1', { kind: 'version', versionId: 'v-1' }, { id: 'staff-1', name: 'Tess' }, buildAudit(course, { action: 'contribution.reuse' }), T1);
    expect(result).toEqual({ ok: false, refusal: 'duplicate' });
    expect(insert).not.toHaveBeenCalled();
    expect(audit).not.toHaveBeenCalled();
  });

  it('adds a published comment with the count moved in the same session, and a report only once', async () => {
    jest.spyOn(ContributionModel.collection, 'findOne').mockResolvedValue(contributionDoc() as never);
    const insert = jest.spyOn(ContributionCommentModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
    const counter = jest.spyOn(ContributionModel.collection, 'updateOne').mockResolvedValue(updated);
    const store = createMongoContributionStore();
    const comment = await store.addComment(course, 'k-1', { author: { id: 'u-2', name: 'Bo' }, text: 'Thanks', status: 'published', holdReasons: [] }, T1);
    expect(comment).toMatchObject({ contributionId: 'k-1', course, status: 'published', text: 'Thanks' });
    expect(insert.mock.calls[0][0]).toMatchObject({ ...course, contributionId: 'k-1', authorId: 'u-2' });
    expect(counter.mock.calls[0].slice(0, 2)).toEqual([{ ...course, contributionId: 'k-1' }, { $inc: { commentCount: 1 } }]);
    for (const spy of [insert, counter]) expect(sessionOf(spy.mock.calls[0] as unknown[])).toBe(session);

    counter.mockClear();
    const report = jest
      .spyOn(ContributionReportModel.collection, 'updateOne')
      .mockResolvedValueOnce({ ...updated, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: 'r' as never })
      .mockResolvedValueOnce({ ...updated, modifiedCount: 0 });
    await expect(store.report(course, 'k-1', 'u-3', 'spam', T1)).resolves.toBe(true);
    expect(report.mock.calls[0].slice(0, 2)).toEqual([{ ...course, contributionId: 'k-1', reporterId: 'u-3' }, { $setOnInsert: { reason: 'spam', at: T1, clearedAt: null } }]);
    expect(counter.mock.calls[0].slice(0, 2)).toEqual([{ ...course, contributionId: 'k-1' }, { $inc: { reportCount: 1 }, $set: { inQueue: true } }]);
    await expect(store.report(course, 'k-1', 'u-3', 'spam', T1)).resolves.toBe(false);
    expect(counter).toHaveBeenCalledTimes(1);
  });

  it('deletes an author\'s contribution with everything attached to it, in one session; refuses anyone else', async () => {
    jest.spyOn(ContributionModel.collection, 'findOne').mockResolvedValue(contributionDoc() as never);
    const removed = [ContributionModel, UsefulMarkModel, ContributionCommentModel, ContributionReportModel, ContributionReuseModel].map((model) => [
      jest.spyOn(model.collection, 'deleteOne').mockResolvedValue({ acknowledged: true, deletedCount: 1 }),
      jest.spyOn(model.collection, 'deleteMany').mockResolvedValue({ acknowledged: true, deletedCount: 1 }),
    ]);
    const store = createMongoContributionStore();
    await expect(store.deleteContribution(course, 'k-1', 'someone-else')).resolves.toBeNull();
    for (const pair of removed) for (const spy of pair) expect(spy).not.toHaveBeenCalled();
    await expect(store.deleteContribution(course, 'k-1', 'author-1')).resolves.toMatchObject({ id: 'k-1' });
    const calls = removed.flat().flatMap((spy) => spy.mock.calls as unknown[][]);
    expect(calls).toHaveLength(5);
    for (const call of calls) {
      expect(call[0]).toEqual({ ...course, contributionId: 'k-1' });
      expect(sessionOf(call)).toBe(session);
    }
  });

  it('pages a list after a cursor in ranges that start at it: same lead and instant, older instants, then a smaller lead', async () => {
    const finds: Array<{ filter: unknown; sort: unknown; hint: unknown; limit: unknown }> = [];
    jest.spyOn(ContributionModel.collection, 'find').mockImplementation(((filter: unknown, options: { sort?: unknown; hint?: unknown; limit?: unknown } = {}) => {
      finds.push({ filter, sort: options.sort, hint: options.hint, limit: options.limit });
      return { toArray: async () => [] };
    }) as never);
    const cursor = encodeContributionCursor({ sort: 'useful', lead: 4, createdAt: T0.getTime(), id: 'k-9' });
    await createMongoContributionStore().listContributions(course, { sort: 'useful', statuses: ['published', 'held'], limit: 10, cursor });
    const base = { ...course, status: { $in: ['published', 'held'] } };
    const sort = { usefulCount: -1, createdAt: -1, contributionId: -1 };
    expect(finds).toEqual([
      { filter: { ...base, usefulCount: 4, createdAt: T0, contributionId: { $lt: 'k-9' } }, sort, hint: 'lv_contribution_useful', limit: 11 },
      { filter: { ...base, usefulCount: 4, createdAt: { $lt: T0 } }, sort, hint: 'lv_contribution_useful', limit: 11 },
      { filter: { ...base, usefulCount: { $lt: 4 } }, sort, hint: 'lv_contribution_useful', limit: 11 },
    ]);
    // The reads of one page share one snapshot session.
    expect(snapshots.sessions).toHaveLength(1);
  });

  it("lists one author's contributions on the author index, one status as a plain value; refuses another sort's cursor", async () => {
    const finds: Array<{ filter: unknown; hint: unknown }> = [];
    jest.spyOn(ContributionModel.collection, 'find').mockImplementation(((filter: unknown, options: { hint?: unknown } = {}) => {
      finds.push({ filter, hint: options.hint });
      return { toArray: async () => [] };
    }) as never);
    const store = createMongoContributionStore();
    await store.listContributions(course, { sort: 'featured', statuses: ['held'], authorId: 'author-1', limit: 5 });
    expect(finds).toEqual([{ filter: { ...course, authorId: 'author-1', status: 'held' }, hint: 'lv_contribution_author_featured' }]);
    const newest = encodeContributionCursor({ sort: 'newest', lead: 0, createdAt: T0.getTime(), id: 'k-1' });
    await expect(store.listContributions(course, { sort: 'featured', statuses: ['published'], limit: 5, cursor: newest })).rejects.toThrow(InvalidCursorError);
    await expect(store.listContributions(course, { sort: 'newest', statuses: [{ $ne: null } as never], limit: 5 })).rejects.toThrow(RangeError);
  });

  it('returns a next cursor only when one more document than the page exists, from the last one kept', async () => {
    const docs = [contributionDoc({ contributionId: 'k-3', featured: 1 }), contributionDoc({ contributionId: 'k-2' }), contributionDoc({ contributionId: 'k-1' })];
    jest.spyOn(ContributionModel.collection, 'find').mockImplementation(((_filter: unknown, options: { limit?: number } = {}) => ({ toArray: async () => docs.slice(0, options.limit) })) as never);
    const page = await createMongoContributionStore().listContributions(course, { sort: 'featured', statuses: ['published'], limit: 2 });
    expect(page.items.map((c) => c.id)).toEqual(['k-3', 'k-2']);
    expect(page.nextCursor).toBe(encodeContributionCursor({ sort: 'featured', lead: 0, createdAt: T0.getTime(), id: 'k-2' }));
  });

  it('pages the moderation and comment queues oldest first after a queue cursor', async () => {
    const finds: Array<{ filter: unknown; sort: unknown }> = [];
    const capture = ((filter: unknown, options: { sort?: unknown } = {}) => {
      finds.push({ filter, sort: options.sort });
      return { toArray: async () => [] };
    }) as never;
    jest.spyOn(ContributionModel.collection, 'find').mockImplementation(capture);
    jest.spyOn(ContributionCommentModel.collection, 'find').mockImplementation(capture);
    const cursor = encodeQueueCursor(T0.getTime(), 'x-1');
    const store = createMongoContributionStore();
    await store.moderationQueue(course, { limit: 10, cursor });
    await store.commentQueue(course, { limit: 10, cursor });
    expect(finds).toEqual([
      { filter: { ...course, inQueue: true, createdAt: T0, contributionId: { $gt: 'x-1' } }, sort: { createdAt: 1, contributionId: 1 } },
      { filter: { ...course, inQueue: true, createdAt: { $gt: T0 } }, sort: { createdAt: 1, contributionId: 1 } },
      { filter: { ...course, status: 'held', createdAt: T0, commentId: { $gt: 'x-1' } }, sort: { createdAt: 1, commentId: 1 } },
      { filter: { ...course, status: 'held', createdAt: { $gt: T0 } }, sort: { createdAt: 1, commentId: 1 } },
    ]);
  });

  it("erases a person in one transaction: their contributions with what hangs on them, their marks with the counters moved back, their name blanked in reuses", async () => {
    const own = contributionDoc({ contributionId: 'mine', authorId: 'u-9', fileId: 'f-1', fileSha256: 'a'.repeat(64) });
    const other = { ...course, contextId: 'course-43' };
    jest.spyOn(ContributionModel.collection, 'find').mockReturnValue({ toArray: async () => [own] } as never);
    jest.spyOn(UsefulMarkModel.collection, 'find').mockReturnValue({ toArray: async () => [{ ...other, contributionId: 'k-5', userId: 'u-9', at: T0 }] } as never);
    jest.spyOn(ContributionCommentModel.collection, 'find').mockReturnValue({ toArray: async () => [] } as never);
    jest.spyOn(ContributionReportModel.collection, 'find').mockReturnValue({ toArray: async () => [] } as never);
    jest.spyOn(ContributionReuseModel.collection, 'find').mockReturnValue({ toArray: async () => [] } as never);
    const deletes = [
      jest.spyOn(ContributionModel.collection, 'deleteOne').mockResolvedValue({ acknowledged: true, deletedCount: 1 }),
      ...[UsefulMarkModel, ContributionCommentModel, ContributionReportModel, ContributionReuseModel].map((model) =>
        jest.spyOn(model.collection, 'deleteMany').mockResolvedValue({ acknowledged: true, deletedCount: 1 }),
      ),
    ];
    const markDelete = jest.spyOn(UsefulMarkModel.collection, 'deleteOne').mockResolvedValue({ acknowledged: true, deletedCount: 1 });
    const recount = jest.spyOn(ContributionModel.collection, 'updateOne').mockResolvedValue(updated);
    const anonymise = jest.spyOn(ContributionReuseModel.collection, 'updateMany').mockResolvedValue(updated);
    const result = await createMongoContributionStore().eraseUser({ issuer: course.issuer, clientId: course.clientId, userId: 'u-9' });
    expect(result.fileIds).toEqual(['f-1']);
    expect(result.courses).toEqual(
      expect.arrayContaining([
        { course, contributions: 1, usefulMarks: 0, comments: 0, reports: 0 },
        { course: other, contributions: 0, usefulMarks: 1, comments: 0, reports: 0 },
      ]),
    );
    for (const spy of deletes) expect(spy.mock.calls[0][0]).toEqual({ ...course, contributionId: 'mine' });
    expect(markDelete.mock.calls[0][0]).toEqual({ ...other, contributionId: 'k-5', userId: 'u-9' });
    expect(recount.mock.calls[0].slice(0, 2)).toEqual([{ ...other, contributionId: 'k-5' }, { $inc: { usefulCount: -1 } }]);
    expect(anonymise.mock.calls[0].slice(0, 2)).toEqual([{ issuer: course.issuer, clientId: course.clientId, byId: 'u-9', byName: { $ne: '' } }, { $set: { byName: '' } }]);
    for (const spy of [...deletes, markDelete, recount, anonymise]) expect(sessionOf(spy.mock.calls[0] as unknown[])).toBe(session);
    expect(transaction).toHaveBeenCalledTimes(1);
  });
});
