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

  it('hides an idea by one update within the course, and appends its entry in the same session', async () => {
    const change = jest.spyOn(IdeaModel.collection, 'findOneAndUpdate').mockResolvedValue(ideaDoc('i-1', { hidden: true, hiddenReason: 'Spam' }) as never);
    const entry = buildAudit(course, { action: 'idea.hide', subject: { type: 'idea', id: 'i-1' }, reason: 'Spam' });
    await expect(mongoIdeaPart().setIdeaHidden(course, 'i-1', true, 'Spam', entry)).resolves.toMatchObject({ id: 'i-1', hidden: true });
    const [filter, update, options] = change.mock.calls[0] as unknown as [object, object, { session?: unknown }];
    expect(filter).toEqual({ ...course, recordId: 'i-1' });
    expect(update).toEqual({ $set: { hidden: true, hiddenReason: 'Spam' } });
    expect(options.session).toBe(session);
    expectOneAuditInSession(auditInsert, entry, session);
  });

  it('restores an idea by unsetting its reason', async () => {
    const change = jest.spyOn(IdeaModel.collection, 'findOneAndUpdate').mockResolvedValue(ideaDoc('i-1') as never);
    await mongoIdeaPart().setIdeaHidden(course, 'i-1', false, undefined, buildAudit(course, { action: 'idea.restore' }));
    expect(change.mock.calls[0][1]).toEqual({ $set: { hidden: false }, $unset: { hiddenReason: '' } });
  });

  it('never opens a transaction for an entry of another course', async () => {
    await expect(mongoIdeaPart().setIdeaHidden(course, 'i-1', true, 'x', buildAudit({ ...course, contextId: 'other' }, { action: 'idea.hide' }))).rejects.toThrow(RangeError);
    await expect(mongoCommentPart().setCommentHidden(course, 'c-1', true, 'x', buildAudit({ ...course, issuer: 'https://evil.example' }, { action: 'comment.hide' }))).rejects.toThrow(RangeError);
    await expect(mongoIdeaPart().mergeIdeas(course, 'i-1', 'i-2', T0, buildAudit({ ...course, deploymentId: 'd-2' }, { action: 'idea.merge' }))).rejects.toThrow(RangeError);
    expect(transaction).not.toHaveBeenCalled();
  });

  it("hides a comment within the course and takes it off its idea's count, all in one session", async () => {
    const change = jest.spyOn(CommentModel.collection, 'findOneAndUpdate').mockResolvedValue(commentDoc as never);
    const count = jest.spyOn(IdeaModel.collection, 'updateOne').mockResolvedValue(updateResult);
    jest.spyOn(CommentModel.collection, 'findOne').mockResolvedValue({ ...commentDoc, hidden: true, hiddenReason: 'Rude' });
    const entry = buildAudit(course, { action: 'comment.hide', subject: { type: 'comment', id: 'c-1' }, reason: 'Rude' });
    await expect(mongoCommentPart().setCommentHidden(course, 'c-1', true, 'Rude', entry)).resolves.toMatchObject({ id: 'c-1', hidden: true });
    expect(change.mock.calls[0].slice(0, 2)).toEqual([{ ...course, recordId: 'c-1' }, { $set: { hidden: true, hiddenReason: 'Rude' } }]);
    expect(count.mock.calls[0].slice(0, 2)).toEqual([{ recordId: 'i-1' }, { $inc: { commentCount: -1 } }]);
    for (const spy of [change, count]) expect(sessionOf(spy.mock.calls[0] as unknown[])).toBe(session);
    expectOneAuditInSession(auditInsert, entry, session);
  });

  it('merges two ideas in one session: the source marked only if unmerged, comments moved within the course, the reason stored as a code', async () => {
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
    expect(updates.mock.calls[0].slice(0, 2)).toEqual([{ recordId: 'i-1', mergedInto: null }, { $set: { mergedInto: 'i-2' } }]);
    expect(moveComments.mock.calls[0].slice(0, 2)).toEqual([{ ...course, targetType: 'idea', targetId: 'i-1' }, { $set: { targetId: 'i-2' } }]);
    // The reason is stored as its code and parameters, translated when shown.
    expect(auditInsert.mock.calls[0][0]).toMatchObject({ reasonCode: 'idea.mergedInto', reasonParams: { title: 'Idea i-2' } });
    expect(auditInsert.mock.calls[0][0]).not.toHaveProperty('reason');
    for (const call of [...updates.mock.calls, ...moveComments.mock.calls, ...finish.mock.calls]) expect(sessionOf(call as unknown[])).toBe(session);
    expectOneAuditInSession(auditInsert, entry, session);
  });
});
