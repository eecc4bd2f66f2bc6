/** `learner-voice retention --dry-run | --now [--json]`: arguments, what it prints, and the real dispatcher. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseRetentionArgs, RetentionUsageError, runRetentionCommand } from '../../src/cli/retention-command';
import type { Storage } from '../../src/storage/port';
import type { RetentionPolicy } from '../../src/storage/ports/retention';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { buildAudit } from '../support/audit';

const REPO = path.resolve(__dirname, '../..');
/** tsx's loader by its file URL: `--import tsx` would be looked up from the child's (temporary) directory. */
const TSX_LOADER = pathToFileURL(path.join(path.dirname(require.resolve('tsx/cli')), 'loader.mjs')).href;
const NOW = new Date('2031-06-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const POLICY: RetentionPolicy = { sessionsDays: 1, launchRecordsDays: 730, auditDays: 30, hiddenReviewTextDays: 90, alertsDays: 365 };
const COURSE = { issuer: 'https://lms.example', clientId: 'c', deploymentId: 'd', contextId: 'k' };

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('retention command arguments', () => {
  it('reads --dry-run, --now and --json', () => {
    expect(parseRetentionArgs(['--dry-run'])).toEqual({ mode: 'dry-run', json: false });
    expect(parseRetentionArgs(['--now', '--json'])).toEqual({ mode: 'now', json: true });
    expect(parseRetentionArgs(['--help'])).toBe('help');
  });

  it.each([[[]], [['--dry-run', '--now']], [['--now', '--days', '3']], [['--now', 'extra']]])('refuses %j with a usage error', (argv) => {
    expect(() => parseRetentionArgs(argv)).toThrow(RetentionUsageError);
  });
});

describe('retention command on a real store', () => {
  let storage: Storage;
  beforeEach(async () => {
    storage = openSqliteStorage({ file: ':memory:' });
    await storage.audit.appendAudit(buildAudit(COURSE, { at: new Date(NOW.getTime() - 40 * DAY) }));
    await storage.audit.appendAudit(buildAudit(COURSE, { at: new Date(NOW.getTime() - 5 * DAY) }));
    await storage.reviews.saveReview(
      { item: { ...COURSE, itemId: 'course' }, author: { id: 'u-1', name: 'Ada' }, rating: 2, aspects: {}, title: 'Held text', liked: '', improve: '', status: 'held', holdReasons: ['moderation'], verified: true },
      new Date(NOW.getTime() - 100 * DAY),
    );
  });
  afterEach(() => storage.close());

  it('with --dry-run, prints the policy and what would go, and changes nothing', async () => {
    const { io, out } = capture();
    expect(await runRetentionCommand({ mode: 'dry-run', json: false }, storage.retention, POLICY, io, NOW)).toBe(0);
    expect(out[0]).toBe('Retention: expired sessions 1 day, launch records 730 days, audit entries 30 days, held or hidden review texts 90 days, acknowledged alerts and delivery attempts 365 days.');
    expect(out[1]).toBe('Would purge at 2031-06-01T12:00:00.000Z (dry run, nothing changed):');
    expect(out).toContain('  1  audit entries to delete');
    expect(out).toContain('  1  held or hidden reviews with texts to blank');
    expect(out).toContain('  0  expired sessions to delete');
    expect(await storage.retention.preview(POLICY, NOW)).toMatchObject({ auditEntries: 1, reviewTexts: 1 });
  });

  it('with --now, purges and prints what went; a second run finds nothing', async () => {
    const { io, out } = capture();
    await runRetentionCommand({ mode: 'now', json: false }, storage.retention, POLICY, io, NOW);
    expect(out[1]).toBe('Purged at 2031-06-01T12:00:00.000Z:');
    expect(out).toContain('  1  audit entries deleted');
    expect(out).toContain('  1  held or hidden reviews whose texts were blanked');
    expect(await storage.retention.preview(POLICY, NOW)).toMatchObject({ auditEntries: 0, reviewTexts: 0 });
  });

  it('with --json, prints one JSON object with the mode, the policy and the counts', async () => {
    const { io, out } = capture();
    await runRetentionCommand({ mode: 'dry-run', json: true }, storage.retention, POLICY, io, NOW);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0])).toEqual({
      mode: 'dry-run',
      at: NOW.toISOString(),
      policy: POLICY,
      purged: { sessions: 0, launchRecordsRemoved: 0, launchRecordsReduced: 0, auditEntries: 1, reviewTexts: 1, alerts: 0, alertDeliveries: 0, deliveryAttempts: 0 },
    });
  });

  it('says so when every kind is off', async () => {
    const { io, out } = capture();
    const off = { sessionsDays: null, launchRecordsDays: null, auditDays: null, hiddenReviewTextDays: null, alertsDays: null };
    await runRetentionCommand({ mode: 'now', json: false }, storage.retention, off, io, NOW);
    expect(out[1]).toMatch(/^Every kind is kept/);
    expect(await storage.retention.preview(POLICY, NOW)).toMatchObject({ auditEntries: 1 });
  });
});

describe('learner-voice retention (the dispatcher, through tsx)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lv-retention-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const run = (argv: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, ...extraEnv };
    delete env.MONGODB_URI;
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', TSX_LOADER, path.join(REPO, 'src/cli/learner-voice.ts'), 'retention', ...argv], { cwd: dataDir, env }, (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  };

  it('counts on --dry-run with the policy from the environment, and refuses a bad variable or missing mode in a line', async () => {
    const dry = await run(['--dry-run'], { RETENTION_AUDIT_DAYS: 'off' });
    expect(dry.stderr).toContain('Store: SQLite file');
    expect(dry.stdout).toContain('Retention: expired sessions 1 day, launch records 730 days, audit entries kept (off), held or hidden review texts 365 days, acknowledged alerts and delivery attempts 365 days.');
    expect(dry.code).toBe(0);
    const bad = await run(['--now'], { RETENTION_AUDIT_DAYS: 'forever' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('RETENTION_AUDIT_DAYS must be a number of days between 1 and 36500, or 0 or off to keep everything (got "forever").');
    const neither = await run([]);
    expect(neither.code).toBe(2);
    // One short line, as every admin command answers a wrong command line.
    expect(neither.stderr).toBe('learner-voice retention: Say either --dry-run (count only) or --now (purge). (see --help)\n');
  }, 60_000);
});
