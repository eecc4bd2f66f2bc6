/**
 * Manual registration from the command line: `learner-voice platform add|list|show|update|remove|activate|…`.
 * Most cases run the command in-process against the real registry; one runs the real script.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runPlatformCommand } from '../../src/cli/platform-command';
import { describeStore } from '../../src/cli/store-description';
import type { TestPlatform } from '../../src/demo/test-platform';
import { launch, startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

async function run(...argv: string[]) {
  return runWith({}, ...argv);
}

/** `confirm` answers the removal question as a person at a terminal would; without it stdin is not a terminal. */
async function runWith(options: { confirm?: (question: string) => Promise<boolean> }, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPlatformCommand(argv, h.tool.registry, { out: (l) => out.push(l), err: (l) => err.push(l), confirm: options.confirm });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function addArgs(lms: TestPlatform, deployment: string, ...extra: string[]): string[] {
  return [
    'add', '--issuer', lms.issuer, '--client-id', lms.clientId, '--auth-endpoint', lms.authorizationEndpoint,
    '--token-endpoint', lms.tokenEndpoint, '--keyset-url', lms.jwksUrl, '--deployment', deployment, ...extra,
  ];
}

describe('learner-voice platform', () => {
  it('adds a platform that can then launch, and shows, lists and removes it', async () => {
    const lms = await h.addPlatform('cli-lms', { register: false, deploymentId: '7' });
    const added = await run(...addArgs(lms, '7', '--name', 'CLI Moodle'));
    expect(added.code).toBe(0);
    expect(added.out).toContain('Registered.');
    expect(added.out).toContain('Deployments:        7');

    const { res } = await launch(h, { user: 'instructor' }, lms);
    expect(res.status).toBe(200);

    expect((await run('list')).out).toContain(`${lms.issuer}  client ${lms.clientId}  deployments [7]`);
    const shown = await run('show', lms.issuer, lms.clientId, '--json');
    expect(JSON.parse(shown.out)).toMatchObject({ issuer: lms.issuer, clientId: lms.clientId, status: 'active', active: true, name: 'CLI Moodle', deactivatedAt: null });

    expect((await run('add-deployment', lms.issuer, lms.clientId, '8')).out).toContain('deployments [7, 8]');
    expect((await run('deactivate', lms.issuer, lms.clientId)).out).toMatch(/^inactive /);
    expect((await run('activate', lms.issuer, lms.clientId)).out).toMatch(/^active /);

    expect(await run('remove', lms.issuer, lms.clientId, '--yes')).toMatchObject({ code: 0, out: 'Removed.' });
    const gone = await launch(h, { user: 'learner' }, lms);
    expect(gone.res.status).toBe(403);
    expect(gone.res.text).toContain('LAUNCH_UNKNOWN_PLATFORM');
  });

  it('explains every invalid value at once and writes nothing', async () => {
    const before = (await h.tool.registry.list()).length;
    const res = await run('add', '--issuer', 'not a url', '--client-id', 'c', '--auth-endpoint', 'ftp://x', '--token-endpoint', 'https://t.example', '--keyset-url', 'https://k.example', '--deployment', '1');
    expect(res.code).toBe(1);
    expect(res.err).toContain('learner-voice platform: Issuer is not a valid URL');
    expect(res.err).toContain('learner-voice platform: Authorization endpoint must be an https:// URL');
    expect((await h.tool.registry.list()).length).toBe(before);
  });

  it('names the missing options in one line, with exit code 2', async () => {
    const res = await run('add', '--issuer', 'https://lms.example');
    expect(res.code).toBe(2);
    expect(res.err).toBe('learner-voice platform: missing --client-id, --auth-endpoint, --token-endpoint, --keyset-url, --deployment (see --help)');
  });

  it.each([
    [['list', '--foo'], 'unknown option --foo'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['remove', 'only-one-arg', '--yes'], 'remove takes ISSUER CLIENT_ID'],
    [['show', 'https://lms.example', 'c', 'extra'], 'show takes ISSUER CLIENT_ID'],
    [['list', 'extra'], 'list takes no argument "extra"'],
    [['update', 'https://lms.example', 'c', '--token-url'], 'option --token-url needs a value'],
    [['rotate-key', 'https://lms.example', 'c', '--grace-days', 'soon'], '--grace-days takes a whole number of days (0 to 90)'],
    [[], 'no command given'],
  ])('refuses %j in one short line, not the usage, with exit code 2', async (argv, message) => {
    const res = await run(...argv);
    expect(res).toEqual({ code: 2, out: '', err: `learner-voice platform: ${message} (see --help)` });
  });

  it('with --json, prints one document per command and reports a failure as {"error"} alone on stderr', async () => {
    const p = h.platform;
    const listed = await run('list', '--json');
    expect(listed.err).toBe('');
    const documents = JSON.parse(listed.out) as Record<string, unknown>[];
    expect(documents.find((d) => d.issuer === p.issuer)).toEqual({
      issuer: p.issuer, clientId: p.clientId, name: expect.any(String), status: 'active', active: true,
      deploymentIds: [p.deploymentId], frameOrigins: [new URL(p.issuer).origin], authEndpoint: p.authorizationEndpoint,
      tokenEndpoint: p.tokenEndpoint, keysetUrl: p.jwksUrl, authorizationServer: null, source: 'manual', productFamily: 'moodle',
      registeredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), deactivatedAt: null, keys: { signing: expect.stringMatching(/^[0-9a-f]{32}$/), retired: [] },
    });
    const missing = await run('show', 'https://nowhere.example', 'x', '--json');
    expect(missing).toEqual({ code: 1, out: '', err: JSON.stringify({ error: 'No platform https://nowhere.example with client id x.' }) });
    const usage = await run('list', '--bogus', '--json');
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.err)).toEqual({ error: 'unknown option --bogus (see --help)' });
    expect(JSON.parse((await run('--help', '--json')).out).usage).toContain('Usage: learner-voice platform');
  });

  it('refuses a second registration of the same platform and keeps the first', async () => {
    const p = h.platform;
    const res = await run(...addArgs(p, '99'));
    expect(res.code).toBe(1);
    expect(res.err).toContain('already registered');
    expect((await h.tool.registry.show({ issuer: p.issuer, clientId: p.clientId })).deploymentIds).toEqual([p.deploymentId]);
  });

  it('says so for unknown platforms', async () => {
    expect(await run('show', 'https://nowhere.example', 'x')).toMatchObject({ code: 1, err: 'learner-voice platform: No platform https://nowhere.example with client id x.' });
    expect((await run('update', 'https://nowhere.example', 'x', '--name', 'N')).code).toBe(1);
    expect((await run('rotate-key', 'https://nowhere.example', 'x')).code).toBe(1);
  });
});

describe('pending approval and inactive', () => {
  it('lists them apart, refuses their launches each with its own page, and activate lets both launch', async () => {
    const pending = await h.addPlatform('cli-pending', { register: false });
    expect((await run(...addArgs(pending, pending.deploymentId, '--inactive'))).code).toBe(0);
    const switchedOff = await h.addPlatform('cli-off');
    expect((await run('deactivate', switchedOff.issuer, switchedOff.clientId)).code).toBe(0);

    const list = (await run('list')).out.split('\n');
    expect(list.find((l) => l.includes(pending.issuer))).toMatch(/^pending approval  /);
    expect(list.find((l) => l.includes(switchedOff.issuer))).toMatch(/^inactive {10}/);
    expect(list.at(-1)).toMatch(/^\d+ active, 1 pending approval, 1 inactive\. Approve one with: learner-voice platform activate ISSUER CLIENT_ID$/);
    expect(JSON.parse((await run('show', switchedOff.issuer, switchedOff.clientId, '--json')).out)).toMatchObject({ status: 'inactive', active: false, deactivatedAt: expect.any(String) });
    expect((await run('show', pending.issuer, pending.clientId)).out).toContain(`Status:             pending approval (approve with: learner-voice platform activate ${pending.issuer} ${pending.clientId})`);

    const waiting = await launch(h, { user: 'learner' }, pending);
    expect(waiting.res.status).toBe(403);
    expect(waiting.res.text).toContain('LAUNCH_PLATFORM_PENDING');
    expect(waiting.res.text).toContain('awaits the approval of the tool administrator');
    const refused = await launch(h, { user: 'learner', locale: 'fr' }, switchedOff);
    expect(refused.res.status).toBe(403);
    expect(refused.res.text).toContain('LAUNCH_PLATFORM_INACTIVE');

    for (const lms of [pending, switchedOff]) {
      expect((await run('activate', lms.issuer, lms.clientId)).out).toMatch(/^active /);
      expect((await launch(h, { user: 'learner' }, lms)).res.status).toBe(200);
    }
  });
});

describe('update', () => {
  it('changes the endpoints and name, and keeps the tool key, the deployments, the frame origins and the state', async () => {
    const lms = await h.addPlatform('cli-update');
    const key = { issuer: lms.issuer, clientId: lms.clientId };
    await run('add-deployment', lms.issuer, lms.clientId, 'second');
    const before = await h.tool.registry.show(key);

    const res = await run('update', lms.issuer, lms.clientId, '--auth-login-url', `${lms.issuer}/moved/auth`, '--token-url', `${lms.issuer}/moved/token`, '--name', 'Moved Moodle', '--json');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toMatchObject({
      name: 'Moved Moodle', authEndpoint: `${lms.issuer}/moved/auth`, tokenEndpoint: `${lms.issuer}/moved/token`, keysetUrl: lms.jwksUrl,
      // Not the old token endpoint: ltijs's registerPlatform would have written it here.
      authorizationServer: null,
      keys: { signing: before.kid, retired: [] }, deploymentIds: [lms.deploymentId, 'second'], frameOrigins: before.frameOrigins, status: 'active',
    });

    // Back to the platform's real endpoints: it launches, signed with the same tool key.
    const back = await run('update', lms.issuer, lms.clientId, '--auth-endpoint', lms.authorizationEndpoint, '--token-endpoint', lms.tokenEndpoint, '--keyset-url', lms.jwksUrl);
    expect(back.out).toContain('Updated; the tool keeps its keys for this platform.');
    expect((await launch(h, { user: 'instructor' }, lms)).res.status).toBe(200);
    expect((await h.tool.registry.show(key)).kid).toBe(before.kid);
  });

  it('refuses bad values and an update that changes nothing', async () => {
    const p = h.platform;
    const bad = await run('update', p.issuer, p.clientId, '--keyset-url', 'ftp://keys.example', '--name', ' ');
    expect(bad.code).toBe(1);
    expect(bad.err.split('\n')).toEqual(['learner-voice platform: Keyset URL must be an https:// URL (got "ftp://keys.example").', 'learner-voice platform: Name must be 1 to 200 characters.']);
    expect((await run('update', p.issuer, p.clientId)).err).toBe('learner-voice platform: Nothing to change: give at least one of the options.');
    expect((await run('update', p.issuer, p.clientId, '--token-url', 'https://a.example', '--token-endpoint', 'https://b.example')).code).toBe(2);
  });
});

describe('remove', () => {
  it('asks at a terminal, keeps the platform on "no", and without a terminal needs --yes', async () => {
    const lms = await h.addPlatform('cli-remove');
    const questions: string[] = [];
    const declined = await runWith({ confirm: async (q) => (questions.push(q), false) }, 'remove', lms.issuer, lms.clientId);
    expect(declined).toMatchObject({ code: 1, err: 'learner-voice platform: not removed' });
    expect(questions[0]).toContain(`Remove ${lms.issuer} (client ${lms.clientId})`);

    const unattended = await run('remove', lms.issuer, lms.clientId);
    expect(unattended).toMatchObject({ code: 2, err: 'learner-voice platform: remove needs --yes when stdin is not a terminal (see --help)' });
    expect((await launch(h, { user: 'learner' }, lms)).res.status).toBe(200);

    expect((await runWith({ confirm: async () => true }, 'remove', lms.issuer, lms.clientId, '--json')).out).toBe(JSON.stringify({ removed: true, issuer: lms.issuer, clientId: lms.clientId }, null, 2));
    expect((await run('show', lms.issuer, lms.clientId)).code).toBe(1);
  });

  it('asks nothing about a platform that does not exist', async () => {
    const asked: string[] = [];
    const res = await runWith({ confirm: async (q) => (asked.push(q), true) }, 'remove', 'https://nowhere.example', 'x');
    expect(res.code).toBe(1);
    expect(asked).toEqual([]);
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

  it('without DATA_DIR, says it opened ./data of the current directory; with --json, stdout is the document and stderr empty', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'lv-cli-cwd-'));
    try {
      const first = await runScript(cwd, { DATA_DIR: undefined, MONGODB_URI: undefined }, 'list', '--json');
      expect(first.stderr).toBe('');
      expect(JSON.parse(first.stdout)).toEqual([]);
      expect(first.code).toBe(0);
      // A refused command says it too, and the file now exists.
      const second = await runScript(cwd, { DATA_DIR: undefined, MONGODB_URI: undefined }, 'show', 'https://nowhere.example', 'x');
      expect(second.code).toBe(1);
      expect(second.stderr.split('\n')[0]).toBe(`Store: SQLite file ${path.join(cwd, 'data', 'learner-voice.sqlite')} (DATA_DIR not set: the default ./data of the current directory)`);
      expect(second.stderr.split('\n')[1]).toBe('learner-voice platform: No platform https://nowhere.example with client id x.');
      const third = await runScript(cwd, { DATA_DIR: undefined, MONGODB_URI: undefined }, 'remove', 'https://nowhere.example', 'x', '--json');
      expect(third.code).toBe(2);
      expect(JSON.parse(third.stderr)).toEqual({ error: 'remove needs --yes when stdin is not a terminal (see --help)' });
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
