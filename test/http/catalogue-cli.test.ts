/**
 * `npm run catalogue -- sources add|list|remove|refresh`: in-process against a SQLite :memory: store
 * and the loopback feed server, and once as the real script on a SQLite file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCatalogueCommand, type CatalogueCommandDeps } from '../../src/cli/catalogue-command';
import type { FeedSettings } from '../../src/catalogue/external/feed-settings';
import { createLogger } from '../../src/http/logger';
import type { Storage } from '../../src/storage/port';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { startFeedServer, type FeedServer } from '../support/feed-server';

const PLATFORM = { issuer: 'https://moodle.example.edu', clientId: 'client-1' };
const KEY = ['--issuer', PLATFORM.issuer, '--client-id', PLATFORM.clientId, '--deployment', '1'];
const settings: FeedSettings = {
  fetch: { timeoutMs: 2_000, maxBytes: 256 * 1024, maxRedirects: 3, policy: { allowHttp: true, allowPrivateAddresses: true } },
  intervalMs: 6 * 3_600_000,
  tickMs: 60_000,
  leaseMs: 62_000,
};

let server: FeedServer;
let storage: Storage;
let deps: CatalogueCommandDeps;

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => server.close());
beforeEach(async () => {
  storage = openSqliteStorage({ file: ':memory:' });
  await storage.platforms.savePlatform({ ...PLATFORM, name: 'Moodle', deploymentIds: ['1'], frameOrigins: [], source: 'manual', registeredAt: new Date() });
  deps = { store: storage.externalSources, platforms: storage.platforms, settings, logger: createLogger('silent'), now: () => new Date(), random: () => 1 };
});
afterEach(async () => storage.close());

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCatalogueCommand(argv, deps, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run catalogue -- sources', () => {
  it('adds a feed, refreshes it now, lists it with its status, and removes it with its entries', async () => {
    const added = await run('sources', 'add', ...KEY, '--name', 'Open MOOC', '--url', `${server.baseUrl}/rss`, '--language', 'en');
    expect(added).toMatchObject({ code: 0, err: '' });
    const id = /^Added ([\w-]+):/.exec(added.out)![1];

    expect(await run('sources', 'refresh', ...KEY, '--id', id)).toMatchObject({ code: 0, out: 'Fetched: 2 entries.' });
    expect(await run('sources', 'refresh', ...KEY, '--id', id)).toMatchObject({ code: 0, out: 'Not modified since the last fetch: entries kept.' });
    const listed = await run('sources', 'list', ...KEY);
    expect(listed.out).toMatch(new RegExp(`^${id}  ok  2 entries  last success \\S+  Open MOOC  ${server.baseUrl}/rss$`));
    expect(JSON.parse((await run('sources', 'list', ...KEY, '--json')).out)[0]).toMatchObject({ id, name: 'Open MOOC', language: 'en', entryCount: 2 });

    expect(JSON.parse((await run('sources', 'refresh', ...KEY, '--id', id, '--json')).out)).toEqual({ outcome: 'not-modified' });
    expect(await run('sources', 'remove', ...KEY, '--id', id)).toMatchObject({ code: 0, out: 'Removed.' });
    expect(await storage.externalSources.listEntries({ ...PLATFORM, deploymentId: '1' })).toEqual([]);
    expect((await run('sources', 'list', ...KEY)).out).toBe('No external source for this deployment yet.');
  });

  it('prints a failed refresh as one line with its code, and keeps going', async () => {
    const id = /^Added ([\w-]+):/.exec((await run('sources', 'add', ...KEY, '--name', 'Broken', '--url', `${server.baseUrl}/html`)).out)![1];
    expect(await run('sources', 'refresh', ...KEY, '--id', id)).toMatchObject({ code: 1, err: 'learner-voice catalogue: Fetch failed: wrong-content-type. The entries of the last successful fetch are kept.' });
    expect((await run('sources', 'list', ...KEY)).out).toContain('failing (wrong-content-type, 1 in a row)');
  });

  it('refuses bad input with one short line per problem, and writes nothing', async () => {
    const res = await run('sources', 'add', ...KEY, '--name', '', '--url', 'javascript:alert(1)', '--language', 'de');
    expect(res.code).toBe(1);
    expect(res.err.split('\n')).toEqual(['--name is required.', '--url must be an http:// or https:// URL.', '--language is not valid.'].map((line) => `learner-voice catalogue: ${line}`));
    expect(await storage.externalSources.listSources({ ...PLATFORM, deploymentId: '1' })).toEqual([]);
  });

  it('refuses a duplicate URL, an unknown deployment, an unknown source, and says what is missing without the whole usage', async () => {
    await run('sources', 'add', ...KEY, '--name', 'A', '--url', `${server.baseUrl}/rss`);
    expect((await run('sources', 'add', ...KEY, '--name', 'B', '--url', `${server.baseUrl}/rss`)).err).toBe('learner-voice catalogue: --url is already a source of this deployment.');
    const unknown = await run('sources', 'add', '--issuer', PLATFORM.issuer, '--client-id', PLATFORM.clientId, '--deployment', '2', '--name', 'A', '--url', `${server.baseUrl}/atom`);
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.err).toMatch(/has deployment 2; see learner-voice platform list\.$/);
    expect(await run('sources', 'remove', ...KEY, '--id', 'nope')).toMatchObject({ code: 1, err: 'learner-voice catalogue: No source nope in this deployment.' });
    const missing = await run('sources', 'refresh', ...KEY);
    expect(missing).toMatchObject({ code: 2, err: 'learner-voice catalogue: missing --id (see --help)' });
    const json = await run('sources', 'refresh', ...KEY, '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.err)).toEqual({ error: 'missing --id (see --help)' });
    expect((await run('sources', 'add', '--bogus')).err.split('\n')).toHaveLength(1);
    expect((await run('nonsense')).code).toBe(2);
    expect((await run('help')).out).toContain('sources <command>');
  });

  it('refuses http feeds where FEEDS_ALLOW_HTTP is off', async () => {
    deps = { ...deps, settings: { ...settings, fetch: { ...settings.fetch, policy: { allowHttp: false, allowPrivateAddresses: false } } } };
    expect((await run('sources', 'add', ...KEY, '--name', 'A', '--url', 'http://feeds.example/rss')).err).toBe('learner-voice catalogue: --url must be an https:// URL (FEEDS_ALLOW_HTTP is off).');
  });
});

describe('the catalogue script', () => {
  it('runs against the SQLite file in DATA_DIR and says so first', async () => {
    const repo = path.resolve(__dirname, '../..');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lv-catalogue-cli-'));
    try {
      const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir };
      delete childEnv.MONGODB_URI;
      const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [require.resolve('tsx/cli'), path.join(repo, 'src/cli/catalogue.ts'), 'sources', 'list', ...KEY], { cwd: repo, env: childEnv }, (err, out, errOut) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout: out, stderr: errOut }),
        );
      });
      expect(stderr.split('\n')[0]).toBe(`Store: SQLite file ${path.join(dataDir, 'learner-voice.sqlite')} (from DATA_DIR), new and empty`);
      expect(stdout.trim()).toBe('No external source for this deployment yet.');
      expect(code).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
