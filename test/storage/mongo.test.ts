/**
 * MongoDB adapter. The shared storage contract needs a real server and runs only when MONGODB_URI
 * is set (see the README). Everything below it runs everywhere: pure helpers, schema/index
 * definitions, and the stores' logic against mongoose's real query layer with the driver's
 * collection methods replaced by jest spies (so what mongoose would send to the server is checked,
 * but not what the server does with it).
 */
import { RatingDayModel } from '../../src/storage/mongo/rating-days-models';
import { ListeningMonthModel } from '../../src/storage/mongo/listening-months-models';
import { expectOneAuditInSession, stubAuditInsert, expectOneGenerationBump, stubGenerationBump, stubTransaction, type StubbedTransaction } from '../support/stubbed-mongo';
import { randomBytes } from 'node:crypto';
import type { ClientSession } from 'mongodb';
import { Types } from 'mongoose';
import type { LaunchContext } from '../../src/context/launch-context';
import type { ContextKey, PlatformKey } from '../../src/context/tenant';
import type { PlatformRecord, Storage } from '../../src/storage/port';
import type { ItemKey, ReviewWrite } from '../../src/storage/ports/reviews';
import { auditRanges } from '../../src/storage/mongo/audit-store';
import {
  AuditModel,
  AuthorCounterModel,
  AuthorNumberModel,
  COURSE_MODELS,
  ReportModel,
  REVIEW_SCAN_INDEXES,
  ReviewModel,
  SettingsModel,
  SummaryModel,
  VersionSummaryModel,
  VoteModel,
  type ReviewDoc,
} from '../../src/storage/mongo/course-models';
import { oldestFirstRanges, scanQueries, summaryIncrements, summaryProjection, toReview, toSummary } from '../../src/storage/mongo/review-docs';
import { createReviewStore } from '../../src/storage/mongo/review-store';
import { inTransaction } from '../../src/storage/mongo/transaction';
import { summaryChange } from '../../src/storage/shared/review-summary';
import { dropDefaultDatabase, connectOptionsFor } from '../../src/storage/mongo/connection';
import { isDuplicateKeyError, retryOnceOnDuplicateKey } from '../../src/storage/mongo/errors';
import { courseFilter, expiredFilter, memberFilter, nonceFilter, platformFilter } from '../../src/storage/mongo/keys';
import { createMemberStore, recordLaunchPipeline, toCourseMember } from '../../src/storage/mongo/member-store';
import { LV_MODELS, MemberModel, NonceModel, PlatformModel, SessionModel } from '../../src/storage/mongo/models';
import { openMongoStorage } from '../../src/storage/mongo/mongo-storage';
import { createNonceStore } from '../../src/storage/mongo/nonce-store';
import { createPlatformStore, toPlatformDoc, toPlatformRecord } from '../../src/storage/mongo/platform-store';
import { createSessionStore, liveSessionFilter, toLaunchSession, toSessionDoc } from '../../src/storage/mongo/session-store';
import { consultationsContract } from './consultations-contract';
import { storageContract } from './contract';
import { reviewsContract } from './reviews-contract';
import { reviewLoopContract } from './review-loop-contract';
import { generationsContract } from './generations-contract';
import { catalogueContract } from './catalogue-contract';
import { authorNamesContract } from './author-names-contract';
import { externalSourcesContract } from './external-sources-contract';
import { mentionsContract } from './mentions-contract';
import { gradeOutboxContract } from './grade-outbox-contract';
import { rateLimitsContract } from './rate-limits-contract';
import { retentionContract } from './retention-contract';
import { userDataContract } from './user-data-contract';
import { apiTokensContract } from './api-tokens-contract';
import { managersContract } from './managers-contract';
import { listeningContract } from './listening-contract';
import { listeningMonthsContract } from './listening-months-contract';
import { alertsContract } from './alerts-contract';
import { contributionsContract } from './contributions-contract';

const MONGODB_URI = process.env.MONGODB_URI;

if (MONGODB_URI) {
  storageContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  consultationsContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  // Transactions: the server must be a replica set member or a mongos, MongoDB 5.0+ (see src/storage/mongo/transaction.ts).
  reviewsContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  reviewLoopContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  generationsContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  authorNamesContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  catalogueContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  externalSourcesContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  mentionsContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  // One connection per process with mongoose: the two claimants are two owners on it.
  gradeOutboxContract('MongoDB', async () => {
    const storage = await openFreshDatabase(MONGODB_URI);
    return { storage, peer: storage };
  });
  rateLimitsContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  retentionContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  userDataContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  apiTokensContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  managersContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  listeningContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  listeningMonthsContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  // One connection per process with mongoose: the two raisers and claimants are two owners on it.
  alertsContract('MongoDB', async () => {
    const storage = await openFreshDatabase(MONGODB_URI);
    return { storage, peer: storage };
  });
  // Fails until the MongoDB contributions store replaces its stub (see README, "Contributions: storage and files").
  contributionsContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
} else {
  // Reported as skipped, never as passed: without a server nothing of the contract was checked.
  describe('MongoDB contract', () => {
    it.skip('not run: MONGODB_URI is not set, so no MongoDB server is available to run the contract against', () => undefined);
  });
}

/** A database of its own per open(), dropped again on close(), so tests never see each other's data. */
async function openFreshDatabase(uri: string): Promise<Storage> {
  const dbName = `lv_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  const storage = await openMongoStorage({ uri, dbName, serverSelectionTimeoutMS: 5000 });
  let closed = false;
  // Every part as the store opened it (a new part needs no line here); only close() also drops the database.
  return {
    ...storage,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await dropDefaultDatabase();
      } finally {
        await storage.close();
      }
    },
  };
}

const platform: PlatformKey = { issuer: 'https://lms.example.edu', clientId: 'client-1' };
const course: ContextKey = { ...platform, deploymentId: 'dep-1', contextId: 'course-42' };
const duplicateKey = (): Error => Object.assign(new Error('E11000 duplicate key error collection'), { code: 11000 });

describe('duplicate-key detection', () => {
  it('recognises E11000 by code or codeName', () => {
    expect(isDuplicateKeyError(duplicateKey())).toBe(true);
    expect(isDuplicateKeyError({ code: 11001 })).toBe(true);
    expect(isDuplicateKeyError({ codeName: 'DuplicateKey' })).toBe(true);
  });

  it('rejects everything else', () => {
    expect(isDuplicateKeyError({ code: 11600 })).toBe(false);
    expect(isDuplicateKeyError({ code: '11000' })).toBe(false);
    expect(isDuplicateKeyError(new Error('E11000 but no code'))).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
    expect(isDuplicateKeyError(11000)).toBe(false);
  });

  it('retries an operation exactly once after a duplicate-key error', async () => {
    const op = jest.fn<Promise<string>, []>().mockRejectedValueOnce(duplicateKey()).mockResolvedValueOnce('ok');
    await expect(retryOnceOnDuplicateKey(op)).resolves.toBe('ok');
    expect(op).toHaveBeenCalledTimes(2);

    const twice = jest.fn<Promise<string>, []>().mockRejectedValue(duplicateKey());
    await expect(retryOnceOnDuplicateKey(twice)).rejects.toMatchObject({ code: 11000 });
    expect(twice).toHaveBeenCalledTimes(2);

    const other = jest.fn<Promise<string>, []>().mockRejectedValue(new Error('network'));
    await expect(retryOnceOnDuplicateKey(other)).rejects.toThrow('network');
    expect(other).toHaveBeenCalledTimes(1);
  });
});

describe('key and filter builders', () => {
  it('keep the full LTI identity and nothing else', () => {
    const record = { ...platform, name: 'LMS', registeredAt: new Date() };
    expect(platformFilter(record)).toEqual(platform);
    expect(courseFilter({ ...course, resourceLinkId: 'rl' } as ContextKey)).toEqual(course);
    expect(memberFilter(course, 'u1')).toEqual({ ...course, userId: 'u1' });
    expect(nonceFilter(platform, 'n1')).toEqual({ ...platform, nonce: 'n1' });
  });

  it('refuse non-string key values that MongoDB would read as operators', () => {
    const injected = { issuer: { $ne: null }, clientId: 'c' } as unknown as PlatformKey;
    expect(() => platformFilter(injected)).toThrow(TypeError);
    expect(() => courseFilter({ ...course, contextId: undefined } as unknown as ContextKey)).toThrow(/contextId/);
    expect(() => memberFilter(course, { $gt: '' } as unknown as string)).toThrow(/userId/);
  });

  it('treat a record expiring exactly now as expired, and a live session as strictly later', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    expect(expiredFilter(now)).toEqual({ expiresAt: { $lte: now } });
    expect(liveSessionFilter('s1', now)).toEqual({ sessionId: 's1', expiresAt: { $gt: now } });
  });
});

describe('models and indexes', () => {
  const indexes = (model: (typeof LV_MODELS)[number]) => model.schema.indexes();

  it('use lv_ model and collection names that cannot clash with ltijs', () => {
    const ltijsNames = ['idtoken', 'contexttoken', 'platform', 'platformStatus', 'privatekey', 'publickey', 'accesstoken', 'nonce', 'state'];
    for (const model of LV_MODELS) {
      expect(model.modelName).toMatch(/^lv_/);
      expect(model.collection.collectionName).toMatch(/^lv_/);
      expect(ltijsNames).not.toContain(model.modelName);
    }
  });

  it('declare unique indexes on the full identity keys', () => {
    expect(indexes(PlatformModel)).toContainEqual([{ issuer: 1, clientId: 1 }, expect.objectContaining({ unique: true })]);
    expect(indexes(NonceModel)).toContainEqual([{ issuer: 1, clientId: 1, nonce: 1 }, expect.objectContaining({ unique: true })]);
    expect(indexes(SessionModel)).toContainEqual([{ sessionId: 1 }, expect.objectContaining({ unique: true })]);
    expect(indexes(MemberModel)).toContainEqual([
      { issuer: 1, clientId: 1, deploymentId: 1, contextId: 1, userId: 1 },
      expect.objectContaining({ unique: true }),
    ]);
  });

  it('expire sessions and nonces with a TTL index on expiresAt', () => {
    for (const model of [SessionModel, NonceModel]) {
      expect(indexes(model)).toContainEqual([{ expiresAt: 1 }, expect.objectContaining({ expireAfterSeconds: 0 })]);
    }
    for (const model of [PlatformModel, MemberModel]) {
      expect(indexes(model).some(([, options]) => options.expireAfterSeconds !== undefined)).toBe(false);
    }
  });

  it('leave index creation to openMongoStorage instead of a background build', () => {
    for (const model of LV_MODELS) {
      expect(model.schema.get('autoIndex')).toBe(false);
      expect(model.schema.get('autoCreate')).toBe(false);
    }
  });
});

describe('record mapping', () => {
  const record: PlatformRecord = {
    ...platform,
    name: 'Moodle',
    deploymentIds: ['1'],
    frameOrigins: ['https://lms.example.edu'],
    source: 'manual',
    registeredAt: new Date('2025-01-01T00:00:00Z'),
  };

  it('round-trips platforms without _id and without an undefined productFamily', () => {
    const stored = { _id: 'oid', ...toPlatformDoc({ ...record, extra: 'x' } as PlatformRecord), productFamily: null };
    const back = toPlatformRecord(stored as unknown as ReturnType<typeof toPlatformDoc>);
    expect(back).toStrictEqual(record);
    expect(toPlatformRecord(toPlatformDoc({ ...record, productFamily: 'moodle' }))).toStrictEqual({ ...record, productFamily: 'moodle' });
  });

  it('stores deployment ids and frame origins as sets, first occurrence first', () => {
    const doc = toPlatformDoc({ ...record, deploymentIds: ['2', '1', '2'], frameOrigins: ['b', 'a', 'a'] });
    expect(doc.deploymentIds).toEqual(['2', '1']);
    expect(doc.frameOrigins).toEqual(['b', 'a']);
  });

  it('round-trips a launch context exactly, empty custom object included', () => {
    const context = {
      link: { ...course, resourceLinkId: '' },
      messageType: 'LtiDeepLinkingRequest',
      userId: 'u1',
      userName: '$launchCount',
      roles: [],
      role: 'learner',
      locale: 'fr',
      contextTitle: 'Course',
      services: { gradeScopes: [] },
      custom: {},
    } as LaunchContext;
    const session = { id: 's1', context, csrfSecret: 'secret', createdAt: new Date(1000), expiresAt: new Date(2000) };
    expect(toLaunchSession(toSessionDoc(session))).toStrictEqual(session);
  });

  it('maps a member document to a CourseMember keyed by the course', () => {
    const doc = {
      _id: 'oid',
      ...memberFilter(course, 'u1'),
      name: 'Ada',
      role: 'instructor' as const,
      firstLaunchAt: new Date(1),
      lastLaunchAt: new Date(2),
      launchCount: 3,
    };
    expect(toCourseMember(doc)).toStrictEqual({
      course,
      userId: 'u1',
      name: 'Ada',
      role: 'instructor',
      firstLaunchAt: new Date(1),
      lastLaunchAt: new Date(2),
      launchCount: 3,
    });
    expect(toCourseMember({ ...doc, firstLearnerLaunchAt: new Date(5) }).firstLearnerLaunchAt).toEqual(new Date(5));
  });
});

describe('recordLaunch update pipeline', () => {
  const at = new Date('2025-03-01T10:00:00Z');

  it('keeps first dates, replaces name/role/last date and increments the count', () => {
    const [stage] = recordLaunchPipeline('Ada', 'instructor', at);
    expect(stage.$set).toEqual({
      name: { $literal: 'Ada' },
      role: { $literal: 'instructor' },
      lastLaunchAt: { $literal: at },
      firstLaunchAt: { $ifNull: ['$firstLaunchAt', { $literal: at }] },
      launchCount: { $add: [{ $ifNull: ['$launchCount', 0] }, 1] },
    });
  });

  it('sets firstLearnerLaunchAt only for learners and only when absent', () => {
    expect(recordLaunchPipeline('Ada', 'instructor', at)[0].$set).not.toHaveProperty('firstLearnerLaunchAt');
    expect(recordLaunchPipeline('Ada', 'learner', at)[0].$set.firstLearnerLaunchAt).toEqual({
      $ifNull: ['$firstLearnerLaunchAt', { $literal: at }],
    });
  });

  it('never lets a user-supplied name be read as a field path', () => {
    expect(recordLaunchPipeline('$launchCount', 'learner', at)[0].$set.name).toEqual({ $literal: '$launchCount' });
  });
});

describe('connection settings', () => {
  it('pass only the options given', () => {
    expect(connectOptionsFor({ uri: 'mongodb://h/db' })).toEqual({});
    expect(connectOptionsFor({ uri: 'mongodb://h/db', serverSelectionTimeoutMS: 50, dbName: 'x' })).toEqual({
      serverSelectionTimeoutMS: 50,
      dbName: 'x',
    });
  });

  it('fails to open when no server answers, and leaves nothing open', async () => {
    const started = Date.now();
    await expect(openMongoStorage({ uri: 'mongodb://127.0.0.1:1/lv_unreachable', serverSelectionTimeoutMS: 300 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(dropDefaultDatabase()).rejects.toThrow(/not open/);
  });
});

/*
 * The stores against mongoose's real query building and casting, with the driver-level collection
 * methods stubbed. This checks the filters, updates and options that would reach MongoDB and how the
 * stores react to the server's answers (including E11000), without a server.
 */
describe('stores over a stubbed driver collection', () => {
  afterEach(() => jest.restoreAllMocks());

  describe('rememberNonce', () => {
    const expiresAt = new Date(Date.now() + 600_000);

    it('accepts a first use with a plain insert', async () => {
      const insert = jest.spyOn(NonceModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
      const update = jest.spyOn(NonceModel.collection, 'findOneAndUpdate');
      await expect(createNonceStore().rememberNonce(platform, 'n1', expiresAt)).resolves.toBe(true);
      expect(insert.mock.calls[0][0]).toMatchObject({ ...platform, nonce: 'n1', expiresAt });
      expect(update).not.toHaveBeenCalled();
    });

    it('on a duplicate, takes over only a record that has expired', async () => {
      const now = new Date('2025-05-01T12:00:00Z');
      jest.spyOn(NonceModel.collection, 'insertOne').mockRejectedValue(duplicateKey());
      const update = jest
        .spyOn(NonceModel.collection, 'findOneAndUpdate')
        .mockResolvedValue({ ...platform, nonce: 'n1', expiresAt } as never);
      await expect(createNonceStore(() => now).rememberNonce(platform, 'n1', expiresAt)).resolves.toBe(true);
      const [filter, change, options] = update.mock.calls[0] as unknown as [object, object, Record<string, unknown>];
      expect(filter).toEqual({ ...platform, nonce: 'n1', expiresAt: { $lte: now } });
      expect(change).toEqual({ $set: { expiresAt } });
      expect(options).toMatchObject({ upsert: true, returnDocument: 'after' });
    });

    it('reports a replay when the live record makes the conditional upsert collide', async () => {
      jest.spyOn(NonceModel.collection, 'insertOne').mockRejectedValue(duplicateKey());
      jest.spyOn(NonceModel.collection, 'findOneAndUpdate').mockRejectedValue(duplicateKey());
      await expect(createNonceStore().rememberNonce(platform, 'n1', expiresAt)).resolves.toBe(false);
    });

    it('propagates other failures instead of calling them replays', async () => {
      jest.spyOn(NonceModel.collection, 'insertOne').mockRejectedValue(new Error('socket closed'));
      await expect(createNonceStore().rememberNonce(platform, 'n1', expiresAt)).rejects.toThrow('socket closed');
    });
  });

  describe('recordLaunch', () => {
    const at = new Date('2025-03-01T10:00:00Z');
    const stored = { _id: new Types.ObjectId(), ...memberFilter(course, 'u1'), name: 'Ada', role: 'learner', firstLaunchAt: at, lastLaunchAt: at, firstLearnerLaunchAt: at, launchCount: 1 };

    it('is one upserting findOneAndUpdate on the full member key with the pipeline untouched', async () => {
      const update = jest.spyOn(MemberModel.collection, 'findOneAndUpdate').mockResolvedValue(stored as never);
      const member = await createMemberStore().recordLaunch(course, 'u1', 'Ada', 'learner', at);
      expect(update).toHaveBeenCalledTimes(1);
      const [filter, change, options] = update.mock.calls[0] as unknown as [object, unknown, Record<string, unknown>];
      expect(filter).toEqual({ ...course, userId: 'u1' });
      expect(change).toEqual(recordLaunchPipeline('Ada', 'learner', at));
      expect(options).toMatchObject({ upsert: true, returnDocument: 'after' });
      expect(member).toStrictEqual({
        course,
        userId: 'u1',
        name: 'Ada',
        role: 'learner',
        firstLaunchAt: at,
        lastLaunchAt: at,
        firstLearnerLaunchAt: at,
        launchCount: 1,
      });
    });

    it('retries once when a concurrent upsert won the insert', async () => {
      const update = jest
        .spyOn(MemberModel.collection, 'findOneAndUpdate')
        .mockRejectedValueOnce(duplicateKey())
        .mockResolvedValueOnce({ ...stored, launchCount: 2 } as never);
      await expect(createMemberStore().recordLaunch(course, 'u1', 'Ada', 'learner', at)).resolves.toMatchObject({ launchCount: 2 });
      expect(update).toHaveBeenCalledTimes(2);
    });
  });

  describe('sessions and platforms', () => {
    it('looks sessions up only while they are live', async () => {
      const now = new Date('2025-05-01T12:00:00Z');
      const find = jest.spyOn(SessionModel.collection, 'findOne').mockResolvedValue(null);
      await expect(createSessionStore().findSession('s1', now)).resolves.toBeNull();
      expect(find.mock.calls[0][0]).toEqual({ sessionId: 's1', expiresAt: { $gt: now } });
    });

    it('ignores a session id that is not a string', async () => {
      const find = jest.spyOn(SessionModel.collection, 'findOne');
      await expect(createSessionStore().findSession({ $ne: null } as unknown as string, new Date())).resolves.toBeNull();
      expect(find).not.toHaveBeenCalled();
    });

    it('saves a platform as an upserted replacement keyed by (issuer, clientId)', async () => {
      const replace = jest
        .spyOn(PlatformModel.collection, 'replaceOne')
        .mockResolvedValue({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: null as never });
      const record: PlatformRecord = {
        ...platform,
        name: 'Canvas',
        deploymentIds: ['d1'],
        frameOrigins: [],
        source: 'dynamic',
        registeredAt: new Date(0),
      };
      await createPlatformStore().savePlatform(record);
      const [filter, replacement, options] = replace.mock.calls[0] as unknown as [object, Record<string, unknown>, Record<string, unknown>];
      expect(filter).toEqual(platform);
      expect(replacement).toMatchObject({ ...platform, name: 'Canvas', deploymentIds: ['d1'], source: 'dynamic' });
      expect(replacement).not.toHaveProperty('productFamily');
      expect(options).toMatchObject({ upsert: true });
    });

    it('reports unknown platforms when adding a deployment', async () => {
      const update = jest
        .spyOn(PlatformModel.collection, 'updateOne')
        .mockResolvedValue({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null });
      await expect(createPlatformStore().addDeployment(platform, 'd2')).resolves.toBe(false);
      expect(update.mock.calls[0][0]).toEqual(platform);
      expect(update.mock.calls[0][1]).toEqual({ $addToSet: { deploymentIds: 'd2' } });
    });
  });
});

/*
 * Settings, audit and reviews: pure helpers, model definitions, and the transactional writes over
 * stubbed driver collections (a real ClientSession from a client that never connects, so that what
 * each operation would send, and that it runs inside the transaction, can be checked).
 */
describe('course models and indexes', () => {
  type AnyModel = (typeof COURSE_MODELS)[number];
  const indexes = (model: AnyModel) => model.schema.indexes();
  const COURSE_KEY = { issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 };
  const ITEM_KEY = { ...COURSE_KEY, itemId: 1 };

  it('use lv_ model and collection names and leave index creation to openMongoStorage', () => {
    for (const model of COURSE_MODELS) {
      expect(model.modelName).toMatch(/^lv_/);
      expect(model.collection.collectionName).toMatch(/^lv_/);
      expect(model.schema.get('autoIndex')).toBe(false);
      expect(model.schema.get('autoCreate')).toBe(false);
    }
    const names = [...LV_MODELS, ...COURSE_MODELS].map((m) => m.collection.collectionName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('declare unique indexes on every identity key, always on the full course key', () => {
    const unique = (model: AnyModel, key: Record<string, number>) =>
      expect(indexes(model)).toContainEqual([key, expect.objectContaining({ unique: true })]);
    unique(SettingsModel, COURSE_KEY);
    unique(AuditModel, { entryId: 1 });
    unique(ReviewModel, { reviewId: 1 });
    unique(ReviewModel, { ...ITEM_KEY, authorId: 1 });
    unique(SummaryModel, ITEM_KEY);
    unique(VoteModel, { reviewId: 1, voterId: 1 });
    unique(ReportModel, { reviewId: 1, reporterId: 1 });
    unique(AuthorNumberModel, { ...COURSE_KEY, authorId: 1 });
    unique(AuthorNumberModel, { ...COURSE_KEY, number: 1 });
    unique(AuthorCounterModel, COURSE_KEY);
  });

  it('have one compound index per listing order, starting with the full item key and the status', () => {
    const byName = new Map(indexes(ReviewModel).map(([key, options]) => [options.name as string, key]));
    expect(byName.get(REVIEW_SCAN_INDEXES.created)).toEqual({ ...ITEM_KEY, status: 1, createdAt: -1, reviewId: -1 });
    expect(byName.get(REVIEW_SCAN_INDEXES.helpful)).toEqual({ ...ITEM_KEY, status: 1, helpfulCount: -1, createdAt: -1, reviewId: -1 });
    expect(byName.get(REVIEW_SCAN_INDEXES.createdByRating)).toEqual({ ...ITEM_KEY, status: 1, rating: -1, createdAt: -1, reviewId: -1 });
    expect(byName.get(REVIEW_SCAN_INDEXES.helpfulByRating)).toEqual({ ...ITEM_KEY, status: 1, rating: -1, helpfulCount: -1, createdAt: -1, reviewId: -1 });
    expect(byName.get('lv_review_course')).toEqual({ ...COURSE_KEY, createdAt: 1, reviewId: 1 });
    expect(indexes(ReviewModel)).toContainEqual([
      { ...COURSE_KEY, queued: 1, createdAt: 1, reviewId: 1 },
      expect.objectContaining({ name: 'lv_review_queue', partialFilterExpression: { queued: true } }),
    ]);
    expect(indexes(AuditModel)).toContainEqual([{ ...COURSE_KEY, at: -1, _id: -1 }, expect.objectContaining({ name: 'lv_audit_course_newest' })]);
    // The "Hidden" list of the moderation page: hidden reviews only, newest first, with or without stars.
    expect(indexes(ReviewModel)).toContainEqual([
      { ...COURSE_KEY, createdAt: -1, reviewId: -1 },
      expect.objectContaining({ name: 'lv_review_hidden', partialFilterExpression: { status: 'hidden' } }),
    ]);
    expect(indexes(ReviewModel)).toContainEqual([
      { ...COURSE_KEY, rating: 1, createdAt: -1, reviewId: -1 },
      expect.objectContaining({ name: 'lv_review_hidden_rating', partialFilterExpression: { status: 'hidden' } }),
    ]);
  });
});

describe('review documents', () => {
  const item: ItemKey = { ...course, itemId: 'course' };
  const doc = {
    ...course,
    itemId: 'course',
    reviewId: 'r-1',
    authorId: 'u-1',
    author: { name: 'Ada', givenName: null, familyName: 'Lovelace' },
    authorNumber: 3,
    rating: 4 as const,
    aspects: { content: 5 as const, trainer: null },
    title: 't',
    liked: 'l',
    improve: 'i',
    status: 'published' as const,
    holdReasons: [],
    hiddenReason: null,
    verified: true,
    helpfulCount: 2,
    reportCount: 0,
    queued: false,
    createdAt: new Date(1000),
    updatedAt: new Date(2000),
    editedAt: null,
    ratedAt: new Date(1500),
  };

  it('map to reviews without the nulls MongoDB may hold for absent fields', () => {
    expect(toReview(doc as unknown as ReviewDoc)).toStrictEqual({
      id: 'r-1',
      item,
      author: { id: 'u-1', name: 'Ada', familyName: 'Lovelace' },
      authorNumber: 3,
      rating: 4,
      aspects: { content: 5 },
      title: 't',
      liked: 'l',
      improve: 'i',
      status: 'published',
      holdReasons: [],
      verified: true,
      helpfulCount: 2,
      reportCount: 0,
      createdAt: new Date(1000),
      updatedAt: new Date(2000),
    });
  });
});

describe('summary documents', () => {
  const march = new Date('2031-03-10T00:00:00Z');

  it('turn a change into one $inc, leaving out what does not move', () => {
    const before = { rating: 2 as const, month: 203001, day: 20300115, aspects: { content: 3 as const } };
    const after = { rating: 5 as const, month: 203103, day: 20310310, aspects: { content: 3 as const, trainer: 4 as const } };
    expect(summaryIncrements(summaryChange(before, after, 0))).toEqual({
      sum: 3,
      h2: -1,
      h5: 1,
      'months.m203001.count': -1,
      'months.m203001.sum': -2,
      'months.m203001.h2': -1,
      'months.m203103.count': 1,
      'months.m203103.sum': 5,
      'months.m203103.h5': 1,
      'aspects.trainer.count': 1,
      'aspects.trainer.sum': 4,
    });
    expect(summaryIncrements(summaryChange(null, after, 1))).toMatchObject({ reviewers: 1, count: 1, sum: 5, h5: 1 });
    expect(summaryIncrements(summaryChange(before, before, 0))).toBeNull();
  });

  it('read only the twelve months of the window', () => {
    const projection = summaryProjection(march);
    const months = Object.keys(projection).filter((k) => k.startsWith('months.'));
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('months.m203004');
    expect(months[11]).toBe('months.m203103');
  });

  it('add up the months of the window and show aspects that were rated', () => {
    const summary = toSummary(
      {
        ...course,
        itemId: 'course',
        reviewers: 5,
        count: 4,
        sum: 14,
        h1: 0,
        h2: 1,
        h3: 1,
        h4: 0,
        h5: 2,
        aspects: { content: { count: 2, sum: 7 }, trainer: { count: 0, sum: 0 } },
        months: { m203103: { count: 2, sum: 10, h5: 2 }, m203004: { count: 1, sum: 3, h3: 1 }, m203003: { count: 1, sum: 2, h2: 1 } },
      },
      march,
    );
    expect(summary).toEqual({
      overall: { count: 4, sum: 14, histogram: [0, 1, 1, 0, 2] },
      last12Months: { count: 3, sum: 13, histogram: [0, 0, 1, 0, 2] },
      aspects: { content: { count: 2, sum: 7 } },
    });
    expect(toSummary(null, march)).toEqual({
      overall: { count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] },
      last12Months: { count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] },
      aspects: {},
    });
  });
});

describe('review scan queries', () => {
  const item: ItemKey = { ...course, itemId: 'course' };
  const key = { ...course, itemId: 'course' };

  it('read a first page as one query on the index of its order, statuses merged by $in', () => {
    expect(scanQueries(item, ['published'], { order: 'created' })).toEqual([
      { filter: { ...key, status: 'published' }, sort: { createdAt: -1, reviewId: -1 }, hint: REVIEW_SCAN_INDEXES.created },
    ]);
    expect(scanQueries(item, ['published', 'held'], { order: 'helpful', rating: 3 })).toEqual([
      {
        filter: { ...key, status: { $in: ['published', 'held'] }, rating: 3 },
        sort: { helpfulCount: -1, createdAt: -1, reviewId: -1 },
        hint: REVIEW_SCAN_INDEXES.helpfulByRating,
      },
    ]);
  });

  it('start later pages exactly at the cursor: ties on every sort value first, then the rest', () => {
    const createdAt = new Date(5000);
    expect(scanQueries(item, ['published'], { order: 'created', rating: 2, after: { createdAt: 5000, id: 'r-9' } }).map((q) => q.filter)).toEqual([
      { ...key, status: 'published', rating: 2, createdAt, reviewId: { $lt: 'r-9' } },
      { ...key, status: 'published', rating: 2, createdAt: { $lt: createdAt } },
    ]);
    const helpful = scanQueries(item, ['published'], { order: 'helpful', after: { helpfulCount: 4, createdAt: 5000, id: 'r-9' } });
    expect(helpful.map((q) => q.filter)).toEqual([
      { ...key, status: 'published', helpfulCount: 4, createdAt, reviewId: { $lt: 'r-9' } },
      { ...key, status: 'published', helpfulCount: 4, createdAt: { $lt: createdAt } },
      { ...key, status: 'published', helpfulCount: { $lt: 4 } },
    ]);
    expect(new Set(helpful.map((q) => q.hint))).toEqual(new Set([REVIEW_SCAN_INDEXES.helpful]));
  });

  it('page oldest-first lists the same way', () => {
    const base = { ...course, queued: true };
    expect(oldestFirstRanges(base, null)).toEqual([base]);
    expect(oldestFirstRanges(base, { createdAt: 7, id: 'r-1' })).toEqual([
      { ...base, createdAt: new Date(7), reviewId: { $gt: 'r-1' } },
      { ...base, createdAt: { $gt: new Date(7) } },
    ]);
  });

  it('read audit pages newest first from the cursor on', () => {
    const oid = '65f000000000000000000001';
    const ranges = auditRanges(course, { at: 9000, tie: oid });
    expect(ranges).toHaveLength(2);
    expect(ranges[0]).toMatchObject({ ...course, at: new Date(9000) });
    expect(String((ranges[0]._id as { $lt: unknown }).$lt)).toBe(oid);
    expect(ranges[1]).toEqual({ ...course, at: { $lt: new Date(9000) } });
    expect(auditRanges(course, null)).toEqual([course]);
  });
});

describe('review writes over a stubbed driver', () => {
  const item: ItemKey = { ...course, itemId: 'course' };
  const now = new Date('2031-03-10T12:00:00Z');
  const input: ReviewWrite = {
    item,
    author: { id: 'u-1', name: 'Ada' },
    rating: 4,
    aspects: { content: 5 },
    title: 't',
    liked: 'l',
    improve: 'i',
    status: 'published',
    holdReasons: [],
    verified: true,
  };
  let stub: StubbedTransaction;
  let session: ClientSession;
  let transaction: jest.SpyInstance;
  let bump: jest.SpyInstance;

  beforeEach(() => {
    stub = stubTransaction();
    ({ session, transaction } = stub);
    bump = stubGenerationBump();
  });

  const expectBumpedInTransaction = () => expectOneGenerationBump(bump, course, session);

  afterEach(() => stub.end());

  /** The options object a stubbed driver call received (its last argument that carries a session). */
  const sessionOf = (call: unknown[]) => (call.find((a) => typeof a === 'object' && a !== null && 'session' in a) as { session?: unknown } | undefined)?.session;

  it('creates a first review, its author number and its summary in one transaction', async () => {
    const findReview = jest.spyOn(ReviewModel.collection, 'findOne').mockResolvedValue(null);
    const findNumber = jest.spyOn(AuthorNumberModel.collection, 'findOne').mockResolvedValue(null);
    const counter = jest
      .spyOn(AuthorCounterModel.collection, 'findOneAndUpdate')
      .mockResolvedValue({ ...course, last: 7 } as never);
    const insertNumber = jest.spyOn(AuthorNumberModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
    const insertReview = jest.spyOn(ReviewModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
    const summary = jest
      .spyOn(SummaryModel.collection, 'updateOne')
      .mockResolvedValue({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: null });
    const versionSummary = jest
      .spyOn(VersionSummaryModel.collection, 'updateOne')
      .mockResolvedValue({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: null });
    const ratingDay = jest
      .spyOn(RatingDayModel.collection, 'updateOne')
      .mockResolvedValue({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: null });
    const listeningMonth = jest
      .spyOn(ListeningMonthModel.collection, 'updateOne')
      .mockResolvedValue({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: null });

    const { review, previous } = await createReviewStore().saveReview(input, now);

    expect(transaction).toHaveBeenCalledTimes(1);
    expect(previous).toBeNull();
    expect(review).toMatchObject({ item, authorNumber: 7, rating: 4, aspects: { content: 5 }, helpfulCount: 0, createdAt: now });
    expect(findReview.mock.calls[0][0]).toEqual({ ...course, itemId: 'course', authorId: 'u-1' });
    expect(counter.mock.calls[0][1]).toEqual({ $inc: { last: 1 } });
    expect(insertNumber.mock.calls[0][0]).toMatchObject({ ...course, authorId: 'u-1', number: 7 });
    expect(insertReview.mock.calls[0][0]).toMatchObject({ ...course, itemId: 'course', reviewId: review.id, queued: false, ratedAt: now, authorNumber: 7 });
    const [filter, update, options] = summary.mock.calls[0] as unknown as [object, { $inc: Record<string, number> }, { upsert?: boolean }];
    expect(filter).toEqual({ ...course, itemId: 'course' });
    expect(update.$inc).toEqual({
      reviewers: 1,
      count: 1,
      sum: 4,
      h4: 1,
      'months.m203103.count': 1,
      'months.m203103.sum': 4,
      'months.m203103.h4': 1,
      'aspects.content.count': 1,
      'aspects.content.sum': 5,
    });
    expect(options.upsert).toBe(true);
    // The first rating counts in the initial course version, in the same transaction.
    expect(versionSummary.mock.calls[0][0]).toEqual({ ...course, itemId: 'course', versionId: 'initial' });
    expect(versionSummary.mock.calls[0][1]).toEqual({ $inc: { count: 1, sum: 4, h1: 0, h2: 0, h3: 0, h4: 1, h5: 0 } });
    // The course's bucket of the day (UTC) the rating was given, upserted in the same transaction.
    expect(ratingDay.mock.calls[0][0]).toEqual({ ...course, day: 20310310 });
    expect(ratingDay.mock.calls[0][1]).toEqual({ $inc: { count: 1, sum: 4, h1: 0, h2: 0, h3: 0, h4: 1, h5: 0 } });
    expect((ratingDay.mock.calls[0][2] as { upsert?: boolean }).upsert).toBe(true);
    // The course's listening figures of the month (UTC) it was posted, upserted in the same transaction.
    expect(listeningMonth.mock.calls[0][0]).toEqual({ ...course, month: 203103 });
    expect(listeningMonth.mock.calls[0][1]).toEqual({ $inc: { reviews: 1, answered: 0 } });
    expect((listeningMonth.mock.calls[0][2] as { upsert?: boolean }).upsert).toBe(true);
    for (const spy of [findReview, findNumber, counter, insertNumber, insertReview, summary, versionSummary, ratingDay, listeningMonth]) {
      expect(spy).toHaveBeenCalledTimes(1);
      expect(sessionOf(spy.mock.calls[0] as unknown[])).toBe(session);
    }
    expectBumpedInTransaction();
  });

  it('replaces an existing review, keeps its rating month when the rating is unchanged, and moves only what changed', async () => {
    const existing = {
      _id: new Types.ObjectId(),
      ...course,
      itemId: 'course',
      reviewId: 'r-1',
      authorId: 'u-1',
      author: { name: 'Ada' },
      authorNumber: 2,
      rating: 4,
      aspects: { content: 2 },
      title: 'old',
      liked: '',
      improve: '',
      status: 'published',
      holdReasons: [],
      hiddenReason: 'was hidden once',
      verified: true,
      helpfulCount: 3,
      reportCount: 1,
      queued: true,
      createdAt: new Date('2030-01-01T00:00:00Z'),
      updatedAt: new Date('2030-01-01T00:00:00Z'),
      ratedAt: new Date('2030-01-01T00:00:00Z'),
    };
    jest.spyOn(ReviewModel.collection, 'findOne').mockResolvedValue(existing);
    const replace = jest
      .spyOn(ReviewModel.collection, 'replaceOne')
      .mockResolvedValue({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    const summary = jest
      .spyOn(SummaryModel.collection, 'updateOne')
      .mockResolvedValue({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });

    const { review, previous } = await createReviewStore().saveReview({ ...input, title: 'new' }, now);

    expect(previous).toMatchObject({ id: 'r-1', title: 'old', aspects: { content: 2 } });
    expect(review).toMatchObject({ id: 'r-1', title: 'new', helpfulCount: 3, reportCount: 1, editedAt: now, createdAt: existing.createdAt });
    expect(review).not.toHaveProperty('hiddenReason');
    const [filter, replacement] = replace.mock.calls[0] as unknown as [object, Record<string, unknown>];
    expect(filter).toEqual({ reviewId: 'r-1' });
    expect(replacement).toMatchObject({ reviewId: 'r-1', title: 'new', ratedAt: existing.ratedAt, editedAt: now, queued: true });
    expect(replacement).not.toHaveProperty('hiddenReason');
    expect(sessionOf(replace.mock.calls[0] as unknown[])).toBe(session);
    expect((summary.mock.calls[0][1] as { $inc: object }).$inc).toEqual({ 'aspects.content.sum': 3 });
    expectBumpedInTransaction();
  });

  it('keeps an edited hidden review hidden, queued and out of the summary, with its audit entry in the same session', async () => {
    const hidden = {
      _id: new Types.ObjectId(), ...course, itemId: 'course', reviewId: 'r-9', authorId: 'u-1', author: { name: 'Ada' }, authorNumber: 2,
      rating: 1, aspects: {}, title: 'rude', liked: '', improve: '', status: 'hidden', holdReasons: [], hiddenReason: 'Insult',
      verified: true, helpfulCount: 0, reportCount: 0, queued: false,
      createdAt: new Date('2030-01-01T00:00:00Z'), updatedAt: new Date('2030-01-01T00:00:00Z'), ratedAt: new Date('2030-01-01T00:00:00Z'),
    };
    jest.spyOn(ReviewModel.collection, 'findOne').mockResolvedValue(hidden);
    const replace = jest.spyOn(ReviewModel.collection, 'replaceOne').mockResolvedValue({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    const summary = jest.spyOn(SummaryModel.collection, 'updateOne').mockResolvedValue({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    const audit = stubAuditInsert();

    const { review } = await createReviewStore().saveReview({ ...input, rating: 5, title: 'polite' }, now);

    expect(review).toMatchObject({ id: 'r-9', status: 'hidden', hiddenReason: 'Insult', awaitingDecision: true, rating: 5, title: 'polite' });
    const [, replacement] = replace.mock.calls[0] as unknown as [object, Record<string, unknown>];
    expect(replacement).toMatchObject({ status: 'hidden', hiddenReason: 'Insult', awaitingDecision: true, queued: true });
    // Hidden before and after: the summary does not move, whatever the new rating.
    expect(summary).not.toHaveBeenCalled();
    expectOneAuditInSession(audit, { course, at: now, actor: { id: 'u-1', name: 'Ada', role: 'learner' }, action: 'review.edit-hidden', subject: { type: 'review', id: 'r-9' } }, session);
    expect(sessionOf(replace.mock.calls[0] as unknown[])).toBe(session);
    expect(transaction).toHaveBeenCalledTimes(1);
    expectBumpedInTransaction();
  });

  it('counts helpful votes inside the transaction and stores that count', async () => {
    jest.spyOn(ReviewModel.collection, 'findOne').mockResolvedValue({ _id: new Types.ObjectId() });
    const upsertVote = jest
      .spyOn(VoteModel.collection, 'updateOne')
      .mockResolvedValue({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: null });
    const count = jest.spyOn(VoteModel.collection, 'countDocuments').mockResolvedValue(12);
    const setCount = jest
      .spyOn(ReviewModel.collection, 'updateOne')
      .mockResolvedValue({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });

    await expect(createReviewStore().setHelpful(course, 'r-1', 'v-1', true)).resolves.toBe(12);
    expect(upsertVote.mock.calls[0][0]).toEqual({ reviewId: 'r-1', voterId: 'v-1' });
    expect(count.mock.calls[0][0]).toEqual({ reviewId: 'r-1' });
    expect(setCount.mock.calls[0][1]).toEqual({ $set: { helpfulCount: 12 } });
    for (const spy of [upsertVote, count, setCount]) expect(sessionOf(spy.mock.calls[0] as unknown[])).toBe(session);
    expectBumpedInTransaction();
  });

  it('does not bump the generation when the write finds nothing to change', async () => {
    jest.spyOn(ReviewModel.collection, 'findOne').mockResolvedValue(null);
    const audit = { course, at: now, actor: { id: 't', name: 'T', role: 'instructor' as const }, action: 'review.hide' as const, subject: { type: 'review', id: 'r-x' } };
    await expect(createReviewStore().moderate(course, 'r-x', { status: 'hidden' }, audit)).resolves.toBeNull();
    await expect(createReviewStore().deleteReview(item, 'nobody')).resolves.toBeNull();
    await expect(createReviewStore().report(course, 'r-x', 'v-1', 'spam', now)).resolves.toBe(false);
    await expect(createReviewStore().saveReview({ ...input, rating: 6 as never }, now)).rejects.toThrow(RangeError);
    expect(bump).not.toHaveBeenCalled();
  });

  it("finds a review by id only within the course, and never with an id that is not a string", async () => {
    const find = jest.spyOn(ReviewModel.collection, 'findOne').mockResolvedValue(null);
    await expect(createReviewStore().findReview(course, 'r-1')).resolves.toBeNull();
    expect(find.mock.calls[0][0]).toEqual({ ...course, reviewId: 'r-1' });
    await expect(createReviewStore().findReview(course, { $ne: null } as unknown as string)).resolves.toBeNull();
    await expect(createReviewStore().setHelpful(course, { $ne: null } as unknown as string, 'v', true)).resolves.toBe(0);
    expect(find).toHaveBeenCalledTimes(1);
  });

  it('runs a transaction again when a unique index refused a racing insert, and gives up after a few tries', async () => {
    transaction.mockReset();
    transaction.mockRejectedValueOnce(duplicateKey()).mockImplementationOnce(async (fn) => fn(session));
    await expect(inTransaction(async () => 'done')).resolves.toBe('done');
    expect(transaction).toHaveBeenCalledTimes(2);

    transaction.mockReset();
    transaction.mockRejectedValue(duplicateKey());
    await expect(inTransaction(async () => 'never')).rejects.toMatchObject({ code: 11000 });
    expect(transaction).toHaveBeenCalledTimes(5);

    transaction.mockReset();
    transaction.mockRejectedValue(new Error('Transaction numbers are only allowed on a replica set member or mongos'));
    await expect(inTransaction(async () => 'never')).rejects.toThrow(/replica set/);
    expect(transaction).toHaveBeenCalledTimes(1);
  });

  it('asks for snapshot reads and majority commits', async () => {
    await inTransaction(async () => undefined);
    expect(transaction.mock.calls[0][1]).toEqual({ readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } });
  });
});
