/**
 * The MongoDB OIDC login store without a server: the model and its indexes, and the queries it sends
 * through mongoose's real query layer with the driver's collection methods stubbed. The shared
 * contract (test/storage/contract.ts, "oidc logins") runs against a real server when MONGODB_URI is set.
 */
import { createOidcLoginStore, OidcLoginModel } from '../../src/storage/mongo/oidc-login-store';
import { loginToJson, type OidcLogin } from '../../src/storage/ports/oidc-logins';

const NOW = new Date('2031-01-01T00:00:00Z');
const login: OidcLogin = {
  state: 'state-1',
  issuer: 'https://lms.example.edu',
  clientId: 'client-1',
  nonce: 'nonce-1',
  params: { loginHint: '4', targetLinkUri: 'https://tool.example/lti/launch' },
  authUrl: 'https://lms.example.edu/auth?state=state-1',
  createdAt: NOW,
  expiresAt: new Date(NOW.getTime() + 600_000),
};
const stored = { state: login.state, issuer: login.issuer, record: loginToJson(login), expiresAt: login.expiresAt, usedAt: null };

afterEach(() => jest.restoreAllMocks());

describe('OIDC login model', () => {
  it('lives in lv_oidc_logins, unique by state, removed by the TTL monitor once expired', () => {
    expect(OidcLoginModel.collection.collectionName).toBe('lv_oidc_logins');
    const indexes = OidcLoginModel.schema.indexes();
    expect(indexes).toContainEqual([{ state: 1 }, expect.objectContaining({ unique: true })]);
    expect(indexes).toContainEqual([{ expiresAt: 1 }, expect.objectContaining({ expireAfterSeconds: 0 })]);
  });
});

describe('OIDC login store on MongoDB', () => {
  it('uses a login with one conditional update: unused, not expired, marked used at now', async () => {
    const update = jest
      .spyOn(OidcLoginModel.collection, 'findOneAndUpdate')
      .mockResolvedValueOnce(stored as never)
      .mockResolvedValueOnce(null as never);
    await expect(createOidcLoginStore().useLogin('state-1', NOW)).resolves.toEqual(login);
    await expect(createOidcLoginStore().useLogin('state-1', NOW)).resolves.toBeNull();
    expect(update.mock.calls[0][0]).toEqual({ state: 'state-1', usedAt: null, expiresAt: { $gt: NOW } });
    expect(update.mock.calls[0][1]).toMatchObject({ $set: { usedAt: NOW } });
  });

  it('never passes a query operator on as a state', async () => {
    const find = jest.spyOn(OidcLoginModel.collection, 'findOne').mockResolvedValue(null as never);
    await createOidcLoginStore().findLogin({ $ne: null } as unknown as string, NOW);
    expect(find.mock.calls[0][0]).toEqual({ state: '[object Object]', expiresAt: { $gt: NOW } });
  });

  it('saves by replacing the record of the same state, unused', async () => {
    const replace = jest.spyOn(OidcLoginModel.collection, 'replaceOne').mockResolvedValue({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: null } as never);
    await createOidcLoginStore().saveLogin(login);
    expect(replace.mock.calls[0][0]).toEqual({ state: 'state-1' });
    expect(replace.mock.calls[0][1]).toMatchObject({ state: 'state-1', issuer: login.issuer, usedAt: null, expiresAt: login.expiresAt });
    expect(replace.mock.calls[0][2]).toMatchObject({ upsert: true });
  });
});
