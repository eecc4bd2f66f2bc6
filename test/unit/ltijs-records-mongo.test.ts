/**
 * ltijs's records in MongoDB mode, over a stubbed driver collection: the filters and writes the
 * server would receive. What the server does with them is the contract's job (MONGODB_URI).
 */
import { Types } from 'mongoose';
import { LtiRecordModel, MongoLtiRecordTable, recordFilter } from '../../src/storage/mongo/ltijs-records';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);

afterEach(() => jest.restoreAllMocks());

describe('ltijs record filters', () => {
  it('match the collection, live records only, and each query field under doc by plain equality', () => {
    expect(recordFilter('platform', [{ field: 'platformUrl', value: 'https://lms.example' }, { field: 'clientId', value: '$ne' }], NOW)).toEqual({
      kind: 'platform',
      expiresAt: { $not: { $lte: new Date(NOW) } },
      'doc.platformUrl': 'https://lms.example',
      'doc.clientId': '$ne',
    });
  });

  it('keep a null condition, which MongoDB matches against a missing field as SQLite does', () => {
    expect(recordFilter('idtoken', [{ field: 'user', value: null }], NOW)).toMatchObject({ 'doc.user': null });
  });
});

describe('ltijs record indexes', () => {
  const declared = LtiRecordModel.schema.indexes().map(([keys, options]) => ({ keys, options }));

  it('serve every lookup field ltijs sends on a launch, after the collection', () => {
    for (const field of ['kid', 'platformUrl', 'user', 'state', 'nonce']) {
      expect(declared.map((d) => d.keys)).toContainEqual({ kind: 1, [`doc.${field}`]: 1 });
    }
  });

  it('let the TTL monitor delete expired tokens, states and nonces', () => {
    expect(declared).toContainEqual({ keys: { expiresAt: 1 }, options: expect.objectContaining({ expireAfterSeconds: 0 }) });
  });
});

describe('ltijs record reads and writes', () => {
  const table = new MongoLtiRecordTable();

  it('read live records oldest first, through mongoose casting unchanged, without internal fields', async () => {
    const find = jest.spyOn(LtiRecordModel.collection, 'find').mockImplementation((() => ({
      toArray: async () => [{ doc: { kid: 'k1' }, createdAt: new Date(NOW) }],
    })) as never);
    await expect(table.find('platform', [{ field: 'kid', value: 'k1' }], NOW)).resolves.toEqual([{ doc: { kid: 'k1' }, createdAt: NOW }]);
    const [filter, options] = find.mock.calls[0] as unknown as [unknown, { sort?: unknown; projection?: unknown }];
    expect(filter).toEqual(recordFilter('platform', [{ field: 'kid', value: 'k1' }], NOW));
    expect(options).toMatchObject({ sort: { _id: 1 }, projection: { _id: 0, doc: 1, createdAt: 1 } });
  });

  it('modify the first live match only if nobody changed it since it was read', async () => {
    const id = new Types.ObjectId();
    jest.spyOn(LtiRecordModel.collection, 'findOne').mockResolvedValue({ _id: id, doc: { kid: 'k1', name: 'a' }, createdAt: new Date(NOW), rev: 3 } as never);
    const update = jest.spyOn(LtiRecordModel.collection, 'updateOne').mockResolvedValue({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    await table.updateFirst('platform', [{ field: 'kid', value: 'k1' }], NOW, (current) => ({ ...current.doc, name: 'b' }));
    expect(update).toHaveBeenCalledWith({ _id: id, rev: 3 }, { $set: { doc: { kid: 'k1', name: 'b' } }, $inc: { rev: 1 } });
  });

  it('replace the oldest live match whole, restarting its lifetime, or insert the replacement', async () => {
    const replace = jest.spyOn(LtiRecordModel.collection, 'findOneAndReplace').mockResolvedValue(null as never);
    await table.replaceFirst('nonce', [{ field: 'nonce', value: 'n-1' }], { nonce: 'n-1' }, NOW, NOW + 600_000);
    expect(replace).toHaveBeenCalledWith(
      recordFilter('nonce', [{ field: 'nonce', value: 'n-1' }], NOW),
      { kind: 'nonce', doc: { nonce: 'n-1' }, createdAt: new Date(NOW), expiresAt: new Date(NOW + 600_000), rev: 0 },
      { sort: { _id: 1 }, upsert: true, projection: { _id: 1 } },
    );
  });

  it('insert a record of a collection that never expires without an expiry', async () => {
    const insert = jest.spyOn(LtiRecordModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
    await table.insert('platform', { kid: 'k1' }, NOW, null);
    expect(insert).toHaveBeenCalledWith({ kind: 'platform', doc: { kid: 'k1' }, createdAt: new Date(NOW), rev: 0 });
  });

  it('delete every match, expired or not', async () => {
    const remove = jest.spyOn(LtiRecordModel.collection, 'deleteMany').mockResolvedValue({ acknowledged: true, deletedCount: 2 });
    await table.deleteWhere('idtoken', [{ field: 'user', value: 'u1' }]);
    expect(remove).toHaveBeenCalledWith({ kind: 'idtoken', 'doc.user': 'u1' });
  });

  it('give every live match an expiry, which the TTL index then honours (a retired tool key)', async () => {
    const update = jest.spyOn(LtiRecordModel.collection, 'updateMany').mockResolvedValue({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    await table.expireWhere('publickey', [{ field: 'kid', value: 'k0' }], NOW + 1000, NOW);
    expect(update).toHaveBeenCalledWith(recordFilter('publickey', [{ field: 'kid', value: 'k0' }], NOW), { $set: { expiresAt: new Date(NOW + 1000) }, $inc: { rev: 1 } });
  });
});
