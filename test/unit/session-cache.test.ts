import { SessionCache } from '../../src/http/session-loader';
import type { LaunchSession, Storage } from '../../src/storage/port';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

const T0 = new Date('2030-01-01T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function session(id: string, expiresInSeconds: number): LaunchSession {
  return {
    id,
    context: { userId: 'u1', link: { issuer: 'https://lms.example', clientId: 'c', deploymentId: 'd', contextId: 'k', resourceLinkId: 'r' } } as unknown as LaunchSession['context'],
    csrfSecret: 'secret',
    createdAt: T0,
    expiresAt: at(expiresInSeconds),
  };
}

describe('the session cache', () => {
  let storage: Storage;
  let reads: number;
  beforeEach(() => {
    storage = openSqliteStorage({ file: ':memory:' });
    reads = 0;
    const find = storage.sessions.findSession.bind(storage.sessions);
    storage.sessions.findSession = async (id, now) => {
      reads++;
      return find(id, now);
    };
  });

  it('reads a session once, then serves it from memory', async () => {
    await storage.sessions.createSession(session('s-aaaaaaaaaaaaaaaaaaaaaa', 3600));
    const cache = new SessionCache(storage);
    expect((await cache.find('s-aaaaaaaaaaaaaaaaaaaaaa', at(1)))?.id).toBe('s-aaaaaaaaaaaaaaaaaaaaaa');
    expect((await cache.find('s-aaaaaaaaaaaaaaaaaaaaaa', at(2)))?.id).toBe('s-aaaaaaaaaaaaaaaaaaaaaa');
    expect(reads).toBe(1);
  });

  it('never serves a session past its expiry, even from memory', async () => {
    await storage.sessions.createSession(session('s-bbbbbbbbbbbbbbbbbbbbbb', 30));
    const cache = new SessionCache(storage);
    expect(await cache.find('s-bbbbbbbbbbbbbbbbbbbbbb', at(10))).not.toBeNull();
    expect(await cache.find('s-bbbbbbbbbbbbbbbbbbbbbb', at(31))).toBeNull();
  });

  it('reads the store again after a minute, so a session removed elsewhere stops working', async () => {
    await storage.sessions.createSession(session('s-cccccccccccccccccccccc', 3600));
    const cache = new SessionCache(storage);
    await cache.find('s-cccccccccccccccccccccc', at(0));
    await storage.sessions.deleteSession('s-cccccccccccccccccccccc');
    expect(await cache.find('s-cccccccccccccccccccccc', at(30))).not.toBeNull();
    expect(await cache.find('s-cccccccccccccccccccccc', at(61))).toBeNull();
  });

  it('does not remember unknown ids (a session created a moment later is found)', async () => {
    const cache = new SessionCache(storage);
    expect(await cache.find('s-dddddddddddddddddddddd', at(0))).toBeNull();
    await storage.sessions.createSession(session('s-dddddddddddddddddddddd', 3600));
    expect(await cache.find('s-dddddddddddddddddddddd', at(1))).not.toBeNull();
  });
});
