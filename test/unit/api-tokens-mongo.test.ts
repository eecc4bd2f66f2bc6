/**
 * The MongoDB read-API tokens without a server: what the store sends to the driver (captured on the
 * model's collection, as mongoose would send it) and the indexes the model declares for it.
 */
import { ApiTokenModel } from '../../src/storage/mongo/api-token-models';
import { createApiTokenStore, touchFilter } from '../../src/storage/mongo/api-token-store';

const PLATFORM = { issuer: 'https://lms.example', clientId: 'c-1' };
const NOW = new Date('2031-04-01T08:00:00Z');
type Doc = Record<string, unknown>;

afterEach(() => jest.restoreAllMocks());

describe('MongoDB API tokens', () => {
  it('declare a unique digest index and a platform index in list order, on lv_api_tokens', () => {
    const indexes = ApiTokenModel.schema.indexes();
    expect(indexes).toContainEqual([{ digest: 1 }, expect.objectContaining({ unique: true, name: 'lv_api_token_digest' })]);
    expect(indexes).toContainEqual([{ issuer: 1, clientId: 1, createdAt: -1, _id: -1 }, expect.objectContaining({ name: 'lv_api_token_platform' })]);
    expect(ApiTokenModel.collection.collectionName).toBe('lv_api_tokens');
  });

  it('inserts the digest, never the token, under the token id as _id, without a deployment when platform-wide', async () => {
    const insert = jest.spyOn(ApiTokenModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: 'tok_x' } as never);
    await createApiTokenStore().createToken({ id: 'tok_abcdefghijkl', digest: 'f'.repeat(64), platform: PLATFORM, name: '', scope: 'read', hint: 'wxyz', createdAt: NOW });
    const doc = insert.mock.calls[0][0] as unknown as Doc;
    expect(doc).toEqual({ _id: 'tok_abcdefghijkl', digest: 'f'.repeat(64), issuer: PLATFORM.issuer, clientId: PLATFORM.clientId, name: '', scope: 'read', hint: 'wxyz', createdAt: NOW });
  });

  it('finds by digest with $eq, so that no value is ever read as an operator, and maps the document', async () => {
    const find = jest.spyOn(ApiTokenModel.collection, 'findOne').mockResolvedValue({ _id: 'tok_a', digest: 'd', issuer: 'i', clientId: 'c', deploymentId: 'dep', name: 'n', scope: 'read', hint: 'h', createdAt: NOW, lastUsedAt: NOW } as never);
    expect(await createApiTokenStore().findByDigest('d')).toEqual({ id: 'tok_a', platform: { issuer: 'i', clientId: 'c' }, deploymentId: 'dep', name: 'n', scope: 'read', hint: 'h', createdAt: NOW, lastUsedAt: NOW });
    expect(find.mock.calls[0][0]).toEqual({ digest: { $eq: 'd' } });
  });

  it('lists by platform, newest first, as the platform index reads it', async () => {
    const find = jest.spyOn(ApiTokenModel.collection, 'find').mockImplementation((() => ({ toArray: async () => [] })) as never);
    await createApiTokenStore().listTokens(PLATFORM);
    const [filter, options] = find.mock.calls[0] as unknown as [Doc, { sort?: Doc }];
    expect(filter).toEqual(PLATFORM);
    expect(options.sort).toEqual({ createdAt: -1, _id: -1 });
  });

  it('revokes with one conditional update on the platform’s token not yet revoked, and tells a second revocation from an unknown id', async () => {
    const update = jest.spyOn(ApiTokenModel.collection, 'updateOne').mockResolvedValueOnce({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    expect(await createApiTokenStore().revokeToken(PLATFORM, 'tok_a', NOW)).toBe('revoked');
    expect(update.mock.calls[0][0]).toEqual({ _id: { $eq: 'tok_a' }, ...PLATFORM, revokedAt: { $exists: false } });
    expect(update.mock.calls[0][1]).toEqual({ $set: { revokedAt: NOW } });

    update.mockResolvedValue({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null });
    const exists = jest.spyOn(ApiTokenModel.collection, 'findOne').mockResolvedValueOnce({ _id: 'tok_a' } as never).mockResolvedValueOnce(null as never);
    expect(await createApiTokenStore().revokeToken(PLATFORM, 'tok_a', NOW)).toBe('already-revoked');
    expect(await createApiTokenStore().revokeToken(PLATFORM, 'tok_b', NOW)).toBe('unknown');
    expect(exists.mock.calls[0][0]).toEqual({ _id: { $eq: 'tok_a' }, ...PLATFORM });
  });

  it('stamps the last use only when absent or at least the interval old, in one update', async () => {
    const update = jest.spyOn(ApiTokenModel.collection, 'updateOne').mockResolvedValue({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    await createApiTokenStore().touchToken('tok_a', NOW, 60_000);
    expect(update.mock.calls[0][0]).toEqual(touchFilter('tok_a', NOW, 60_000));
    expect(touchFilter('tok_a', NOW, 60_000)).toEqual({ _id: 'tok_a', $or: [{ lastUsedAt: { $exists: false } }, { lastUsedAt: { $lte: new Date(NOW.getTime() - 60_000) } }] });
    expect(update.mock.calls[0][1]).toEqual({ $set: { lastUsedAt: NOW } });
  });
});
