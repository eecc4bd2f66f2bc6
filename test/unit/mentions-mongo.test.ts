/**
 * The MongoDB side of Listening mentions without a server: models and indexes, and what the store
 * sends to the driver (collection methods stubbed under mongoose's real query layer). A poll's
 * state and its new mentions are written in one transaction; each mention is an upsert with
 * $setOnInsert on its unique (course, feed, entry) key, so post texts travel as plain values and a
 * mention read again is never written twice; a course over its bound loses its oldest in the same
 * transaction. The contract (test/storage/mentions-contract.ts) runs on a real server with MONGODB_URI.
 */
import { MentionFeedModel, MentionKeywordsModel, MentionModel } from '../../src/storage/mongo/mention-models';
import { createMentionStore } from '../../src/storage/mongo/mention-store';
import { MENTION_LIMITS, type NewMention } from '../../src/storage/ports/mentions';
import { stubTransaction, type StubbedTransaction } from '../support/stubbed-mongo';

const DEPLOYMENT = { issuer: 'https://lms.example.edu', clientId: 'client-1', deploymentId: 'dep-1' };
const T0 = new Date('2031-01-01T00:00:00Z');
const FEED = { feedId: 'feed-1', ...DEPLOYMENT, title: 'Forum', url: 'https://forum.example/f.rss', addedAt: T0, addedBy: 'a', consecutiveFailures: 0, nextAttemptAt: T0 };
const upserted = (n: number) => ({ acknowledged: true, matchedCount: 1 - n, modifiedCount: 0, upsertedCount: n, upsertedId: null });
const mention = (key: string): NewMention => ({
  contextId: 'course-1', entryKey: key, title: '$concat', excerpt: '{ "$gt": "" }', url: `https://forum.example/t/${key}`,
  sentimentScore: -2, sentimentLabel: 'negative', keywords: ['$where'],
});

let tx: StubbedTransaction;
beforeEach(() => {
  tx = stubTransaction();
});
afterEach(() => tx.end());

describe('mention models', () => {
  it('use lv_ names, leave index creation to openMongoStorage, and declare the unique and ordered indexes the store relies on', () => {
    for (const model of [MentionFeedModel, MentionKeywordsModel, MentionModel]) {
      expect(model.collection.collectionName).toMatch(/^lv_/);
      expect(model.schema.get('autoIndex')).toBe(false);
    }
    expect(MentionFeedModel.schema.indexes()).toContainEqual([{ issuer: 1, clientId: 1, deploymentId: 1, url: 1 }, expect.objectContaining({ unique: true })]);
    expect(MentionFeedModel.schema.indexes()).toContainEqual([{ nextAttemptAt: 1, feedId: 1 }, expect.anything()]);
    expect(MentionKeywordsModel.schema.indexes()).toContainEqual([{ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 }, expect.objectContaining({ unique: true })]);
    expect(MentionModel.schema.indexes()).toContainEqual([{ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1, feedId: 1, entryKey: 1 }, expect.objectContaining({ unique: true })]);
    expect(MentionModel.schema.indexes()).toContainEqual([{ issuer: 1, clientId: 1, deploymentId: 1, contextId: 1, sortAt: -1, mentionId: -1 }, expect.anything()]);
  });
});

describe('recording a poll over a stubbed driver', () => {
  it('updates the feed and upserts each new mention with $setOnInsert in one transaction, and returns only those inserted', async () => {
    const state = jest.spyOn(MentionFeedModel.collection, 'findOneAndUpdate').mockResolvedValue({ ...FEED } as never);
    const upsert = jest.spyOn(MentionModel.collection, 'updateOne').mockResolvedValueOnce(upserted(1)).mockResolvedValueOnce(upserted(0));
    const finds = jest.spyOn(MentionModel.collection, 'find').mockReturnValue({ toArray: async () => [] } as never);
    const removed = jest.spyOn(MentionModel.collection, 'deleteMany');
    const added = await createMentionStore().recordFetch('feed-1', { kind: 'success', at: T0, nextAttemptAt: T0, mentions: [mention('new'), mention('seen')], etag: '"e"' });
    expect(added?.map((m) => m.entryKey)).toEqual(['new']);
    expect(added?.[0]).toMatchObject({ title: '$concat', excerpt: '{ "$gt": "" }', keywords: ['$where'], feedTitle: 'Forum', course: { ...DEPLOYMENT, contextId: 'course-1' } });
    const [feedFilter, feedUpdate, feedOptions] = state.mock.calls[0] as unknown as [object, Record<string, Record<string, unknown>>, { session?: unknown }];
    expect(feedFilter).toEqual({ feedId: 'feed-1' });
    expect(feedUpdate.$set).toMatchObject({ consecutiveFailures: 0, lastSuccessAt: T0, etag: '"e"' });
    expect(feedUpdate.$unset).toMatchObject({ lastError: 1, lastModified: 1 });
    expect(feedOptions.session).toBe(tx.session);
    const [filter, update, options] = upsert.mock.calls[0] as unknown as [Record<string, unknown>, Record<string, Record<string, unknown>>, { upsert?: boolean; session?: unknown }];
    expect(filter).toEqual({ ...DEPLOYMENT, contextId: 'course-1', feedId: 'feed-1', entryKey: 'new' });
    expect(Array.isArray(update)).toBe(false);
    expect(update.$setOnInsert).toMatchObject({ title: '$concat', excerpt: '{ "$gt": "" }', sentimentLabel: 'negative' });
    expect(options).toMatchObject({ upsert: true, session: tx.session });
    // The course that gained a mention is trimmed past its bound, in the same transaction.
    expect(finds).toHaveBeenCalledTimes(1);
    const [trimFilter, trimOptions] = finds.mock.calls[0] as unknown as [object, { skip?: number; sort?: object; session?: unknown }];
    expect(trimFilter).toEqual({ ...DEPLOYMENT, contextId: 'course-1' });
    expect(trimOptions).toMatchObject({ skip: MENTION_LIMITS.perCourse, sort: { sortAt: -1, mentionId: -1 }, session: tx.session });
    expect(removed).not.toHaveBeenCalled();
  });

  it('deletes what falls past the bound and does not report it as new', async () => {
    jest.spyOn(MentionFeedModel.collection, 'findOneAndUpdate').mockResolvedValue({ ...FEED } as never);
    const upsert = jest.spyOn(MentionModel.collection, 'updateOne').mockResolvedValue(upserted(1));
    jest.spyOn(MentionModel.collection, 'find').mockImplementation((() => ({ toArray: async () => [{ mentionId: (upsert.mock.calls[0] as unknown as [object, { $setOnInsert: { mentionId: string } }])[1].$setOnInsert.mentionId }] })) as never);
    const removed = jest.spyOn(MentionModel.collection, 'deleteMany').mockResolvedValue({ acknowledged: true, deletedCount: 1 });
    const added = await createMentionStore().recordFetch('feed-1', { kind: 'success', at: T0, nextAttemptAt: T0, mentions: [mention('old')] });
    expect(added).toEqual([]);
    expect(removed).toHaveBeenCalledTimes(1);
    expect((removed.mock.calls[0] as unknown as [object, { session?: unknown }])[1].session).toBe(tx.session);
  });

  it('writes no mention for a feed removed meanwhile, and records a failure without a transaction', async () => {
    jest.spyOn(MentionFeedModel.collection, 'findOneAndUpdate').mockResolvedValue(null as never);
    const upsert = jest.spyOn(MentionModel.collection, 'updateOne');
    expect(await createMentionStore().recordFetch('feed-1', { kind: 'success', at: T0, nextAttemptAt: T0, mentions: [mention('a')] })).toBeNull();
    expect(upsert).not.toHaveBeenCalled();
    tx.transaction.mockClear();
    expect(await createMentionStore().recordFetch('feed-1', { kind: 'failure', at: T0, nextAttemptAt: T0, error: 'timeout' })).toBeNull();
    expect(tx.transaction).not.toHaveBeenCalled();
  });

  it('refuses an object where an id belongs, before the driver sees it', async () => {
    await expect(createMentionStore().claimFeed({ $ne: '' } as never, T0, T0)).rejects.toThrow();
  });
});
