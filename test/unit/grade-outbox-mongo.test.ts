/**
 * The MongoDB grade outbox without a server: what its claims and owner-conditioned writes send to
 * the driver (collection methods stubbed under mongoose's real query layer). The contract
 * (test/storage/grade-outbox-contract.ts) runs against a real server when MONGODB_URI is set.
 */
import { OutboxModel, type OutboxDoc } from '../../src/storage/mongo/loop-models';
import { createGradeOutbox } from '../../src/storage/mongo/grade-outbox-store';

const course = { issuer: 'https://lms.example.edu', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-42' };
const NOW = new Date('2031-01-01T00:00:00Z');
const LEASE_MS = 90_000;
const doc = (scoreId: string, overrides: Partial<OutboxDoc> = {}): OutboxDoc => ({
  ...course,
  scoreId,
  userId: `user-${scoreId}`,
  reason: 'review',
  target: { lineItemsUrl: 'https://lms.example.edu/lineitems', scopes: ['score'], resourceLinkId: 'link-1' },
  createdAt: NOW,
  attempts: 0,
  nextAttemptAt: new Date(NOW.getTime() + LEASE_MS),
  claimedBy: 'worker-a',
  ...overrides,
});
const updateResult = (matchedCount: number) => ({ acknowledged: true, matchedCount, modifiedCount: matchedCount, upsertedCount: 0, upsertedId: null });

afterEach(() => jest.restoreAllMocks());

describe('grade outbox model', () => {
  it('declares the claim index on the due time alone (every platform), and no more the per-course due index', () => {
    const indexes = OutboxModel.schema.indexes();
    expect(indexes).toContainEqual([{ nextAttemptAt: 1, scoreId: 1 }, expect.objectContaining({ name: 'lv_outbox_claim' })]);
    expect(indexes.map(([, options]) => (options as { name?: string }).name)).not.toContain('lv_outbox_due');
  });
});

describe('grade outbox claims over a stubbed driver', () => {
  it('claims one score per findOneAndUpdate, oldest due first, until none is due or the limit is reached', async () => {
    const claim = jest
      .spyOn(OutboxModel.collection, 'findOneAndUpdate')
      .mockResolvedValueOnce(doc('s-1', { locale: 'fr' }) as never)
      .mockResolvedValueOnce(doc('s-2') as never)
      .mockResolvedValueOnce(null as never);
    const claimed = await createGradeOutbox().claimDueScores('worker-a', NOW, LEASE_MS, 5);
    expect(claimed.map((s) => [s.id, s.locale])).toEqual([['s-1', 'fr'], ['s-2', 'en']]);
    expect(claim).toHaveBeenCalledTimes(3);
    for (const call of claim.mock.calls) {
      const [filter, update, options] = call as unknown as [unknown, Record<string, Record<string, unknown>>, Record<string, unknown>];
      // Due means unclaimed or lease run out: a held claim's nextAttemptAt is its lease's end.
      expect(filter).toEqual({ nextAttemptAt: { $lte: NOW } });
      expect(Array.isArray(update)).toBe(false);
      expect(update.$set).toEqual({ claimedBy: 'worker-a', nextAttemptAt: new Date(NOW.getTime() + LEASE_MS) });
      expect(options).toMatchObject({ sort: { nextAttemptAt: 1, scoreId: 1 }, returnDocument: 'after' });
      expect(options.upsert).toBeFalsy();
    }

    claim.mockReset().mockResolvedValue(doc('s-3') as never);
    expect(await createGradeOutbox().claimDueScores('worker-a', NOW, LEASE_MS, 2)).toHaveLength(2);
    expect(claim).toHaveBeenCalledTimes(2);
  });

  it('refuses a lease of no length, which would leave a claimed score due', async () => {
    const claim = jest.spyOn(OutboxModel.collection, 'findOneAndUpdate');
    await expect(createGradeOutbox().claimDueScores('worker-a', NOW, 0, 5)).rejects.toThrow(RangeError);
    expect(claim).not.toHaveBeenCalled();
  });

  it('removes, fails and releases a score only under its owner\'s claim, and says whether it did', async () => {
    const remove = jest.spyOn(OutboxModel.collection, 'deleteOne').mockResolvedValueOnce({ acknowledged: true, deletedCount: 1 }).mockResolvedValueOnce({ acknowledged: true, deletedCount: 0 });
    const outbox = createGradeOutbox();
    expect(await outbox.removeScore('s-1', 'worker-a')).toBe(true);
    expect(await outbox.removeScore('s-1', 'worker-b')).toBe(false);
    expect(remove.mock.calls.map((c) => c[0])).toEqual([{ scoreId: 's-1', claimedBy: 'worker-a' }, { scoreId: 's-1', claimedBy: 'worker-b' }]);

    const update = jest.spyOn(OutboxModel.collection, 'updateOne').mockResolvedValueOnce(updateResult(1)).mockResolvedValueOnce(updateResult(0));
    const next = new Date(NOW.getTime() + 60_000);
    expect(await outbox.recordFailure('s-1', 'worker-a', 'HTTP 500', next)).toBe(true);
    expect(await outbox.releaseScore('s-1', 'worker-b', NOW)).toBe(false);
    const [failFilter, failure] = update.mock.calls[0] as unknown as [unknown, Record<string, Record<string, unknown>>];
    expect(failFilter).toEqual({ scoreId: 's-1', claimedBy: 'worker-a' });
    expect(failure).toMatchObject({ $inc: { attempts: 1 }, $set: { lastError: 'HTTP 500', nextAttemptAt: next }, $unset: { claimedBy: 1 } });
    const [releaseFilter, release] = update.mock.calls[1] as unknown as [unknown, Record<string, Record<string, unknown>>];
    expect(releaseFilter).toEqual({ scoreId: 's-1', claimedBy: 'worker-b' });
    expect(release).toMatchObject({ $set: { nextAttemptAt: NOW }, $unset: { claimedBy: 1 } });
    expect(release.$inc).toBeUndefined();
  });

  it.each([{ $ne: null }, ['worker-a'], 42])('refuses an owner or score id that is not a string (%p): it would be an operator in the filter', async (hostile) => {
    const remove = jest.spyOn(OutboxModel.collection, 'deleteOne');
    const outbox = createGradeOutbox();
    await expect(outbox.removeScore('s-1', hostile as never)).rejects.toThrow();
    await expect(outbox.removeScore(hostile as never, 'worker-a')).rejects.toThrow();
    expect(remove).not.toHaveBeenCalled();
  });

  it('counts every pending score of every platform', async () => {
    const count = jest.spyOn(OutboxModel.collection, 'countDocuments').mockResolvedValue(7);
    expect(await createGradeOutbox().countPending()).toBe(7);
    expect(count.mock.calls[0][0]).toEqual({});
  });
});
