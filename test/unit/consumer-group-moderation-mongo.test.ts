/**
 * MongoDB consumer-group moderation without a server: each change (hide or restore an idea or a
 * comment, merge two ideas) and its audit entry go through one session of one transaction, the
 * entry last, so an entry that cannot be written aborts the change. The driver's collection methods
 * are stubbed under mongoose's real query layer (test/support/stubbed-mongo.ts).
 */
import type { ClientSession } from 'mongodb';
import { expectOneAuditInSession, stubAuditInsert, stubTransaction, type StubbedTransaction } from '../support/stubbed-mongo';
import { buildAudit } from '../support/audit';
import { CommentModel, IdeaModel, VoteModel, type CommentDoc, type IdeaDoc } from '../../src/storage/mongo/consultation-models';
import { mongoCommentPart } from '../../src/storage/mongo/comment-store';
import { mongoIdeaPart } from '../../src/storage/mongo/idea-store';

const course = { issuer: 'https://lms.example.edu', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-42' };
const T0 = new Date('2031-01-01T00:00:00Z');
const updateResult = { acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null };

function ideaDoc(recordId: string, overrides: Partial<IdeaDoc> = {}): IdeaDoc {
  return {
    ...course, recordId, kind: 'idea', consultationId: 'k-1', authorId: 'u-1', authorName: 'Ann', authorRole: 'learner', creditConsent: false,
    title: `Idea ${recordId}`, description: '', situation: '', locale: 'en', textLanguage: 'english', status: 'new', hidden: false,
    voteCount: 0, commentCount: 0, createdAt: T0, lastActivityAt: T0, mergedInto: null, ...overrides,
  } as IdeaDoc;
}

const commentDoc: CommentDoc = {
  ...course, recordId: 'c-1', targetType: 'idea', targetId: 'i-1', consultationId: 'k-1', parentId: null,
  authorId: 'u-2', authorName: 'Bo', authorRole: 'learner', body: 'Hm', hidden: false, createdAt: T0,
};

/** The session a stubbed driver call received in its options, if any. */
function sessionOf(call: unknown[]): unknown {
  return (call.find((a) => typeof a === 'object' && a !== null && 'session' in a) as { session?: unknown } | undefined)?.session;
}

describe('consumer-group moderation over a stubbed MongoDB driver', () => {
  let stub: StubbedTransaction;
  let session: ClientSession;
  let transaction: jest.SpyInstance;
  let auditInsert: jest.SpyInstance;
  beforeEach(() => {
    stub = stubTransaction();
    ({ session, transaction } = stub);
    auditInsert = stubAuditInsert();
  });
  afterEach(() => stub.end());

  it('hides an idea and appends its entry in one session, the change first', async () => {
    const change = jest.spyOn(IdeaModel.collection, 'findOneAndUpdate').mockResolvedValue(ideaDoc('i-1', { hidden: true, hiddenReason: 'Spam' }) as never);
    const entry = buildAudit(course, { action: 'idea.hide', subject: { type: 'idea', id: 'i-1' }, reason: 'Spam' });
    await expect(mongoIdeaPart().setIdeaHidden(course, 'i-1', true, 'Spam', entry)).resolves.toMatchObject({ id: 'i-1', hidden: true });
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(sessionOf(change.mock.calls[0] as unknown[])).toBe(session);
    expectOneAuditInSession(auditInsert, entry, session);
    expect(change.mock.invocationCallOrder[0]).toBeLessThan(auditInsert.mock.invocationCallOrder[0]);
  });

  it('writes no entry for an idea it did not find, and aborts the change when the entry fails', async () => {
    const change = jest.spyOn(IdeaModel.collection, 'findOneAndUpdate').mockResolvedValueOnce(null as never);
    await expect(mongoIdeaPart().setIdeaHidden(course, 'nope', true, 'Spam', buildAudit(course, { action: 'idea.hide' }))).resolves.toBeNull();
    expect(auditInsert).not.toHaveBeenCalled();

    change.mockResolvedValue(ideaDoc('i-1', { hidden: true }) as never);
    auditInsert.mockRejectedValueOnce(new Error('audit write failed'));
    await expect(mongoIdeaPart().setIdeaHidden(course, 'i-1', true, 'Spam', buildAudit(course, { action: 'idea.hide' }))).rejects.toThrow('audit write failed');
    await expect(transaction.mock.results[1].value).rejects.toThrow('audit write failed');
  });

  it('never opens a transaction for an entry of another course', async () => {
    await expect(mongoIdeaPart().setIdeaHidden(course, 'i-1', true, 'x', buildAudit({ ...course, contextId: 'other' }, { action: 'idea.hide' }))).rejects.toThrow(RangeError);
    await expect(mongoCommentPart().setCommentHidden(course, 'c-1', true, 'x', buildAudit({ ...course, issuer: 'https://evil.example' }, { action: 'comment.hide' }))).rejects.toThrow(RangeError);
    await expect(mongoIdeaPart().mergeIdeas(course, 'i-1', 'i-2', T0, buildAudit({ ...course, deploymentId: 'd-2' }, { action: 'idea.merge' }))).rejects.toThrow(RangeError);
    expect(transaction).not.toHaveBeenCalled();
  });

  it('hides a comment, moves its idea count and appends the entry, all in one session', async () => {
    const change = jest.spyOn(CommentModel.collection, 'findOneAndUpdate').mockResolvedValue(commentDoc as never);
    const count = jest.spyOn(IdeaModel.collection, 'updateOne').mockResolvedValue(updateResult);
    const reread = jest.spyOn(CommentModel.collection, 'findOne').mockResolvedValue({ ...commentDoc, hidden: true, hiddenReason: 'Rude' });
    const entry = buildAudit(course, { action: 'comment.hide', subject: { type: 'comment', id: 'c-1' }, reason: 'Rude' });
    await expect(mongoCommentPart().setCommentHidden(course, 'c-1', true, 'Rude', entry)).resolves.toMatchObject({ id: 'c-1', hidden: true });
    expect(transaction).toHaveBeenCalledTimes(1);
    for (const spy of [change, count, reread]) expect(sessionOf(spy.mock.calls[0] as unknown[])).toBe(session);
    expectOneAuditInSession(auditInsert, entry, session);
  });

  it('merges two ideas and appends the entry in one session, after every write of the merge', async () => {
    const source = ideaDoc('i-1');
    const target = ideaDoc('i-2');
    jest.spyOn(IdeaModel.collection, 'findOne').mockImplementation((async (filter: { recordId?: string }) => (filter.recordId === 'i-1' ? source : target)) as never);
    const updates = jest.spyOn(IdeaModel.collection, 'updateOne').mockResolvedValue(updateResult);
    jest.spyOn(VoteModel.collection, 'find').mockReturnValue({ toArray: async () => [] } as never);
    const moveComments = jest.spyOn(CommentModel.collection, 'updateMany').mockResolvedValue(updateResult);
    jest.spyOn(CommentModel.collection, 'countDocuments').mockResolvedValue(0);
    const finish = jest.spyOn(IdeaModel.collection, 'findOneAndUpdate').mockResolvedValue(target as never);
    const entry = buildAudit(course, { action: 'idea.merge', subject: { type: 'idea', id: 'i-1' }, systemReason: { code: 'idea.mergedInto', params: { title: 'Idea i-2' } } });
    await expect(mongoIdeaPart().mergeIdeas(course, 'i-1', 'i-2', T0, entry)).resolves.toMatchObject({ id: 'i-2' });
    // The reason is stored as its code and parameters, translated when shown.
    expect(auditInsert.mock.calls[0][0]).toMatchObject({ reasonCode: 'idea.mergedInto', reasonParams: { title: 'Idea i-2' } });
    expect(auditInsert.mock.calls[0][0]).not.toHaveProperty('reason');
    expect(transaction).toHaveBeenCalledTimes(1);
    for (const call of [...updates.mock.calls, ...moveComments.mock.calls, ...finish.mock.calls]) expect(sessionOf(call as unknown[])).toBe(session);
    expectOneAuditInSession(auditInsert, entry, session);
    expect(finish.mock.invocationCallOrder[0]).toBeLessThan(auditInsert.mock.invocationCallOrder[0]);
  });
});
