/**
 * The Express limiters (http/rate-limits.ts) counting in the store's windows: two apps on one SQLite
 * file stand for two processes of one deployment, and a limit holds once across them. When the store
 * fails, the request goes on and one error line names the limiter: never a 5xx.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import request from 'supertest';
import { createLogger } from '../../src/http/logger';
import { perIpFailureLimit, perIpLaunchLimit, perUserWriteLimit, type SharedWindows } from '../../src/http/rate-limits';
import type { Storage } from '../../src/storage/port';
import type { RateLimitStore } from '../../src/storage/ports/rate-limits';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { watchCrashes } from '../support/real-process';

const dir = mkdtempSync(path.join(tmpdir(), 'lv-limits-'));
let stores: Storage[] = [];
let file: string;
let run = 0;
beforeEach(() => {
  file = path.join(dir, `run-${++run}.sqlite`);
  stores = [openSqliteStorage({ file }), openSqliteStorage({ file })];
});
afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the limiters log while the store works: nothing (express-rate-limit's own checks, such as a double count, log here too). */
const logged: unknown[] = [];
const quiet = createLogger('info', new Writable({ write: (chunk, _enc, done) => (logged.push(JSON.parse(String(chunk))), done()) }));
const shared = (storage: Storage): SharedWindows => ({ windows: storage.rateLimits, logger: quiet });
afterEach(() => expect(logged.splice(0)).toEqual([]));

/** The refusal as the error handler would turn it into a response (only its status and code matter here). */
const answer: ErrorRequestHandler = (err, _req, res, _next) => res.status((err as { status?: number }).status ?? 500).json({ code: (err as { code?: string }).code });

/** An app with `limiter` in front of routes that answer 200, or 400 on /refused. */
function appWith(limiter: RequestHandler, session?: { userId: string }): express.Express {
  const app = express();
  if (session) app.use((_req, res, next) => ((res.locals.session = { context: { link: { issuer: 'https://lms.example', clientId: 'c' }, userId: session.userId } }), next()));
  app.use(limiter);
  app.all('/ok', (_req, res) => res.send('ok'));
  app.all('/refused', (_req, res) => res.status(400).send('no'));
  app.use(answer);
  return app;
}

describe('limits counted in the store', () => {
  it('when two processes take requests from one address, then its ceiling holds once across them', async () => {
    const [a, b] = stores.map((s) => appWith(perIpLaunchLimit({ name: 'ip-launch', windowMs: 60_000, limit: 3 }, shared(s))));
    for (const app of [a, b, a]) expect((await request(app).get('/ok')).status).toBe(200);
    const refused = await request(b).get('/ok');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ code: 'RATE_LIMITED' });
    expect(refused.headers.ratelimit).toMatch(/limit=3, remaining=0, reset=\d+/);
    expect((await request(a).get('/ok')).status).toBe(429);
  });

  it('when two limiters count the same address under different names, then neither sees the other’s hits', async () => {
    const login = perIpLaunchLimit({ name: 'ip-launch', windowMs: 60_000, limit: 2 }, shared(stores[0]));
    const register = perIpLaunchLimit({ name: 'ip-register', windowMs: 60_000, limit: 2 }, shared(stores[1]));
    for (let i = 0; i < 2; i++) expect((await request(appWith(login)).get('/ok')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await request(appWith(register)).get('/ok')).status).toBe(200);
  });

  it('when an address’s requests are refused on both processes, then its refusals add up, and successes never count', async () => {
    const [a, b] = stores.map((s) => appWith(perIpFailureLimit(shared(s), { windowMs: 60_000, limit: 2 })));
    for (const app of [a, b, a, b]) expect((await request(app).get('/ok')).status).toBe(200);
    // A success writes nothing: the address has no window yet.
    const window = () => stores[0].rateLimits.peek(`ip-failures:${ipKeyGenerator('::ffff:127.0.0.1')}`, new Date());
    expect(await window()).toBeNull();
    expect((await request(a).get('/refused')).status).toBe(400);
    expect((await request(b).get('/refused')).status).toBe(400);
    // Counted once the response is out: the next request must not race the count.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await request(a).get('/ok')).status).toBe(429);
    expect((await request(b).get('/ok')).status).toBe(429);
    expect(await window()).toMatchObject({ hits: 2 });
  });

  it('when one user writes through both processes, then the write limit counts every write once, and reads not at all', async () => {
    const [a, b] = stores.map((s) => appWith(perUserWriteLimit(shared(s), { windowMs: 60_000, limit: 3 }), { userId: 'ana' }));
    for (const app of [a, b, a]) {
      expect((await request(app).post('/ok')).status).toBe(200);
      expect((await request(app).get('/ok')).status).toBe(200);
    }
    expect((await request(b).post('/ok')).status).toBe(429);
    expect((await request(b).get('/ok')).status).toBe(200);
    const ben = appWith(perUserWriteLimit(shared(stores[1]), { windowMs: 60_000, limit: 3 }), { userId: 'ben' });
    expect((await request(ben).post('/ok')).status).toBe(200);
  });
});

describe('when the store fails', () => {
  const failing: RateLimitStore = {
    hit: () => Promise.reject(new Error('SQLITE_BUSY: database is locked')),
    peek: () => Promise.reject(new Error('SQLITE_BUSY: database is locked')),
    decrement: () => Promise.reject(new Error('SQLITE_BUSY: database is locked')),
    reset: () => Promise.reject(new Error('SQLITE_BUSY: database is locked')),
  };

  it('then every limiter lets the request through, logs one error line naming itself, and nothing crashes', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
    const crashes = watchCrashes();
    try {
      const down: SharedWindows = { windows: failing, logger };
      const write = appWith(perUserWriteLimit(down, { windowMs: 60_000, limit: 1 }), { userId: 'ana' });
      const failures = appWith(perIpFailureLimit(down, { windowMs: 60_000, limit: 1 }));
      const address = appWith(perIpLaunchLimit({ name: 'ip-launch', windowMs: 60_000, limit: 1 }, down));
      for (let i = 0; i < 2; i++) {
        expect((await request(write).post('/ok')).status).toBe(200);
        expect((await request(failures).get('/ok')).status).toBe(200);
        expect((await request(failures).get('/refused')).status).toBe(400);
        expect((await request(address).get('/ok')).status).toBe(200);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(lines.map((l) => l.limiter).sort()).toEqual(['ip-failures', 'ip-failures', 'ip-failures', 'ip-failures', 'ip-launch', 'ip-launch', 'write', 'write']);
      for (const line of lines) expect(line).toMatchObject({ level: 50, err: { message: 'SQLITE_BUSY: database is locked' } });
      expect(crashes.crashes).toEqual([]);
    } finally {
      crashes.stop();
    }
  });
});
