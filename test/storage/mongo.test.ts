/**
 * MongoDB adapter. The shared storage contract needs a real server and runs only when MONGODB_URI
 * is set (see the README). Everything below it runs everywhere: pure helpers, schema/index
 * definitions, and the stores' logic against mongoose's real query layer with the driver's
 * collection methods replaced by jest spies (so what mongoose would send to the server is checked,
 * but not what the server does with it).
 */
import { randomBytes } from 'node:crypto';
import type { LaunchContext } from '../../src/context/launch-context';
import type { ContextKey, PlatformKey } from '../../src/context/tenant';
import type { PlatformRecord, Storage } from '../../src/storage/port';
import { dropDefaultDatabase, connectOptionsFor } from '../../src/storage/mongo/connection';
import { isDuplicateKeyError, retryOnceOnDuplicateKey } from '../../src/storage/mongo/errors';
import { courseFilter, expiredFilter, memberFilter, nonceFilter, platformFilter } from '../../src/storage/mongo/keys';
import { createMemberStore, recordLaunchPipeline, toCourseMember } from '../../src/storage/mongo/member-store';
import { LV_MODELS, MemberModel, NonceModel, PlatformModel, SessionModel } from '../../src/storage/mongo/models';
import { ltiDatabaseFor, openMongoStorage } from '../../src/storage/mongo/mongo-storage';
import { createNonceStore } from '../../src/storage/mongo/nonce-store';
import { createPlatformStore, toPlatformDoc, toPlatformRecord } from '../../src/storage/mongo/platform-store';
import { createSessionStore, liveSessionFilter, toLaunchSession, toSessionDoc } from '../../src/storage/mongo/session-store';
import { consultationsContract } from './consultations-contract';
import { storageContract } from './contract';

const MONGODB_URI = process.env.MONGODB_URI;

if (MONGODB_URI) {
  storageContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
  consultationsContract('MongoDB', () => openFreshDatabase(MONGODB_URI));
} else {
  describe('MongoDB contract: set MONGODB_URI to run', () => {
    it('was not run: MONGODB_URI is not set, so no MongoDB server is available', () => {
      expect(process.env.MONGODB_URI ?? '').toBe('');
    });
  });
}

/** A database of its own per open(), dropped again on close(), so tests never see each other's data. */
async function openFreshDatabase(uri: string): Promise<Storage> {
  const dbName = `lv_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  const storage = await openMongoStorage({ uri, dbName, serverSelectionTimeoutMS: 5000 });
  let closed = false;
  return {
    kind: storage.kind,
    platforms: storage.platforms,
    sessions: storage.sessions,
    nonces: storage.nonces,
    members: storage.members,
    consultations: storage.consultations,
    ltiDatabase: () => storage.ltiDatabase(),
    purgeExpired: (now) => storage.purgeExpired(now),
    ping: () => storage.ping(),
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

  it('hand ltijs the same URI so it joins the shared connection', () => {
    expect(ltiDatabaseFor({ uri: 'mongodb://h/db' })).toEqual({ url: 'mongodb://h/db' });
    expect(ltiDatabaseFor({ uri: 'mongodb://h/db', dbName: 'x' })).toEqual({ url: 'mongodb://h/db', connection: { dbName: 'x' } });
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
        .mockResolvedValue({ ok: 1, value: { ...platform, nonce: 'n1', expiresAt } } as never);
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
    const stored = { _id: 'oid', ...memberFilter(course, 'u1'), name: 'Ada', role: 'learner', firstLaunchAt: at, lastLaunchAt: at, firstLearnerLaunchAt: at, launchCount: 1 };

    it('is one upserting findOneAndUpdate on the full member key with the pipeline untouched', async () => {
      const update = jest.spyOn(MemberModel.collection, 'findOneAndUpdate').mockResolvedValue({ ok: 1, value: stored } as never);
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
        .mockResolvedValueOnce({ ok: 1, value: { ...stored, launchCount: 2 } } as never);
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
