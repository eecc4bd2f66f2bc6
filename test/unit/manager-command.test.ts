/** `learner-voice manager add|remove|list`: in process, on a SQLite store in memory. */
import { runManagerCommand } from '../../src/cli/manager-command';
import type { Storage } from '../../src/storage/port';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

const PLATFORM = { issuer: 'https://moodle.example', clientId: 'client-1' };
const KEY = ['--issuer', PLATFORM.issuer, '--client-id', PLATFORM.clientId];
const NOW = new Date('2031-06-01T12:00:00.000Z');

let storage: Storage;

beforeEach(async () => {
  storage = openSqliteStorage({ file: ':memory:' });
  await storage.platforms.savePlatform({ ...PLATFORM, name: 'Moodle', deploymentIds: ['1'], frameOrigins: [], source: 'manual', registeredAt: NOW });
});
afterEach(async () => storage.close());

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runManagerCommand(argv, { storage, now: () => NOW }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('learner-voice manager', () => {
  it('adds a user id and a role, says so, lists them, and a second add changes nothing', async () => {
    expect(await run('add', ...KEY, '--user', '42')).toEqual({ code: 0, out: 'Designated user 42.', err: '' });
    expect((await run('add', ...KEY, '--role', 'Mentor')).out).toBe('Designated role Mentor.');
    expect((await run('add', ...KEY, '--user', '42')).out).toBe('Already designated: user 42; nothing changed.');
    const list = await run('list', ...KEY, '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toEqual([
      { user: '42', designatedBy: 'cli', designatedAt: NOW.toISOString() },
      { role: 'Mentor', designatedBy: 'cli', designatedAt: NOW.toISOString() },
    ]);
    expect(await storage.managers.isDesignated(PLATFORM, 'someone', ['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Mentor'])).toBe(true);
  });

  it('removes a designation, and refuses to remove one that is not there (exit 1, one line)', async () => {
    await run('add', ...KEY, '--role', 'urn:lti:instrole:ims/lis/Mentor');
    // The same role in its LIS 2 spelling.
    expect((await run('remove', ...KEY, '--role', 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Mentor')).out).toBe('Removed.');
    expect(await run('remove', ...KEY, '--user', '42')).toEqual({ code: 1, out: '', err: 'learner-voice manager: No designation of user 42 on this platform.' });
    expect(await run('remove', ...KEY, '--user', '42', '--json')).toEqual({ code: 1, out: '', err: JSON.stringify({ error: 'No designation of user 42 on this platform.' }) });
  });

  it('refuses an unknown platform, and a platform never sees another’s designations', async () => {
    expect((await run('add', '--issuer', PLATFORM.issuer, '--client-id', 'other', '--user', '42')).code).toBe(1);
    await run('add', ...KEY, '--user', '42');
    await storage.platforms.savePlatform({ ...PLATFORM, clientId: 'client-2', name: 'Moodle 2', deploymentIds: ['1'], frameOrigins: [], source: 'manual', registeredAt: NOW });
    expect((await run('list', '--issuer', PLATFORM.issuer, '--client-id', 'client-2')).out).toMatch(/^No training manager designated/);
  });

  it.each([
    [['add', ...KEY], 'learner-voice manager: add takes exactly one of --user, --role (see --help)'],
    [['add', ...KEY, '--user', '1', '--role', 'Mentor'], 'learner-voice manager: add takes exactly one of --user, --role (see --help)'],
    [['add', ...KEY, '--role', 'two words'], 'learner-voice manager: --role is not a role (a URI without spaces, or a short name such as Mentor) (see --help)'],
    [['add', ...KEY, '--user', 'x'.repeat(256)], 'learner-voice manager: --user is too long (255 characters at most) (see --help)'],
    [['add', '--issuer', PLATFORM.issuer, '--user', '1'], 'learner-voice manager: missing --client-id (see --help)'],
    [['grant', ...KEY], 'learner-voice manager: unknown command "grant" (see --help)'],
    [['list', ...KEY, '--colour'], 'learner-voice manager: unknown option --colour (see --help)'],
  ])('refuses %j with one usage line (exit 2)', async (argv, line) => {
    expect(await run(...argv)).toEqual({ code: 2, out: '', err: line });
  });

  it('prints its usage with --help', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('learner-voice manager <command>');
  });
});
