/**
 * The MongoDB erasure over a stubbed driver (no server here; the contract runs it on a real one with
 * MONGODB_URI): one transaction, every call in its session, every read keyed by the person (and the
 * platform wherever the documents carry it), the counters recounted, and one audit entry per course
 * that holds neither the person's id nor their name.
 */
import type { Model } from 'mongoose';
import { AuditModel, AuthorNumberModel, ReportModel, ReviewModel, VoteModel as ReviewVoteModel } from '../../src/storage/mongo/course-models';
import { AnswerModel, CommentModel, ConsultationModel, IdeaModel, PollModel, VisitModel, VoteModel as IdeaVoteModel } from '../../src/storage/mongo/consultation-models';
import { ActionModel, InviteModel, OutboxModel, VersionModel } from '../../src/storage/mongo/loop-models';
import { CatalogueVisitModel } from '../../src/storage/mongo/catalogue-models';
import { MemberModel, SessionModel } from '../../src/storage/mongo/models';
import { LtiRecordModel } from '../../src/storage/mongo/ltijs-records';
import { createUserDataStore } from '../../src/storage/mongo/user-data-store';
import { PERSON_INDEXES } from '../../src/storage/mongo/user-data-indexes';
import { stubAuditInsert, stubGenerationBump, stubTransaction, type StubbedTransaction } from '../support/stubbed-mongo';

const USER = { issuer: 'https://lms-a.example', clientId: 'client-1', userId: 'sub-1' };
const COURSE = { issuer: USER.issuer, clientId: USER.clientId, deploymentId: 'dep-1', contextId: 'course-1' };
const MODELS: Array<Model<any>> = [
  ReviewModel, ReviewVoteModel, ReportModel, AuthorNumberModel, AuditModel, IdeaModel, IdeaVoteModel, CommentModel, AnswerModel, PollModel,
  ConsultationModel, VisitModel, MemberModel, InviteModel, OutboxModel, ActionModel, VersionModel, CatalogueVisitModel, SessionModel, LtiRecordModel,
];

/** What each collection's find returns (everything else finds nothing). */
const FOUND = new Map<Model<any>, unknown[]>([
  [ReviewVoteModel, [{ ...COURSE, reviewId: 'r-other', voterId: USER.userId }]],
  [ReportModel, [{ ...COURSE, reviewId: 'r-other', reporterId: USER.userId, reason: 'spam', at: new Date(1), clearedAt: null }]],
  [IdeaVoteModel, [{ ideaId: 'i-other', voterId: USER.userId, role: 'learner', votedAt: new Date(2) }]],
  [IdeaModel, [{ ...COURSE, recordId: 'i-other', authorId: 'sub-2' }]],
  [MemberModel, [{ ...COURSE, userId: USER.userId, name: 'Erin', role: 'learner', firstLaunchAt: new Date(0), lastLaunchAt: new Date(0), launchCount: 1 }]],
]);

describe('MongoDB erasure over a stubbed driver', () => {
  let stub: StubbedTransaction;
  const calls: Array<{ model: string; method: string; args: unknown[] }> = [];

  beforeEach(() => {
    stub = stubTransaction();
    stubGenerationBump();
    calls.length = 0;
    for (const model of MODELS) {
      const record = (method: string) => (...args: unknown[]) => {
        calls.push({ model: model.modelName, method, args });
        return undefined;
      };
      jest.spyOn(model.collection, 'find').mockImplementation(((...args: unknown[]) => {
        record('find')(...args);
        return { toArray: async () => (model === IdeaModel && (args[0] as Record<string, unknown>).authorId ? [] : (FOUND.get(model) ?? [])) };
      }) as never);
      jest.spyOn(model.collection, 'findOne').mockImplementation((async (...args: unknown[]) => {
        record('findOne')(...args);
        return model === ReviewModel ? { ...COURSE, reviewId: 'r-other', status: 'published', rating: 5, reportCount: 1, ratedAt: new Date(0) } : null;
      }) as never);
      for (const method of ['deleteOne', 'deleteMany', 'updateOne', 'updateMany'] as const) {
        jest.spyOn(model.collection, method).mockImplementation((async (...args: unknown[]) => {
          record(method)(...args);
          return { acknowledged: true, deletedCount: 1, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null };
        }) as never);
      }
      jest.spyOn(model.collection, 'countDocuments').mockImplementation((async (...args: unknown[]) => {
        record('countDocuments')(...args);
        return 0;
      }) as never);
    }
  });
  afterEach(() => stub.end());

  it('erases in one transaction, keyed by the person, recounting what they fed, with an audit entry per course that names nobody', async () => {
    const audit = stubAuditInsert();
    const courses = await createUserDataStore().eraseUser(USER, { at: new Date(5), reference: 'ref-0001-erasure', reviewsDeleted: [{ course: COURSE, count: 2 }] });

    expect(stub.transaction).toHaveBeenCalledTimes(1);
    expect(courses).toEqual([{ course: COURSE, counts: expect.objectContaining({ reviews: 2, helpfulVotes: 1, reports: 1, ideaVotes: 1, recordsDeleted: 1 }) }]);
    for (const call of calls) {
      const options = call.args.find((a) => typeof a === 'object' && a !== null && 'session' in a) as { session?: unknown } | undefined;
      expect({ call: `${call.model}.${call.method}`, inSession: options?.session === stub.session }).toEqual({ call: `${call.model}.${call.method}`, inSession: true });
    }
    // Every find is keyed by the person, and by the platform wherever the documents carry it.
    const personKeys = ['voterId', 'reporterId', 'authorId', 'userId', 'actor.id', 'createdBy.id', 'response.by.id', 'doc.user', 'visitor', 'context'];
    for (const call of calls.filter((c) => c.method === 'find')) {
      const filter = call.args[0] as Record<string, unknown>;
      const byPerson = personKeys.some((k) => k in filter);
      const byParent = 'recordId' in filter;
      expect({ call: call.model, keyed: byPerson || byParent }).toEqual({ call: call.model, keyed: true });
      if ('issuer' in filter) expect(filter).toMatchObject({ issuer: USER.issuer, clientId: USER.clientId });
    }
    const helpful = calls.find((c) => c.model === ReviewModel.modelName && c.method === 'updateOne' && JSON.stringify(c.args[1]).includes('helpfulCount'));
    expect(helpful?.args.slice(0, 2)).toEqual([{ reviewId: 'r-other' }, { $set: { helpfulCount: 0 } }]);
    const reports = calls.find((c) => c.model === ReviewModel.modelName && c.method === 'updateOne' && JSON.stringify(c.args[1]).includes('reportCount'));
    expect(reports?.args[1]).toEqual({ $set: { reportCount: 0, queued: false, attention: false } });
    expect(calls.find((c) => c.model === IdeaModel.modelName && c.method === 'updateOne')?.args.slice(0, 2)).toEqual([{ recordId: 'i-other' }, { $set: { voteCount: 0 } }]);
    expect(calls.find((c) => c.model === IdeaModel.modelName && c.method === 'updateMany')?.args.slice(0, 2)).toEqual([
      { issuer: USER.issuer, clientId: USER.clientId, authorId: USER.userId },
      { $set: { authorId: 'erased:ref-0001-erasure', authorName: '', creditConsent: false } },
    ]);

    expect(audit).toHaveBeenCalledTimes(1);
    const [doc, options] = audit.mock.calls[0] as [Record<string, unknown>, { session?: unknown }];
    expect(doc).toMatchObject({ ...COURSE, action: 'user.erase', subject: { type: 'erasure', id: 'ref-0001-erasure' }, reasonCode: 'user.erased' });
    expect(JSON.stringify(doc)).not.toContain(USER.userId);
    expect(options.session).toBe(stub.session);
  });

  it('refuses ids a query could read as operators before touching the driver', async () => {
    await expect(createUserDataStore().eraseUser({ ...USER, userId: { $ne: null } as never }, { at: new Date(), reference: 'ref-0001-erasure', reviewsDeleted: [] })).rejects.toThrow(TypeError);
    await expect(createUserDataStore().exportUser({ ...USER, issuer: { $gt: '' } as never })).rejects.toThrow(TypeError);
    expect(calls).toEqual([]);
    expect(stub.transaction).not.toHaveBeenCalled();
  });

  it('declares a person index on every collection a request reads by person', () => {
    expect(PERSON_INDEXES.map(([model, keys]) => `${model.collection.collectionName} ${Object.keys(keys).join(',')}`)).toEqual(
      expect.arrayContaining(['lv_reviews issuer,clientId,authorId', 'lv_review_votes issuer,clientId,voterId', 'lv_audit issuer,clientId,actor.id', 'lv_cg_answers userId']),
    );
  });
});
