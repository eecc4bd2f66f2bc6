/**
 * ToolKeys over a real SQLite store with a fake clock: the keyset ltijs builds (Utils/Keyset.js, what
 * /lti/keys serves) lists the retired key during its grace and drops it once the clock passes it,
 * before any purge; the purge then deletes its record.
 */
import { generateKeyPairSync } from 'node:crypto';
import { ToolKeys } from '../../src/launch/tool-keys';
import type { Storage } from '../../src/storage/port';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

const Keyset = require('ltijs/dist/Utils/Keyset') as { build(database: unknown, encryptionKey: string): Promise<{ keys: { kid: string }[] }> };

const SECRET = 'test-encryption-key';
const KEY = { issuer: 'https://lms.example', clientId: 'client-1' };
const DAY_MS = 24 * 60 * 60 * 1000;
let now = Date.UTC(2026, 11, 1);
let storage: Storage;

beforeEach(async () => {
  storage = openSqliteStorage({ file: ':memory:', clock: () => now });
  const records = storage.ltiDatabase().plugin;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } });
  const index = { kid: 'k0', platformUrl: KEY.issuer, clientId: KEY.clientId };
  await records.Insert(false, 'platform', { platformUrl: KEY.issuer, clientId: KEY.clientId, kid: 'k0', platformName: 'LMS' });
  await records.Insert(false, 'platformStatus', { id: 'k0', active: false });
  await records.Insert(SECRET, 'publickey', { key: publicKey, kid: 'k0' }, index);
  await records.Insert(SECRET, 'privatekey', { key: privateKey, kid: 'k0' }, index);
});
afterEach(async () => storage.close());

async function kids(): Promise<string[]> {
  return (await Keyset.build(storage.ltiDatabase().plugin, SECRET)).keys.map((k) => k.kid);
}

describe('ToolKeys', () => {
  it('keeps the retired public key until its grace ends, then the keyset drops it and the purge deletes it', async () => {
    const keys = new ToolKeys(storage.ltiDatabase().plugin, SECRET, () => now);
    const rotation = (await keys.rotate(KEY, 2 * DAY_MS))!;
    expect(rotation).toEqual({ retiredKid: 'k0', signingKid: expect.stringMatching(/^[0-9a-f]{32}$/), retiredUntil: new Date(now + 2 * DAY_MS) });
    expect((await kids()).sort()).toEqual(['k0', rotation.signingKid].sort());

    const records = storage.ltiDatabase().plugin;
    // The old private key is gone at once, the state moved to the new kid (still inactive).
    expect(await records.Get(SECRET, 'privatekey', { kid: 'k0' })).toBe(false);
    expect(await records.Get(false, 'platformStatus', { id: rotation.signingKid })).toEqual([expect.objectContaining({ active: false })]);
    expect(await records.Get(false, 'platformStatus', { id: 'k0' })).toBe(false);

    now += 2 * DAY_MS - 1;
    expect(await kids()).toContain('k0');
    now += 1;
    expect(await kids()).toEqual([rotation.signingKid]);
    expect(await keys.keyringOf(KEY)).toEqual({ signing: rotation.signingKid, retired: [] });

    await storage.purgeExpired(new Date(now));
    expect(await records.Get(false, 'publickey', { kid: 'k0' })).toBe(false);
  });

  it('rotates nothing for an unknown platform', async () => {
    const keys = new ToolKeys(storage.ltiDatabase().plugin, SECRET, () => now);
    expect(await keys.rotate({ issuer: 'https://other.example', clientId: 'x' }, DAY_MS)).toBeNull();
    expect(await kids()).toEqual(['k0']);
  });
});
