/**
 * The MongoDB grade outbox without a server: what its claims and owner-conditioned writes send to
 * the driver (collection methods stubbed under mongoose's real query layer). The contract
 * (test/storage/grade-outbox-contract.ts) runs against a real server when MONGODB_URI is set.
 */
import { OutboxModel, type OutboxDoc } from '../../src/storage/mongo/loop-models';
import { createGradeOutbox } from '../../src/storage/mongo/grade-outbox-store';
import { OutboxCourseModel } from '../../src/storage/mongo/outbox-course-claims';

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
  const courseId = JSON.stringify([course.issuer, course.clientId, course.deploymentId, course.contextId]);
  const other = { ...course, contextId: 'course-43' };

  it('claims oldest due first, one score per findOneAndUpdate, taking each course once for the owner, until none is due or the limit is reached', async () => {
    const find = jest
      .spyOn(OutboxModel.collection, 'findOne')
      .mockResolvedValueOnce(doc('s-1', { claimedBy: undefined }) as never)
      .mockResolvedValueOnce(doc('s-2', { claimedBy: undefined }) as never)
      .mockResolvedValueOnce(null as never);
    const take = jest.spyOn(OutboxCourseModel.collection, 'updateOne').mockResolvedValue(updateResult(1));
    const claim = jest
      .spyOn(OutboxModel.collection, 'findOneAndUpdate')
      .mockResolvedValueOnce(doc('s-1', { locale: 'fr' }) as never)
      .mockResolvedValueOnce(doc('s-2') as never);
    const claimed = await createGradeOutbox().claimDueScores('worker-a', NOW, LEASE_MS, 5);
    expect(claimed.map((s) => [s.id, s.locale])).toEqual([['s-1', 'fr'], ['s-2', 'en']]);
    // Due means unclaimed or lease run out: a held claim's nextAttemptAt is its lease's end.
    for (const call of find.mock.calls) {
      const [filter, options] = call as unknown as [unknown, Record<string, unknown>];
      expect(filter).toEqual({ nextAttemptAt: { $lte: NOW } });
      expect(options).toMatchObject({ sort: { nextAttemptAt: 1, scoreId: 1 } });
    }
    // The course is taken once: "mine, or run out", as an upsert.
    expect(take).toHaveBeenCalledTimes(1);
    const [takeFilter, takeUpdate, takeOptions] = take.mock.calls[0] as unknown as [unknown, unknown, Record<string, unknown>];
    expect(takeFilter).toEqual({ _id: courseId, $or: [{ owner: 'worker-a' }, { until: { $lte: NOW } }] });
    expect(takeUpdate).toEqual({ $set: { owner: 'worker-a', until: new Date(NOW.getTime() + LEASE_MS) } });
    expect(takeOptions).toMatchObject({ upsert: true });
    for (const [i, call] of claim.mock.calls.entries()) {
      const [filter, update, options] = call as unknown as [unknown, Record<string, Record<string, unknown>>, Record<string, unknown>];
      expect(filter).toEqual({ scoreId: `s-${i + 1}`, nextAttemptAt: { $lte: NOW } });
      expect(update.$set).toEqual({ claimedBy: 'worker-a', nextAttemptAt: new Date(NOW.getTime() + LEASE_MS) });
      expect(options).toMatchObject({ returnDocument: 'after' });
      expect(options.upsert).toBeFalsy();
    }

    find.mockReset().mockResolvedValue(doc('s-3', { claimedBy: undefined }) as never);
    claim.mockReset().mockResolvedValue(doc('s-3') as never);
    expect(await createGradeOutbox().claimDueScores('worker-a', NOW, LEASE_MS, 2)).toHaveLength(2);
    expect(claim).toHaveBeenCalledTimes(2);
  });

  it('leaves out the courses another owner holds (the upsert meets their document: duplicate key) and claims elsewhere', async () => {
    const find = jest
      .spyOn(OutboxModel.collection, 'findOne')
      .mockResolvedValueOnce(doc('s-1', { claimedBy: undefined }) as never)
      .mockResolvedValueOnce(doc('s-9', { ...other, claimedBy: undefined }) as never)
      .mockResolvedValueOnce(null as never);
    jest
      .spyOn(OutboxCourseModel.collection, 'updateOne')
      .mockRejectedValueOnce(Object.assign(new Error('E11000 duplicate key error'), { code: 11000 }))
      .mockResolvedValueOnce(updateResult(1));
    const claim = jest.spyOn(OutboxModel.collection, 'findOneAndUpdate').mockResolvedValueOnce(doc('s-9', other) as never);
    expect((await createGradeOutbox().claimDueScores('worker-a', NOW, LEASE_MS, 5)).map((s) => s.id)).toEqual(['s-9']);
    expect(claim).toHaveBeenCalledTimes(1);
    expect(find.mock.calls[1][0]).toEqual({ nextAttemptAt: { $lte: NOW }, $nor: [course] });
    expect(find.mock.calls[2][0]).toEqual({ nextAttemptAt: { $lte: NOW }, $nor: [course] });
  });

  it('passes on any other error of the course upsert', async () => {
    jest.spyOn(OutboxModel.collection, 'findOne').mockResolvedValueOnce(doc('s-1', { claimedBy: undefined }) as never);
    jest.spyOn(OutboxCourseModel.collection, 'updateOne').mockRejectedValueOnce(Object.assign(new Error('not primary'), { code: 10107 }));
    await expect(createGradeOutbox().claimDueScores('worker-a', NOW, LEASE_MS, 5)).rejects.toThrow('not primary');
  });

  it('refuses a lease of no length, which would leave a claimed score due', async () => {
    const find = jest.spyOn(OutboxModel.collection, 'findOne');
    await expect(createGradeOutbox().claimDueScores('worker-a', NOW, 0, 5)).rejects.toThrow(RangeError);
    expect(find).not.toHaveBeenCalled();
  });

  it("removes, fails and releases a score only under its owner's claim, says whether it did, and gives the course back after the owner's last score there", async () => {
    const remove = jest.spyOn(OutboxModel.collection, 'findOneAndDelete').mockResolvedValueOnce(doc('s-1') as never).mockResolvedValueOnce(null as never);
    // Model.exists: the owner's other claimed scores in the course (none the first time, one the second).
    const others = jest.spyOn(OutboxModel.collection, 'findOne').mockResolvedValueOnce(null as never).mockResolvedValueOnce({ _id: 'x' } as never);
    const free = jest.spyOn(OutboxCourseModel.collection, 'deleteOne').mockResolvedValue({ acknowledged: true, deletedCount: 1 });
    const outbox = createGradeOutbox();
    expect(await outbox.removeScore('s-1', 'worker-a')).toBe(true);
    expect(await outbox.removeScore('s-1', 'worker-b')).toBe(false);
    expect(remove.mock.calls.map((c) => c[0])).toEqual([{ scoreId: 's-1', claimedBy: 'worker-a' }, { scoreId: 's-1', claimedBy: 'worker-b' }]);
    expect(others.mock.calls[0][0]).toEqual({ ...course, claimedBy: 'worker-a' });
    expect(free.mock.calls.map((c) => c[0])).toEqual([{ _id: courseId, owner: 'worker-a' }]);

    const update = jest.spyOn(OutboxModel.collection, 'findOneAndUpdate').mockResolvedValueOnce(doc('s-1') as never).mockResolvedValueOnce(null as never);
    const next = new Date(NOW.getTime() + 60_000);
    expect(await outbox.recordFailure('s-1', 'worker-a', 'HTTP 500', next)).toBe(true);
    expect(await outbox.releaseScore('s-1', 'worker-b', NOW)).toBe(false);
    // The owner still holds another score of the course: the course stays its own.
    expect(free).toHaveBeenCalledTimes(1);
    const [failFilter, failure] = update.mock.calls[0] as unknown as [unknown, Record<string, Record<string, unknown>>];
    expect(failFilter).toEqual({ scoreId: 's-1', claimedBy: 'worker-a' });
    expect(failure).toMatchObject({ $inc: { attempts: 1 }, $set: { lastError: 'HTTP 500', nextAttemptAt: next }, $unset: { claimedBy: 1 } });
    const [releaseFilter, release] = update.mock.calls[1] as unknown as [unknown, Record<string, Record<string, unknown>>];
    expect(releaseFilter).toEqual({ scoreId: 's-1', claimedBy: 'worker-b' });
    expect(release).toMatchObject({ $set: { nextAttemptAt: NOW }, $unset: { claimedBy: 1 } });
    expect(release.$inc).toBeUndefined();
  });

  it.each([{ $ne: null }, ['worker-a'], 42])('refuses an owner or score id that is not a string (%p): it would be an operator in the filter', async (hostile) => {
    const remove = jest.spyOn(OutboxModel.collection, 'findOneAndDelete');
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
