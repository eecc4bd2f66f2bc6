/**
 * External feeds end to end, minus the browser: fixture feeds served on loopback, fetched by the
 * worker into a SQLite :memory: store. Each misbehaviour of a feed host ends as a recorded failure
 * with its code and a back-off, the source keeps its earlier entries, and search's reads never wait.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { RETRY_FIRST_MS } from '../../src/catalogue/external/backoff';
import { isPublicAddress } from '../../src/catalogue/external/feed-address';
import { fetchFeed } from '../../src/catalogue/external/feed-fetch';
import type { FeedSettings } from '../../src/catalogue/external/feed-settings';
import { FeedWorker } from '../../src/catalogue/external/feed-worker';
import { refreshExternalSource } from '../../src/catalogue/external/manage-sources';
import { isStale, sourceStatus } from '../../src/catalogue/external/source-status';
import { toExternalEntries } from '../../src/catalogue/external/to-external-entries';
import type { DeploymentKey } from '../../src/context/tenant';
import { createLogger } from '../../src/http/logger';
import type { Storage } from '../../src/storage/port';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { startFeedServer, type FeedServer } from '../support/feed-server';

const DEPLOYMENT: DeploymentKey = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1' };
const HOUR = 3_600_000;
// Long enough that a loaded machine still reads the capped bodies to their cap before it; /slow and
// /slow-headers take far longer.
const TIMEOUT_MS = 2_500;
const MAX_BYTES = 256 * 1024;

const settings = (overrides: Partial<FeedSettings['fetch']> = {}): FeedSettings => ({
  fetch: { timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES, maxRedirects: 3, policy: { allowHttp: true, allowPrivateAddresses: true }, ...overrides },
  intervalMs: 6 * HOUR,
  tickMs: 60_000,
  leaseMs: TIMEOUT_MS + 60_000,
});

let server: FeedServer;
let storage: Storage;
let clock: number;
let logLines: string[];
const now = () => new Date(clock);
const logger = () =>
  createLogger(
    'warn',
    new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );

function worker(overrides: Partial<FeedSettings['fetch']> = {}, store: Storage = storage) {
  return new FeedWorker({ store: store.externalSources, settings: settings(overrides), logger: logger(), now, random: () => 1 });
}

async function addSource(feedPath: string, name = feedPath) {
  const source = await storage.externalSources.addSource({ deployment: DEPLOYMENT, name, url: `${server.baseUrl}${feedPath}`, addedBy: 'admin' }, now());
  if (!source) throw new Error('not added');
  return source;
}

const find = (id: string) => storage.externalSources.findSource(DEPLOYMENT, id);

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => server.close());
beforeEach(() => {
  storage = openSqliteStorage({ file: ':memory:' });
  clock = Date.UTC(2030, 0, 1, 8);
  logLines = [];
  server.requests.length = 0;
  server.routes.clear();
});
afterEach(async () => storage.close());

describe('a valid feed', () => {
  it.each([
    ['/rss', 2],
    ['/atom', 2],
    ['/json', 2],
    ['/text-xml', 2],
  ])('when the worker fetches %s, then its entries are stored and the source is fresh until the next interval', async (feedPath, count) => {
    const source = await addSource(feedPath);
    expect(await worker().tick()).toBe(1);
    const fetched = await find(source.id);
    expect(fetched).toMatchObject({ consecutiveFailures: 0, lastSuccessAt: now(), entryCount: count, nextAttemptAt: new Date(clock + 6 * HOUR) });
    expect(fetched).not.toHaveProperty('lastError');
    expect(sourceStatus(fetched!, now(), 6 * HOUR)).toBe('ok');
    const entries = await storage.externalSources.listEntries(DEPLOYMENT);
    expect(entries).toHaveLength(count);
    expect(entries.every((e) => /^https?:\/\//.test(e.url))).toBe(true);
    // Not due again before the interval: a second tick fetches nothing.
    expect(await worker().tick()).toBe(0);
  });

  it('maps stored entries to the catalogue shape, labelled with the source and opened by their own URL', async () => {
    const source = await addSource('/rss', 'Open MOOC');
    await worker().tick();
    const fresh = (await find(source.id))!;
    const external = toExternalEntries(fresh, await storage.externalSources.listEntries(DEPLOYMENT));
    expect(external[0]).toEqual({
      kind: 'external',
      id: `x:${source.id}:course-101`,
      title: 'Data literacy for managers',
      description: 'Read charts critically & ask better questions.',
      language: 'en',
      updatedAt: new Date('2026-11-02T09:00:00Z'),
      sourceId: source.id,
      sourceName: 'Open MOOC',
      url: `${server.baseUrl}/courses/data-literacy?utm_source=rss&lang=en`,
    });
    expect(external[1]).toMatchObject({ language: 'fr', updatedAt: now() });
  });
});

describe('conditional requests', () => {
  it('when the feed answers 304 to the stored ETag, then the entries are kept and the source counts as fresh', async () => {
    const source = await addSource('/rss');
    await worker().tick();
    expect((await find(source.id))?.etag).toBe('"rss-v1"');
    const version = await storage.externalSources.sourcesVersion(DEPLOYMENT);
    clock += 6 * HOUR;
    expect(await worker().tick()).toBe(1);
    expect(server.requests.filter((r) => r.path === '/rss').map((r) => r.ifNoneMatch)).toEqual([undefined, '"rss-v1"']);
    expect(await find(source.id)).toMatchObject({ lastSuccessAt: now(), entryCount: 2, etag: '"rss-v1"', consecutiveFailures: 0 });
    expect(await storage.externalSources.listEntries(DEPLOYMENT)).toHaveLength(2);
    // Nothing the catalogue indexes changed: its index need not be rebuilt.
    expect(await storage.externalSources.sourcesVersion(DEPLOYMENT)).toBe(version);
  });

  it('when the feed sends Last-Modified only, then If-Modified-Since goes back and a 304 keeps the entries', async () => {
    const source = await addSource('/atom');
    await worker().tick();
    clock += 6 * HOUR;
    await worker().tick();
    expect(server.requests.filter((r) => r.path === '/atom').map((r) => r.ifModifiedSince)).toEqual([undefined, 'Sun, 01 Nov 2026 18:30:02 GMT']);
    expect(await find(source.id)).toMatchObject({ entryCount: 2, lastModified: 'Sun, 01 Nov 2026 18:30:02 GMT', lastSuccessAt: now() });
  });
});

describe('a broken or slow feed', () => {
  it.each([
    ['/malformed', 'malformed'],
    ['/bomb', 'malformed'],
    ['/html', 'wrong-content-type'],
    ['/error', 'http-status'],
    ['/declared-huge', 'too-large'],
    ['/huge', 'too-large'],
    ['/gzip-bomb', 'too-large'],
    ['/slow', 'timeout'],
    ['/slow-headers', 'timeout'],
    ['/redirect/4', 'too-many-redirects'],
    ['/to-file', 'bad-redirect'],
    ['/nothing-here', 'http-status'],
  ])('when %s is fetched, then the failure is recorded as %s and retried after a minute', async (feedPath, code) => {
    const source = await addSource(feedPath);
    expect(await worker().tick()).toBe(1);
    expect(await find(source.id)).toMatchObject({ lastError: code, consecutiveFailures: 1, lastAttemptAt: now(), nextAttemptAt: new Date(clock + RETRY_FIRST_MS), entryCount: 0 });
  });

  it('follows three redirects, not four', async () => {
    const ok = await addSource('/redirect/3');
    await worker().tick();
    expect(await find(ok.id)).toMatchObject({ consecutiveFailures: 0, entryCount: 2 });
    expect(server.hits('/rss')).toBe(1);
  });

  it('stops reading a streamed body soon after the cap, instead of downloading it all', async () => {
    await addSource('/huge');
    await worker().tick();
    // The server got ahead of the reader by at most its socket buffers, never the 20 MiB it had to send.
    expect(server.hugeBytesWritten()).toBeLessThan(8 * 1024 * 1024);
  });

  it('when a feed that worked breaks, then it keeps its entries, is shown failing, backs off 1, 2, 4 minutes and turns stale', async () => {
    server.routes.set('/flaky', { body: fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'feeds', 'rss.xml'), 'utf8') });
    const source = await addSource('/flaky');
    await worker().tick();
    const lastSuccess = now();
    server.routes.set('/flaky', { status: 503, type: 'text/plain', body: 'down' });

    const delays: number[] = [];
    clock += 6 * HOUR;
    for (let attempt = 1; attempt <= 3; attempt++) {
      await worker().tick();
      const state = (await find(source.id))!;
      delays.push(state.nextAttemptAt.getTime() - clock);
      expect(state).toMatchObject({ lastError: 'http-status', consecutiveFailures: attempt, lastSuccessAt: lastSuccess, entryCount: 2 });
      expect(sourceStatus(state, now(), 6 * HOUR)).toBe('failing');
      clock = state.nextAttemptAt.getTime();
    }
    expect(delays).toEqual([1, 2, 4].map((m) => m * 60_000));
    expect(await storage.externalSources.listEntries(DEPLOYMENT)).toHaveLength(2);
    clock = lastSuccess.getTime() + 12 * HOUR + 1;
    expect(isStale((await find(source.id))!, now(), 6 * HOUR)).toBe(true);
  });

  it('backs off to six hours at most, and jitters each delay between half and all of it', async () => {
    const source = await addSource('/error');
    const jittered = new FeedWorker({ store: storage.externalSources, settings: settings(), logger: logger(), now, random: () => 0 });
    for (let attempt = 1; attempt <= 12; attempt++) {
      await jittered.tick();
      clock = (await find(source.id))!.nextAttemptAt.getTime();
    }
    const last = (await find(source.id))!;
    expect(last.consecutiveFailures).toBe(12);
    expect(last.nextAttemptAt.getTime() - last.lastAttemptAt!.getTime()).toBe(3 * HOUR);
  });

  it('logs a failure with the source id and never the feed URL or its query string', async () => {
    server.routes.set('/secret', { status: 500, type: 'text/plain' });
    const source = await storage.externalSources.addSource({ deployment: DEPLOYMENT, name: 's', url: `${server.baseUrl}/secret?api_key=TOPSECRET`, addedBy: 'a' }, now());
    await worker().tick();
    const line = logLines.map((l) => JSON.parse(l)).find((l) => l.msg === 'external feed fetch failed');
    expect(line).toMatchObject({ sourceId: source!.id, error: 'http-status' });
    expect(logLines.join('\n')).not.toContain('TOPSECRET');
    expect(logLines.join('\n')).not.toContain('/secret');
  });
});

describe('search never waits for a feed', () => {
  it('while a slow feed is being fetched, the stored entries are read at once and the fast feed is not held back', async () => {
    const fast = await addSource('/rss');
    await worker().tick();
    clock += 6 * HOUR;
    server.routes.set('/rss', { status: 200, body: '<rss version="2.0"><channel></channel></rss>' });
    await addSource('/slow');
    const pass = worker().tick();
    const reading = Date.now();
    expect(await storage.externalSources.listEntries(DEPLOYMENT)).toHaveLength(2);
    expect(Date.now() - reading).toBeLessThan(100);
    await pass;
    expect(await find(fast.id)).toMatchObject({ entryCount: 0, consecutiveFailures: 0 });
  });
});

describe('several workers sharing one store', () => {
  it('fetch each due source once, whichever worker claims it', async () => {
    for (const feedPath of ['/rss', '/atom', '/json', '/text-xml']) await addSource(feedPath);
    const workers = [worker(), worker(), worker()];
    await Promise.all(workers.map((w) => w.tick()));
    for (const feedPath of ['/rss', '/atom', '/json', '/text-xml']) expect(server.hits(feedPath)).toBe(1);
  });

  it("an admin's refresh does not fetch a source a worker holds, and fetches it otherwise", async () => {
    const source = await addSource('/slow');
    const w = worker();
    const pass = w.tick();
    await new Promise((r) => setTimeout(r, 100));
    const deps = { store: storage.externalSources, settings: settings(), logger: logger(), now, random: () => 1 };
    expect(await refreshExternalSource(DEPLOYMENT, source.id, deps)).toEqual({ kind: 'busy' });
    await pass;
    expect(await refreshExternalSource(DEPLOYMENT, source.id, deps)).toEqual({ kind: 'failure', error: 'timeout' });
    expect(await refreshExternalSource({ ...DEPLOYMENT, deploymentId: 'other' }, source.id, deps)).toEqual({ kind: 'not-found' });
  });
});

describe('the worker process', () => {
  it('start() ticks at once with an unref()ed timer; stop() aborts fetches under way and returns promptly', async () => {
    const source = await addSource('/slow-headers');
    const w = new FeedWorker({ store: storage.externalSources, settings: { ...settings({ timeoutMs: 30_000 }), tickMs: 3_600_000 }, logger: logger(), now, random: () => 1 });
    w.start();
    await new Promise((r) => setTimeout(r, 150));
    const stopping = Date.now();
    await w.stop();
    expect(Date.now() - stopping).toBeLessThan(2_000);
    // The aborted fetch was recorded as a failure (and so released its lease).
    expect(await find(source.id)).toMatchObject({ consecutiveFailures: 1, lastError: 'timeout' });
    expect(await w.tick()).toBe(0);
  });
});

describe('addresses', () => {
  it('refuses http and loopback feeds where the settings forbid them, before any request', async () => {
    const before = server.requests.length;
    const strict = { timeoutMs: 1000, maxBytes: MAX_BYTES, maxRedirects: 3 };
    await expect(fetchFeed(`${server.baseUrl}/rss`, {}, { ...strict, policy: { allowHttp: false, allowPrivateAddresses: true } })).rejects.toMatchObject({ code: 'address-refused' });
    await expect(fetchFeed(`${server.baseUrl}/rss`, {}, { ...strict, policy: { allowHttp: true, allowPrivateAddresses: false } })).rejects.toMatchObject({ code: 'address-refused' });
    await expect(fetchFeed('https://localhost/feed', {}, { ...strict, policy: { allowHttp: true, allowPrivateAddresses: false, resolve: async () => ['127.0.0.1'] } })).rejects.toMatchObject({ code: 'address-refused' });
    await expect(fetchFeed('file:///etc/passwd', {}, { ...strict, policy: { allowHttp: true, allowPrivateAddresses: true } })).rejects.toMatchObject({ code: 'address-refused' });
    expect(server.requests.length).toBe(before);
  });

  it('counts only public unicast addresses as public', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip'])
      expect([address, isPublicAddress(address)]).toEqual([address, false]);
    for (const address of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34']) expect([address, isPublicAddress(address)]).toEqual([address, true]);
  });
});
