/**
 * Manual registration from the command line: `npm run platform -- add|list|show|remove|activate|…`.
 * Most cases run the command in-process against the real registry; one runs the real script.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runPlatformCommand } from '../../src/cli/platform-command';
import { describeStore } from '../../src/cli/store-description';
import { launch, startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPlatformCommand(argv, h.tool.registry, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run platform', () => {
  it('adds a platform that can then launch, and shows, lists and removes it', async () => {
    const lms = await h.addPlatform('cli-lms', { register: false, deploymentId: '7' });
    const added = await run(
      'add', '--issuer', lms.issuer, '--client-id', lms.clientId, '--auth-endpoint', lms.authorizationEndpoint,
      '--token-endpoint', lms.tokenEndpoint, '--keyset-url', lms.jwksUrl, '--deployment', '7', '--name', 'CLI Moodle',
    );
    expect(added.code).toBe(0);
    expect(added.out).toContain('Registered.');
    expect(added.out).toContain('Deployments:        7');

    const { res } = await launch(h, { user: 'instructor' }, lms);
    expect(res.status).toBe(200);

    expect((await run('list')).out).toContain(`${lms.issuer}  client ${lms.clientId}  deployments [7]`);
    const shown = await run('show', lms.issuer, lms.clientId, '--json');
    expect(JSON.parse(shown.out)).toMatchObject({ issuer: lms.issuer, clientId: lms.clientId, active: true, name: 'CLI Moodle' });

    expect((await run('add-deployment', lms.issuer, lms.clientId, '8')).out).toContain('deployments [7, 8]');
    expect((await run('deactivate', lms.issuer, lms.clientId)).out).toMatch(/^PENDING/);
    expect((await run('activate', lms.issuer, lms.clientId)).out).toMatch(/^active/);

    expect((await run('remove', lms.issuer, lms.clientId)).code).toBe(0);
    const gone = await launch(h, { user: 'learner' }, lms);
    expect(gone.res.status).toBe(403);
    expect(gone.res.text).toContain('LAUNCH_UNKNOWN_PLATFORM');
  });

  it('explains every invalid value at once and writes nothing', async () => {
    const before = (await h.tool.registry.list()).length;
    const res = await run('add', '--issuer', 'not a url', '--client-id', 'c', '--auth-endpoint', 'ftp://x', '--token-endpoint', 'https://t.example', '--keyset-url', 'https://k.example', '--deployment', '1');
    expect(res.code).toBe(1);
    expect(res.err).toContain('Issuer is not a valid URL');
    expect(res.err).toContain('Authorization endpoint must be an https:// URL');
    expect((await h.tool.registry.list()).length).toBe(before);
  });

  it('names the missing options', async () => {
    const res = await run('add', '--issuer', 'https://lms.example');
    expect(res.code).toBe(2);
    expect(res.err).toContain('Missing: --client-id, --auth-endpoint, --token-endpoint, --keyset-url, --deployment.');
  });

  it('refuses a second registration of the same platform and keeps the first', async () => {
    const p = h.platform;
    const res = await run('add', '--issuer', p.issuer, '--client-id', p.clientId, '--auth-endpoint', p.authorizationEndpoint, '--token-endpoint', p.tokenEndpoint, '--keyset-url', p.jwksUrl, '--deployment', '99');
    expect(res.code).toBe(1);
    expect(res.err).toContain('already registered');
    expect((await h.tool.registry.show({ issuer: p.issuer, clientId: p.clientId })).deploymentIds).toEqual([p.deploymentId]);
  });

  it('says so for unknown platforms and unknown commands', async () => {
    expect((await run('show', 'https://nowhere.example', 'x')).err).toContain('No platform https://nowhere.example');
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('remove', 'only-one-arg')).code).toBe(2);
  });
});

describe('the platform script', () => {
  const repo = path.resolve(__dirname, '../..');
  const script = path.join(repo, 'src/cli/platform.ts');
  async function runScript(cwd: string, env: Record<string, string | undefined>, ...argv: string[]) {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', ...env };
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name];
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [require.resolve('tsx/cli'), script, ...argv], { cwd, env: childEnv }, (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it('runs against the SQLite file in DATA_DIR, says so first, and prints the list', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lv-cli-'));
    try {
      const { stdout, stderr } = await runScript(repo, { DATA_DIR: dataDir, MONGODB_URI: undefined }, 'list');
      expect(stderr.split('\n')[0]).toBe(`Store: SQLite file ${path.join(dataDir, 'learner-voice.sqlite')} (from DATA_DIR), new and empty`);
      expect(stdout).toContain('No platform registered yet');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('without DATA_DIR, says it opened ./data of the current directory, and keeps --json output clean', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'lv-cli-cwd-'));
    try {
      const first = await runScript(cwd, { DATA_DIR: undefined, MONGODB_URI: undefined }, 'list', '--json');
      expect(first.stderr).toContain(`Store: SQLite file ${path.join(cwd, 'data', 'learner-voice.sqlite')} (DATA_DIR not set: the default ./data of the current directory), new and empty`);
      expect(JSON.parse(first.stdout)).toEqual([]);
      expect(first.code).toBe(0);
      // A refused command says it too, and the file now exists.
      const second = await runScript(cwd, { DATA_DIR: undefined, MONGODB_URI: undefined }, 'show', 'https://nowhere.example', 'x');
      expect(second.code).toBe(1);
      expect(second.stderr.split('\n')[0]).toBe(`Store: SQLite file ${path.join(cwd, 'data', 'learner-voice.sqlite')} (DATA_DIR not set: the default ./data of the current directory)`);
      expect(second.stderr).toContain('No platform https://nowhere.example');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('names the MongoDB database and hosts without the credentials of the URI', () => {
    const line = describeStore({ dataDir: '/unused', mongodbUri: 'mongodb://voice:s3cr%2Ft@db1.example:27017,db2.example:27017/learner_voice?authSource=admin&replicaSet=rs0' }, {});
    expect(line).toBe('Store: MongoDB database learner_voice on db1.example:27017,db2.example:27017 (from MONGODB_URI)');
    const srv = describeStore({ dataDir: '/unused', mongodbUri: 'mongodb+srv://u:p@ss/w@cluster0.example.net/?retryWrites=true' }, {});
    expect(srv).toBe('Store: MongoDB database test (MONGODB_URI names no database: the driver default) on mongodb+srv://cluster0.example.net (from MONGODB_URI)');
    expect(srv).not.toMatch(/p@ss|\bu:/);
  });
});
