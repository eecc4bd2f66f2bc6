/**
 * The MongoDB side of closing the loop without a server: model and index definitions, and the
 * response write over mongoose's real query layer with the driver's collection methods stubbed.
 * (The shared contract suite runs against a real server when MONGODB_URI is set.)
 */
import type { ClientSession } from 'mongodb';
import { expectOneGenerationBump, stubGenerationBump, stubTransaction, type StubbedTransaction } from '../support/stubbed-mongo';
import { REVIEW_ATTENTION_INDEX, ReviewModel, VersionSummaryModel } from '../../src/storage/mongo/course-models';
import { ActionModel, InviteModel, OutboxModel, VersionModel } from '../../src/storage/mongo/loop-models';
import { createResponseStore } from '../../src/storage/mongo/loop-stores';
import { ListeningMonthModel } from '../../src/storage/mongo/listening-months-models';
import { delayBucket } from '../../src/storage/shared/response-delays';
import { createGradeOutbox } from '../../src/storage/mongo/grade-outbox-store';
import { createMemberStore } from '../../src/storage/mongo/member-store';
import { MemberModel } from '../../src/storage/mongo/models';

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
    const month = jest.spyOn(ListeningMonthModel.collection, 'updateOne').mockResolvedValue({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    const at = new Date('2031-01-02T00:00:00Z');
    const review = await createResponseStore().respond(course, 'r-1', { text: 'Thanks', by: { id: 't', name: 'T', role: 'instructor' }, at });
    expect(find.mock.calls[0][0]).toEqual({ ...course, reviewId: 'r-1' });
    const replacement = replace.mock.calls[0][1] as Record<string, unknown>;
    expect(replacement).toMatchObject({ reviewId: 'r-1', attention: false, response: { text: 'Thanks', at } });
    expect(review?.response).toEqual({ text: 'Thanks', by: { id: 't', name: 'T', role: 'instructor' }, at });
    expect(replace.mock.calls[0][0]).toEqual({ reviewId: 'r-1' });
    expect(replace.mock.calls[0][2]).toMatchObject({ session });
    // A first response: the review's month (January 2031) counts one more answered, in the bucket of a one-day delay.
    expect(month.mock.calls[0][0]).toEqual({ ...course, month: 203101 });
    expect(month.mock.calls[0][1]).toEqual({ $inc: { reviews: 0, answered: 1, [`delays.${delayBucket(86_400_000)}`]: 1 } });
    expect(month.mock.calls[0][2]).toMatchObject({ upsert: true, session });
    // The course's generation moves in the same transaction.
    expectOneGenerationBump(bump, course, session);
  });
});

describe('queuing a score over a stubbed driver, with hostile LMS strings', () => {
  afterEach(() => jest.restoreAllMocks());

  const HOSTILE = ['$attempts', '$$ROOT', '{$ne:null}', 'a.b'];
  const createdAt = new Date('2031-01-01T00:00:00Z');
  const nextAttemptAt = new Date('2031-01-01T00:05:00Z');

  it.each(HOSTILE)('sends %s as a literal value, and the pipeline without a $setOnInsert', async (hostile) => {
    const upsert = jest.spyOn(OutboxModel.collection, 'findOneAndUpdate').mockResolvedValue({
      ...course, userId: hostile, reason: 'review', scoreId: 's-1', target: { lineItemsUrl: hostile, scopes: [hostile], resourceLinkId: hostile }, createdAt, attempts: 0, nextAttemptAt,
    } as never);
    const target = { lineItemsUrl: hostile, scopes: [hostile], resourceLinkId: hostile };
    const score = await createGradeOutbox().enqueueScore({ course, userId: hostile, reason: 'review', target, locale: 'fr', createdAt, nextAttemptAt });

    expect(upsert).toHaveBeenCalledTimes(1);
    const [filter, update, options] = upsert.mock.calls[0] as unknown as [unknown, unknown, Record<string, unknown>];
    // The filter is plain equality (a string there is never an operator nor a path).
    expect(filter).toEqual({ ...course, userId: hostile, reason: 'review' });
    expect(update).toEqual([
      {
        $set: {
          scoreId: { $ifNull: ['$scoreId', { $literal: expect.stringMatching(/^[0-9a-f-]{36}$/) }] },
          target: { $literal: target },
          locale: { $literal: 'fr' },
          createdAt: { $ifNull: ['$createdAt', { $literal: createdAt }] },
          attempts: { $ifNull: ['$attempts', 0] },
          // A claimed score keeps its lease as its due time (ports/grade-outbox.ts).
          nextAttemptAt: {
            $cond: [
              { $eq: [{ $type: '$claimedBy' }, 'string'] },
              '$nextAttemptAt',
              { $min: [{ $ifNull: ['$nextAttemptAt', { $literal: nextAttemptAt }] }, { $literal: nextAttemptAt }] },
            ],
          },
        },
      },
    ]);
    // With setDefaultsOnInsert on, mongoose hangs a $setOnInsert property on the pipeline array itself,
    // which BSON does not serialise: the array must hold its stage and nothing else.
    expect(Object.keys(update as object)).toEqual(['0']);
    expect(options).toMatchObject({ upsert: true, returnDocument: 'after' });
    expect(score.target).toEqual(target);
  });
});

describe('recording a launch over a stubbed driver, with hostile LMS strings', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each(['$launchCount', '$$ROOT', '{$ne:null}', 'a.b'])('sends the name %s as a literal value, and the pipeline alone', async (hostile) => {
    const at = new Date('2031-01-01T00:00:00Z');
    const upsert = jest.spyOn(MemberModel.collection, 'findOneAndUpdate').mockResolvedValue({
      ...course, userId: hostile, name: hostile, role: 'learner', firstLaunchAt: at, lastLaunchAt: at, firstLearnerLaunchAt: at, launchCount: 1,
    } as never);
    await createMemberStore().recordLaunch(course, hostile, hostile, 'learner', at);
    const [filter, update, options] = upsert.mock.calls[0] as unknown as [unknown, unknown, Record<string, unknown>];
    expect(filter).toEqual({ ...course, userId: hostile });
    expect(update).toEqual([
      {
        $set: {
          name: { $literal: hostile },
          role: { $literal: 'learner' },
          lastLaunchAt: { $literal: at },
          firstLaunchAt: { $ifNull: ['$firstLaunchAt', { $literal: at }] },
          launchCount: { $add: [{ $ifNull: ['$launchCount', 0] }, 1] },
          firstLearnerLaunchAt: { $ifNull: ['$firstLearnerLaunchAt', { $literal: at }] },
        },
      },
    ]);
    expect(Object.keys(update as object)).toEqual(['0']);
    expect(options).toMatchObject({ upsert: true, returnDocument: 'after' });
  });
});
