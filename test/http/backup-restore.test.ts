/**
 * learner-voice backup and restore, as an admin runs them (the real CLI, through tsx): a backup taken
 * while another process writes reviews, votes and reports restores into a store whose summaries and
 * counters agree with its rows; a restore refuses a file in use, a file that is not a Learner Voice
 * database, and (without a terminal) a restore not confirmed with --yes.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sqliteFile } from '../../src/storage/open-storage';
import type { ItemKey } from '../../src/storage/ports/reviews';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

const repo = path.resolve(__dirname, '../..');
const tsxCli = require.resolve('tsx/cli');
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lv-backup-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(dataDir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir };
  delete env.MONGODB_URI;
  return new Promise((resolve) => {
    execFile(process.execPath, [tsxCli, path.join(repo, 'src/cli/learner-voice.ts'), ...args], { cwd: repo, env }, (err, out, errOut) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: String(out), err: String(errOut) }),
    );
  });
}

/** The writer process and the number of writes it reported last. */
function startWriter(file: string): { child: ChildProcess; writes: () => number; reached: (n: number) => Promise<void>; stop: () => Promise<void> } {
  const child = spawn(process.execPath, [tsxCli, path.join(repo, 'test/support/review-writer.ts'), file], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  let writes = 0;
  const waiting: Array<{ n: number; resolve: () => void }> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    for (const match of String(chunk).matchAll(/writes (\d+)/g)) writes = Number(match[1]);
    for (const w of waiting.filter((w) => writes >= w.n)) w.resolve();
  });
  return {
    child,
    writes: () => writes,
    reached: (n) => (writes >= n ? Promise.resolve() : new Promise((resolve) => waiting.push({ n, resolve }))),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Every figure kept by the writes, compared with the same figure counted again from the rows. */
async function expectConsistent(file: string): Promise<number> {
  const db = new Database(file, { readonly: true });
  const storage = openSqliteStorage({ file });
  try {
    const items = db.prepare('SELECT DISTINCT issuer, client_id, deployment_id, context_id, item_id FROM reviews').all() as Array<Record<string, string>>;
    for (const row of items) {
      const item: ItemKey = { issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id, contextId: row.context_id, itemId: row.item_id };
      const counted = db
        .prepare(`SELECT count(*) AS count, coalesce(sum(rating), 0) AS sum, sum(rating = 1) AS h1, sum(rating = 2) AS h2, sum(rating = 3) AS h3, sum(rating = 4) AS h4, sum(rating = 5) AS h5
          FROM reviews WHERE item_id = ? AND status = 'published'`)
        .get(row.item_id) as { count: number; sum: number; h1: number | null; h2: number | null; h3: number | null; h4: number | null; h5: number | null };
      const summary = await storage.reviews.summary(item, new Date());
      expect(summary.overall).toEqual({ count: counted.count, sum: counted.sum, histogram: [counted.h1 ?? 0, counted.h2 ?? 0, counted.h3 ?? 0, counted.h4 ?? 0, counted.h5 ?? 0] });
      const aspects = db.prepare(`SELECT count(*) AS count, coalesce(sum(json_extract(aspects, '$.content')), 0) AS sum FROM reviews WHERE item_id = ? AND status = 'published'`).get(row.item_id);
      expect(summary.aspects.content ?? { count: 0, sum: 0 }).toEqual(aspects);
      const reviewers = (db.prepare('SELECT count(*) AS n FROM reviews WHERE item_id = ?').get(row.item_id) as { n: number }).n;
      expect(await storage.reviews.countReviewers(item)).toBe(reviewers);
      const versions = await storage.reviews.versionSummaries(item);
      expect(versions.get('initial')?.count ?? 0).toBe(counted.count);
    }
    const wrongHelpful = db.prepare('SELECT count(*) AS n FROM reviews r WHERE helpful_count != (SELECT count(*) FROM review_helpful_votes v WHERE v.review_id = r.id)').get();
    const wrongReports = db.prepare('SELECT count(*) AS n FROM reviews r WHERE report_count != (SELECT count(*) FROM review_reports p WHERE p.review_id = r.id AND cleared_at IS NULL)').get();
    expect({ wrongHelpful, wrongReports }).toEqual({ wrongHelpful: { n: 0 }, wrongReports: { n: 0 } });
    return (db.prepare('SELECT count(*) AS n FROM reviews').get() as { n: number }).n;
  } finally {
    db.close();
    await storage.close();
  }
}

describe('learner-voice backup and restore (SQLite)', () => {
  it('backs up while another process writes, and the restored store agrees with itself', async () => {
    const liveDir = path.join(tmp, 'live');
    const live = sqliteFile(liveDir);
    const writer = startWriter(live);
    try {
      await writer.reached(200);
      const before = writer.writes();
      const backupFile = path.join(tmp, 'copies', 'under-load.sqlite');
      const backup = await cli(liveDir, 'backup', backupFile);
      const after = writer.writes();
      expect(backup).toMatchObject({ code: 0 });
      expect(backup.out).toMatch(/^Backed up .* to .*under-load\.sqlite: schema \d+, 0 platform\(s\), \d+ review\(s\), \d+ bytes, integrity ok\.$/m);
      // The load went on while the command ran: the copy was taken online.
      expect(after).toBeGreaterThan(before);
      expect(await cli(liveDir, 'backup', backupFile)).toMatchObject({ code: 1, err: expect.stringContaining('already exists') });

      // The writer holds the live file: restoring over it is refused, and the file is untouched.
      const refused = await cli(liveDir, 'restore', backupFile, '--yes');
      expect(refused).toMatchObject({ code: 1, err: expect.stringContaining('open in another process') });
      expect(fs.existsSync(live)).toBe(true);
      await writer.reached(after + 40);
      await writer.stop();

      // Restored elsewhere, over an existing store that is kept aside.
      const restoreDir = path.join(tmp, 'restored');
      const previous = openSqliteStorage({ file: sqliteFile(restoreDir) });
      await previous.close();
      expect(await cli(restoreDir, 'restore', backupFile)).toMatchObject({ code: 1, err: expect.stringContaining('--yes') });
      const restored = await cli(restoreDir, 'restore', backupFile, '--yes');
      expect(restored).toMatchObject({ code: 0 });
      const kept = /kept as (.+)\.$/m.exec(restored.out)![1];
      expect(fs.existsSync(kept)).toBe(true);

      const restoredReviews = await expectConsistent(sqliteFile(restoreDir));
      expect(restoredReviews).toBeGreaterThan(0);
      expect(restored.out).toContain(`${restoredReviews} review(s)`);
      // The live store, written after the copy, agrees with itself too.
      await expectConsistent(live);
    } finally {
      if (writer.child.exitCode === null) await writer.stop();
    }
  });

  it('refuses to restore a file that is not a sound Learner Voice database', async () => {
    const dir = path.join(tmp, 'refusals');
    const garbage = path.join(tmp, 'garbage.sqlite');
    fs.writeFileSync(garbage, 'not a database at all, just text '.repeat(200));
    const other = path.join(tmp, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE notes (x TEXT)');
    db.close();
    expect(await cli(dir, 'restore', garbage, '--yes')).toMatchObject({ code: 1, err: expect.stringMatching(/not a readable Learner Voice database|cannot be opened/) });
    expect(await cli(dir, 'restore', other, '--yes')).toMatchObject({ code: 1, err: expect.stringContaining('not a Learner Voice database (no schema_migrations)') });
    expect(await cli(dir, 'restore', path.join(tmp, 'missing.sqlite'), '--yes')).toMatchObject({ code: 1, err: expect.stringContaining('No file at') });
    expect(fs.existsSync(sqliteFile(dir))).toBe(false);
    expect(await cli(dir, 'restore')).toMatchObject({ code: 2 });
  });

  it('prints the mongodump recipe, naming the database, when the store is MongoDB', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', MONGODB_URI: 'mongodb://admin:s3cret@db1.example:27017/learnervoice?replicaSet=rs0' };
    const result = await new Promise<{ out: string; err: string }>((resolve) =>
      execFile(process.execPath, [tsxCli, path.join(repo, 'src/cli/learner-voice.ts'), 'backup', 'x'], { cwd: repo, env }, (_e, out, err) => resolve({ out: String(out), err: String(err) })),
    );
    expect(result.out).toContain("--nsInclude='learnervoice.lv_*'");
    expect(result.out).toContain('--oplog');
    expect(result.out + result.err).not.toContain('s3cret');
  });
});
