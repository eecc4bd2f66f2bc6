/**
 * The contract of read-API tokens (ports/api-tokens.ts), run unchanged on every adapter (see
 * sqlite.test.ts and mongo.test.ts): found by digest only, listed per platform newest first,
 * revoked once (the first date kept), never across platforms, and the last use written at most once
 * per interval.
 */
import type { Storage } from '../../src/storage/port';
import type { NewApiToken } from '../../src/storage/ports/api-tokens';

const T0 = new Date('2031-04-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const PLATFORM = { issuer: 'https://lms.example', clientId: 'client-1' };
const OTHER = { issuer: 'https://lms.example', clientId: 'client-2' };

let counter = 0;
function buildToken(overrides: Partial<NewApiToken> = {}): NewApiToken {
  counter += 1;
  return { id: `tok_contract${String(counter).padStart(4, '0')}`, digest: `${counter}`.padStart(64, 'a'), platform: PLATFORM, name: `Token ${counter}`, scope: 'read', hint: 'abcd', createdAt: at(counter * 1000), ...overrides };
}

export function apiTokensContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: API tokens`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => storage.close());

    it('when a token is created, then it is found by its digest with every field but the digest, and by nothing else', async () => {
      const token = buildToken({ deploymentId: 'dep-1', name: '' });
      await storage.apiTokens.createToken(token);
      const { digest, ...stored } = token;
      expect(await storage.apiTokens.findByDigest(digest)).toEqual(stored);
      for (const other of [digest.toUpperCase(), digest.slice(1), token.id, '', '{"$ne":""}']) expect(await storage.apiTokens.findByDigest(other)).toBeNull();
    });

    it('keeps a platform-wide token without a deployment', async () => {
      const token = buildToken();
      await storage.apiTokens.createToken(token);
      expect(await storage.apiTokens.findByDigest(token.digest)).not.toHaveProperty('deploymentId');
    });

    it('refuses a second token with the same digest or id', async () => {
      const token = buildToken();
      await storage.apiTokens.createToken(token);
      await expect(storage.apiTokens.createToken({ ...buildToken(), digest: token.digest })).rejects.toThrow();
      await expect(storage.apiTokens.createToken({ ...buildToken(), id: token.id })).rejects.toThrow();
    });

    it('lists a platform’s tokens newest first, never another platform’s', async () => {
      const older = buildToken();
      const newer = buildToken();
      const foreign = buildToken({ platform: OTHER });
      for (const t of [older, foreign, newer]) await storage.apiTokens.createToken(t);
      expect((await storage.apiTokens.listTokens(PLATFORM)).map((t) => t.id)).toEqual([newer.id, older.id]);
      expect((await storage.apiTokens.listTokens(OTHER)).map((t) => t.id)).toEqual([foreign.id]);
      expect(await storage.apiTokens.listTokens({ issuer: 'https://lms.example', clientId: 'client' })).toEqual([]);
    });

    it('when a token is revoked, then it says so with the first date, and another platform cannot revoke it', async () => {
      const token = buildToken();
      await storage.apiTokens.createToken(token);
      expect(await storage.apiTokens.revokeToken(OTHER, token.id, at(5))).toBe('unknown');
      expect((await storage.apiTokens.findByDigest(token.digest))?.revokedAt).toBeUndefined();
      expect(await storage.apiTokens.revokeToken(PLATFORM, token.id, at(10))).toBe('revoked');
      expect(await storage.apiTokens.revokeToken(PLATFORM, token.id, at(20))).toBe('already-revoked');
      expect((await storage.apiTokens.findByDigest(token.digest))?.revokedAt).toEqual(at(10));
      expect(await storage.apiTokens.revokeToken(PLATFORM, 'tok_neverissued', at(30))).toBe('unknown');
    });

    it('records the last use at most once per interval, and only forwards', async () => {
      const token = buildToken();
      await storage.apiTokens.createToken(token);
      const lastUse = async () => (await storage.apiTokens.findByDigest(token.digest))?.lastUsedAt;
      await storage.apiTokens.touchToken(token.id, at(100_000), 60_000);
      expect(await lastUse()).toEqual(at(100_000));
      await storage.apiTokens.touchToken(token.id, at(130_000), 60_000);
      expect(await lastUse()).toEqual(at(100_000));
      await storage.apiTokens.touchToken(token.id, at(50_000), 60_000);
      expect(await lastUse()).toEqual(at(100_000));
      await storage.apiTokens.touchToken(token.id, at(160_000), 60_000);
      expect(await lastUse()).toEqual(at(160_000));
      await storage.apiTokens.touchToken('tok_neverissued', at(500_000), 60_000);
    });
  });
}
