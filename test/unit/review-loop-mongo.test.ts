/**
 * The MongoDB side of closing the loop without a server: model and index definitions, and the
 * response write over mongoose's real query layer with the driver's collection methods stubbed.
 * (The shared contract suite runs against a real server when MONGODB_URI is set.)
 */
import type { ClientSession } from 'mongodb';
import { stubGenerationBump, stubTransaction, type StubbedTransaction } from '../support/stubbed-mongo';
import { REVIEW_ATTENTION_INDEX, ReviewModel, VersionSummaryModel } from '../../src/storage/mongo/course-models';
import { ActionModel, InviteModel, OutboxModel, VersionModel } from '../../src/storage/mongo/loop-models';
import { createResponseStore } from '../../src/storage/mongo/loop-stores';

const COURSE_KEY = { issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 };
const course = { issuer: 'https://lms.example.edu', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-42' };

describe('loop models', () => {
  const models = [VersionSummaryModel, VersionModel, ActionModel, OutboxModel, InviteModel];
  it('use lv_ names and leave index creation to openMongoStorage', () => {
    for (const model of models) {
      expect(model.modelName).toMatch(/^lv_/);
      expect(model.collection.collectionName).toMatch(/^lv_/);
      expect(model.schema.get('autoIndex')).toBe(false);
    }
  });
  it('declare unique identities on the full course key, and a partial needs-attention index', () => {
    const unique = (model: (typeof models)[number] | typeof ReviewModel, key: Record<string, number>) =>
      expect(model.schema.indexes()).toContainEqual([key, expect.objectContaining({ unique: true })]);
    unique(VersionSummaryModel, { ...COURSE_KEY, itemId: 1, versionId: 1 });
    unique(OutboxModel, { ...COURSE_KEY, userId: 1, reason: 1 });
    unique(InviteModel, { ...COURSE_KEY, userId: 1 });
    unique(ActionModel, { actionId: 1 });
    expect(ReviewModel.schema.indexes()).toContainEqual([
      { ...COURSE_KEY, attention: 1, createdAt: 1, reviewId: 1 },
      expect.objectContaining({ name: REVIEW_ATTENTION_INDEX, partialFilterExpression: { attention: true } }),
    ]);
  });
});

describe('responding over a stubbed driver', () => {
  let stub: StubbedTransaction;
  let session: ClientSession;
  beforeEach(() => {
    stub = stubTransaction();
    session = stub.session;
  });
  afterEach(() => stub.end());

  it('finds the review within the course and replaces it with the response and a cleared attention flag, in the transaction', async () => {
    const doc = {
      ...course, itemId: 'course', reviewId: 'r-1', authorId: 'u-1', author: { name: 'Ada' }, authorNumber: 1, rating: 2, title: '', liked: '', improve: '',
      status: 'published', holdReasons: [], verified: true, helpfulCount: 0, reportCount: 0, queued: false, attention: true,
      createdAt: new Date('2031-01-01T00:00:00Z'), updatedAt: new Date('2031-01-01T00:00:00Z'), ratedAt: new Date('2031-01-01T00:00:00Z'),
    };
    const find = jest.spyOn(ReviewModel.collection, 'findOne').mockResolvedValue(doc as never);
    const replace = jest.spyOn(ReviewModel.collection, 'replaceOne').mockResolvedValue({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    const bump = stubGenerationBump();
    const at = new Date('2031-01-02T00:00:00Z');
    const review = await createResponseStore().respond(course, 'r-1', { text: 'Thanks', by: { id: 't', name: 'T', role: 'instructor' }, at });
    expect(find.mock.calls[0][0]).toEqual({ ...course, reviewId: 'r-1' });
    const replacement = replace.mock.calls[0][1] as Record<string, unknown>;
    expect(replacement).toMatchObject({ reviewId: 'r-1', attention: false, response: { text: 'Thanks', at } });
    expect(review?.response).toEqual({ text: 'Thanks', by: { id: 't', name: 'T', role: 'instructor' }, at });
    // The course's generation moves in the same transaction, after the replacement.
    expect(bump).toHaveBeenCalledTimes(1);
    expect(bump.mock.calls[0].slice(0, 2)).toEqual([course, { $inc: { generation: 1 }, $currentDate: { changedAt: true } }]);
    expect(bump.mock.calls[0][2]).toMatchObject({ upsert: true, session });
    expect(replace.mock.invocationCallOrder[0]).toBeLessThan(bump.mock.invocationCallOrder[0]);
  });
});
