/**
 * The MongoDB side of external catalogue sources without a server: models and indexes, and what the
 * store sends to the driver (collection methods stubbed under mongoose's real query layer). Feed
 * strings travel as values of plain $set documents, never in an update pipeline, so a title such as
 * "$concat" stays text. The contract (test/storage/external-sources-contract.ts) runs against a real
 * server when MONGODB_URI is set.
 */
import { ExternalSourceModel, ExternalSourceVersionModel } from '../../src/storage/mongo/external-source-models';
import { createExternalSourceStore } from '../../src/storage/mongo/external-source-store';

const DEPLOYMENT = { issuer: 'https://lms.example.edu', clientId: 'client-1', deploymentId: 'dep-1' };
const T0 = new Date('2031-01-01T00:00:00Z');
const updateResult = { acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null };

afterEach(() => jest.restoreAllMocks());

describe('external source models', () => {
  it('use lv_ names, leave index creation to openMongoStorage, and declare the indexes every read needs', () => {
    for (const model of [ExternalSourceModel, ExternalSourceVersionModel]) {
      expect(model.modelName).toMatch(/^lv_/);
      expect(model.collection.collectionName).toMatch(/^lv_/);
      expect(model.schema.get('autoIndex')).toBe(false);
      expect(model.schema.get('autoCreate')).toBe(false);
    }
    const indexes = ExternalSourceModel.schema.indexes();
    expect(indexes).toContainEqual([{ sourceId: 1 }, expect.objectContaining({ unique: true })]);
    expect(indexes).toContainEqual([{ issuer: 1, clientId: 1, deploymentId: 1, url: 1 }, expect.objectContaining({ unique: true })]);
    expect(indexes).toContainEqual([{ issuer: 1, clientId: 1, deploymentId: 1, addedAt: 1, sourceId: 1 }, expect.anything()]);
    expect(indexes).toContainEqual([{ nextAttemptAt: 1, sourceId: 1 }, expect.anything()]);
    expect(ExternalSourceVersionModel.schema.indexes()).toContainEqual([DEPLOYMENT_KEY, expect.objectContaining({ unique: true })]);
  });
});
const DEPLOYMENT_KEY = { issuer: 1, clientId: 1, deploymentId: 1 };

describe('external source store over a stubbed driver', () => {
  it('replaces the entries with a plain $set (no pipeline), ends the lease, then bumps the version with an upsert that sets no defaults', async () => {
    const update = jest.spyOn(ExternalSourceModel.collection, 'findOneAndUpdate').mockResolvedValue({ ...DEPLOYMENT } as never);
    const bump = jest.spyOn(ExternalSourceVersionModel.collection, 'updateOne').mockResolvedValue(updateResult);
    const entries = [{ key: '$where', title: '$concat', summary: '{ "$gt": "" }', url: 'https://x.example/$a', language: 'fr', updatedAt: T0 }];
    await expect(createExternalSourceStore().recordFetch('src-1', { kind: 'success', at: T0, nextAttemptAt: T0, entries, etag: '"e"' })).resolves.toBe(true);
    const [filter, change] = update.mock.calls[0] as unknown as [object, Record<string, Record<string, unknown>>];
    expect(filter).toEqual({ sourceId: 'src-1' });
    expect(Array.isArray(change)).toBe(false);
    // Cast by mongoose into subdocuments: compared as the JSON the driver sends.
    expect(JSON.parse(JSON.stringify(change.$set.entries))).toEqual(JSON.parse(JSON.stringify(entries)));
    expect(change.$set).toMatchObject({ entryCount: 1, consecutiveFailures: 0, lastSuccessAt: T0, etag: '"e"' });
    expect(change.$unset).toMatchObject({ lastError: 1, leasedUntil: 1, lastModified: 1 });
    expect(change.$unset).not.toHaveProperty('etag');
    const [versionFilter, versionChange, options] = bump.mock.calls[0] as unknown as [object, object, Record<string, unknown>];
    expect(versionFilter).toEqual(DEPLOYMENT);
    expect(versionChange).toEqual({ $inc: { version: 1 } });
    expect(options).toMatchObject({ upsert: true });
  });

  it('counts a failure with $inc and leaves the entries and the version alone', async () => {
    const update = jest.spyOn(ExternalSourceModel.collection, 'findOneAndUpdate').mockResolvedValue({ ...DEPLOYMENT } as never);
    const bump = jest.spyOn(ExternalSourceVersionModel.collection, 'updateOne');
    await createExternalSourceStore().recordFetch('src-1', { kind: 'failure', at: T0, nextAttemptAt: T0, error: 'timeout' });
    const [, change] = update.mock.calls[0] as unknown as [object, Record<string, Record<string, unknown>>];
    expect(change.$inc).toEqual({ consecutiveFailures: 1 });
    expect(change.$set).not.toHaveProperty('entries');
    expect(bump).not.toHaveBeenCalled();
  });

  it('claims with a filter that re-checks, on the server, that the source is still due or not held', async () => {
    const update = jest.spyOn(ExternalSourceModel.collection, 'updateOne').mockResolvedValue(updateResult);
    const lease = new Date(T0.getTime() + 60_000);
    await expect(createExternalSourceStore().claimSource('src-1', T0, lease)).resolves.toBe(true);
    await createExternalSourceStore().claimSource('src-1', T0, lease, { evenIfNotDue: true });
    expect(update.mock.calls[0][0]).toEqual({ sourceId: 'src-1', nextAttemptAt: { $lte: T0 } });
    const held = update.mock.calls[1][0] as { sourceId: string; $or: object[] };
    expect(held.sourceId).toBe('src-1');
    expect(held.$or).toEqual(expect.arrayContaining([{ leasedUntil: null }, { leasedUntil: { $lte: T0 } }]));
    expect(held).not.toHaveProperty('nextAttemptAt');
    expect(update.mock.calls[0][1]).toEqual({ $set: { nextAttemptAt: lease, leasedUntil: lease, lastAttemptAt: T0 } });
    await expect(createExternalSourceStore().claimSource({ $ne: null } as unknown as string, T0, lease)).rejects.toThrow(TypeError);
  });

  it('refuses a duplicate URL as null, through the unique index, without bumping the version', async () => {
    jest.spyOn(ExternalSourceModel.collection, 'insertOne').mockRejectedValue(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }));
    const bump = jest.spyOn(ExternalSourceVersionModel.collection, 'updateOne');
    await expect(createExternalSourceStore().addSource({ deployment: DEPLOYMENT, name: 'n', url: 'https://x.example/', addedBy: 'a' }, T0)).resolves.toBeNull();
    expect(bump).not.toHaveBeenCalled();
  });
});
