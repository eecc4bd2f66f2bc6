/**
 * One page, one snapshot: the several queries a MongoDB listing sends for one page all carry the same
 * snapshot session (readConcern snapshot at one cluster time), as SQLite reads a page in one read
 * transaction. Checked at the driver, without a server.
 */
import { ReviewModel } from '../../src/storage/mongo/course-models';
import { createReviewStore } from '../../src/storage/mongo/review-store';
import { createResponseStore } from '../../src/storage/mongo/loop-stores';
import { encodeReviewCursor } from '../../src/storage/shared/review-order';
import { stubSnapshotSessions, type StubbedSnapshot } from '../support/stubbed-mongo';

const course = { issuer: 'https://lms.example.edu', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-42' };
const item = { ...course, itemId: 'course' };

let snapshots: StubbedSnapshot;
let finds: jest.SpyInstance;
beforeEach(() => {
  snapshots = stubSnapshotSessions();
  finds = jest.spyOn(ReviewModel.collection, 'find').mockImplementation((() => ({ toArray: async () => [] })) as never);
});
afterEach(async () => {
  jest.restoreAllMocks();
  await snapshots.end();
});

/** The session each captured find() carried. */
const sessionsOfFinds = () => finds.mock.calls.map((call) => (call[1] as { session?: unknown } | undefined)?.session);

describe('a page of reviews reads one snapshot', () => {
  it('gives every query of one listReviews call the same snapshot session, then ends it', async () => {
    const cursor = encodeReviewCursor({ sort: 'helpful', helpfulCount: 3, createdAt: Date.UTC(2031, 0, 1), id: 'r-9' });
    await createReviewStore().listReviews(item, { sort: 'helpful', limit: 10, statuses: ['published', 'held'], cursor });
    expect(snapshots.startSession).toHaveBeenCalledTimes(1);
    expect(snapshots.startSession).toHaveBeenCalledWith({ snapshot: true });
    const [session] = snapshots.sessions;
    expect(session.snapshotEnabled).toBe(true);
    expect(finds.mock.calls.length).toBeGreaterThan(1);
    expect(sessionsOfFinds().every((s) => s === session)).toBe(true);
    expect(session.hasEnded).toBe(true);
  });

  it('gives each call its own snapshot', async () => {
    await createReviewStore().listReviews(item, { sort: 'recent', limit: 10, statuses: ['published'] });
    await createReviewStore().listReviews(item, { sort: 'recent', limit: 10, statuses: ['published'] });
    expect(snapshots.sessions).toHaveLength(2);
    expect(snapshots.sessions[0]).not.toBe(snapshots.sessions[1]);
  });

  it('ends the session when a read fails', async () => {
    finds.mockImplementation((() => ({ toArray: async () => Promise.reject(new Error('socket closed')) })) as never);
    await expect(createReviewStore().listReviews(item, { sort: 'recent', limit: 10, statuses: ['published'] })).rejects.toThrow('socket closed');
    expect(snapshots.sessions[0].hasEnded).toBe(true);
  });

  it('reads the moderation queue, the hidden list and the needs-attention list in one snapshot each', async () => {
    const page = { limit: 10, cursor: undefined };
    await createReviewStore().moderationQueue(course, page);
    await createReviewStore().listHidden(course, page);
    await createResponseStore().needsAttention(course, page);
    expect(snapshots.sessions).toHaveLength(3);
    expect(new Set(sessionsOfFinds()).size).toBe(3);
    expect(sessionsOfFinds().every((s) => snapshots.sessions.includes(s as never))).toBe(true);
  });
});
