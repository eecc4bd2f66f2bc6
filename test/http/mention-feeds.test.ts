/**
 * Mentions end to end, minus the browser: fixture feeds (a Mastodon-like hashtag feed as RSS, a French
 * forum as Atom) served on loopback, read by the mention worker into a SQLite :memory: store, matched
 * against the terms of each course of the feed's deployment. The fetch's limits, conditional
 * requests and back-off are the catalogue's own (poll-feed.ts), checked here through this worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { RETRY_FIRST_MS } from '../../src/catalogue/external/backoff';
import type { FeedSettings } from '../../src/catalogue/external/feed-settings';
import type { ContextKey, DeploymentKey } from '../../src/context/tenant';
import { createLogger } from '../../src/http/logger';
import { MentionWorker } from '../../src/listening/mentions/mention-worker';
import type { Storage } from '../../src/storage/port';
import type { Mention } from '../../src/storage/ports/mentions';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { startFeedServer, type FeedServer } from '../support/feed-server';

const DEPLOYMENT: DeploymentKey = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1' };
const course = (contextId: string, deployment: DeploymentKey = DEPLOYMENT): ContextKey => ({ ...deployment, contextId });
const HOUR = 3_600_000;
const TIMEOUT_MS = 1_500;
const settings: FeedSettings = {
  fetch: { timeoutMs: TIMEOUT_MS, maxBytes: 64 * 1024, maxRedirects: 3, policy: { allowHttp: true, allowPrivateAddresses: true } },
  intervalMs: 6 * HOUR,
  tickMs: 60_000,
  leaseMs: TIMEOUT_MS + 60_000,
};
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'feeds', 'mentions', name), 'utf8');

let server: FeedServer;
let storage: Storage;
let clock: number;
let heard: Mention[];
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
const worker = (onMention: (m: Mention) => void | Promise<void> = (m) => void heard.push(m)) =>
  new MentionWorker({ store: storage.mentions, settings, logger: logger(), now, random: () => 1, onMention });

async function addFeed(feedPath: string, deployment = DEPLOYMENT) {
  const feed = await storage.mentions.addFeed({ deployment, title: feedPath, url: `${server.baseUrl}${feedPath}`, addedBy: 'admin' }, now());
  if (!feed) throw new Error('not added');
  return feed;
}
const feedState = async (id: string) => (await storage.mentions.listFeeds(DEPLOYMENT)).find((f) => f.id === id)!;

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => server.close());
beforeEach(async () => {
  storage = openSqliteStorage({ file: ':memory:' });
  clock = Date.UTC(2026, 10, 6, 8);
  heard = [];
  logLines = [];
  server.requests.length = 0;
  server.routes.clear();
  server.routes.set('/tags/pythonavance.rss', { body: fixture('mastodon-tag.rss'), etag: '"tag-v1"' });
  server.routes.set('/forum.atom', { type: 'application/atom+xml; charset=utf-8', body: fixture('forum.atom'), lastModified: 'Thu, 05 Nov 2026 12:00:00 GMT' });
  await storage.mentions.setKeywords(course('python'), ['Python avancé'], 'admin', now());
  await storage.mentions.setKeywords(course('plain-python'), ['python'], 'admin', now());
  await storage.mentions.setKeywords(course('quality'), ['évaluation', 'Management agile'], 'admin', now());
});
afterEach(async () => storage.close());

describe('matching feeds', () => {
  it('stores what each course’s terms mention, on word boundaries, with the post’s sentiment and link, and tells the hook once per new mention', async () => {
    await addFeed('/tags/pythonavance.rss');
    await addFeed('/forum.atom');
    expect(await worker().tick()).toBe(2);

    const python = await storage.mentions.listMentions(course('python'), 10);
    // The hashtag #PythonAvance is the term written as one word; the script-linked post is dropped by the parser.
    expect(python.map((m) => [m.url, m.sentimentLabel, m.keywords])).toEqual([
      ['https://social.example/@max/113000000000000002', 'negative', ['Python avancé']],
      ['https://social.example/@lea/113000000000000001', 'positive', ['Python avancé']],
    ]);
    expect(python[0].excerpt).toBe('Honestly the Python avancé training was a waste of time: boring, too slow and badly organised. Disappointed.');
    expect(python[0].publishedAt).toEqual(new Date('2026-11-04T08:00:00Z'));
    // "python" is a word of the second post only: not of "Pythonic", nor of the hashtag "PythonAvance".
    expect((await storage.mentions.listMentions(course('plain-python'), 10)).map((m) => m.entryKey)).toEqual(['https://social.example/@max/113000000000000002']);

    const quality = await storage.mentions.listMentions(course('quality'), 10);
    expect(quality.map((m) => [m.title, m.sentimentLabel, m.language, m.keywords])).toEqual([
      ["Question sur l'ÉVALUATION des acquis", 'negative', 'fr', ['évaluation']],
      ['Retour sur la formation Management agile', 'positive', 'fr', ['Management agile']],
    ]);
    expect(quality[0].url).toBe(`${server.baseUrl}/t/4212`);
    expect(heard).toHaveLength(5);
  });

  it('asks again with the validators, stores nothing twice and tells the hook nothing on a 304 or an unchanged body', async () => {
    const tag = await addFeed('/tags/pythonavance.rss');
    server.routes.set('/plain.rss', { body: fixture('mastodon-tag.rss') });
    const plain = await addFeed('/plain.rss');
    await worker().tick();
    // Two posts of each feed for "python", the second of each for "plain-python".
    expect(heard).toHaveLength(6);
    clock += 6 * HOUR;
    expect(await worker().tick()).toBe(2);
    expect(server.requests.filter((r) => r.path === '/tags/pythonavance.rss').map((r) => r.ifNoneMatch)).toEqual([undefined, '"tag-v1"']);
    expect(heard).toHaveLength(6);
    expect(await storage.mentions.listMentions(course('python'), 10)).toHaveLength(4);
    expect((await feedState(tag.id)).lastSuccessAt).toEqual(now());
    expect((await feedState(plain.id)).etag).toBeUndefined();
  });

  it('never matches a feed against the terms of another deployment’s courses', async () => {
    const other: DeploymentKey = { ...DEPLOYMENT, deploymentId: 'd2' };
    await storage.mentions.setKeywords(course('python', other), ['Python avancé'], 'admin', now());
    await addFeed('/tags/pythonavance.rss', other);
    await storage.mentions.setKeywords(course('python'), [], 'admin', now());
    await storage.mentions.setKeywords(course('plain-python'), [], 'admin', now());
    await worker().tick();
    expect(await storage.mentions.listMentions(course('python'), 10)).toEqual([]);
    expect(await storage.mentions.listMentions(course('python', other), 10)).toHaveLength(2);
  });
});

describe('a feed host that misbehaves', () => {
  it('ends a slow feed at the time limit and an oversized one at the byte cap, as failures with back-off, without holding back the others', async () => {
    const slow = await addFeed('/slow');
    const huge = await addFeed('/huge');
    const good = await addFeed('/tags/pythonavance.rss');
    const started = Date.now();
    await worker().tick();
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2_500);
    expect(await feedState(slow.id)).toMatchObject({ consecutiveFailures: 1, lastError: 'timeout', nextAttemptAt: new Date(clock + RETRY_FIRST_MS) });
    expect(await feedState(huge.id)).toMatchObject({ consecutiveFailures: 1, lastError: 'too-large' });
    expect(server.hugeBytesWritten()).toBeLessThan(5 * 1024 * 1024);
    expect((await feedState(good.id)).consecutiveFailures).toBe(0);
    expect(await storage.mentions.listMentions(course('python'), 10)).toHaveLength(2);
    expect(logLines.join('')).not.toContain(server.baseUrl);
  });

  it('backs off after a 500, does not ask again before the delay, and recovers with the mentions it missed', async () => {
    server.routes.set('/flaky.rss', { status: 500, body: 'boom' });
    const flaky = await addFeed('/flaky.rss');
    await worker().tick();
    expect(await feedState(flaky.id)).toMatchObject({ consecutiveFailures: 1, lastError: 'http-status', nextAttemptAt: new Date(clock + RETRY_FIRST_MS) });
    clock += RETRY_FIRST_MS - 1_000;
    expect(await worker().tick()).toBe(0);
    expect(server.hits('/flaky.rss')).toBe(1);
    await worker().tick();
    server.routes.set('/flaky.rss', { status: 500, body: 'boom' });
    clock += 1_000;
    await worker().tick();
    // Second failure in a row: twice the first delay.
    expect(await feedState(flaky.id)).toMatchObject({ consecutiveFailures: 2, nextAttemptAt: new Date(clock + 2 * RETRY_FIRST_MS) });
    server.routes.set('/flaky.rss', { body: fixture('mastodon-tag.rss') });
    clock += 2 * RETRY_FIRST_MS;
    await worker().tick();
    const state = await feedState(flaky.id);
    expect(state.consecutiveFailures).toBe(0);
    expect(state.lastError).toBeUndefined();
    expect(await storage.mentions.listMentions(course('python'), 10)).toHaveLength(2);
    expect(server.hits('/flaky.rss')).toBe(3);
  });

  it('keeps storing mentions when the hook throws, and logs the failure without the post', async () => {
    await addFeed('/tags/pythonavance.rss');
    await worker(() => {
      throw new Error('alert store down');
    }).tick();
    expect(await storage.mentions.listMentions(course('python'), 10)).toHaveLength(2);
    expect(logLines.join('')).toContain('mention hook failed');
    expect(logLines.join('')).not.toContain('waste of time');
  });
});

describe('the worker process', () => {
  it('start() ticks at once with an unref()ed timer; stop() aborts a fetch under way and returns promptly', async () => {
    await addFeed('/slow');
    const w = new MentionWorker({ store: storage.mentions, settings: { ...settings, fetch: { ...settings.fetch, timeoutMs: 30_000 }, tickMs: HOUR }, logger: logger(), now, random: () => 1 });
    w.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await w.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await storage.mentions.listFeeds(DEPLOYMENT))[0]).toMatchObject({ consecutiveFailures: 1, lastError: 'timeout' });
  });
});
