/**
 * The grade outbox on SQLite beyond the shared contract: the claim reads one range of
 * grade_outbox_claim in order (EXPLAIN QUERY PLAN, before and after ANALYZE), two real processes
 * claiming from one file at once never receive the same score (the IMMEDIATE transaction), and a
 * store written before migration 15 keeps its pending scores, which become claimable.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type SqliteDatabase } from '../../src/storage/sqlite/database';
import { DUE_SCORES_SQL, HELD_COURSES_SQL } from '../../src/storage/sqlite/grade-outbox-store';
import { migrate, MIGRATIONS } from '../../src/storage/sqlite/migrations';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

const REPO = path.resolve(__dirname, '../..');
const COURSE = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1', contextId: 'course-1' };
const target = { lineItemsUrl: 'https://lms.example/lineitems', scopes: ['score'], resourceLinkId: 'link-1' };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lv-grade-outbox-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sqlite grade outbox claim plan', () => {
  let db: SqliteDatabase;
  beforeAll(() => {
    db = openDatabase(':memory:');
    migrate(db);
    const insert = db.prepare(`INSERT INTO grade_outbox (id, issuer, client_id, deployment_id, context_id, user_id, reason, target, created_at, next_attempt_at, claimed_by)
      VALUES (@id, 'https://lms.example', 'c1', @deploymentId, @contextId, @userId, 'review', '{}', @at, @at, @claimedBy)`);
    db.transaction(() => {
      for (let i = 0; i < 5_000; i++) {
        insert.run({ id: `s-${i}`, deploymentId: `d-${i % 20}`, contextId: `course-${i % 300}`, userId: `u-${i}`, at: 1_900_000_000_000 + i * 1000, claimedBy: i % 3 === 0 ? 'worker' : null });
      }
    })();
  });
  afterAll(() => db.close());

  for (const analyzed of [false, true]) {
    it(`reads due scores of every platform as one range of grade_outbox_claim, in order${analyzed ? ' (after ANALYZE)' : ''}`, () => {
      if (analyzed) db.exec('ANALYZE');
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${DUE_SCORES_SQL}`).all({ now: 1_900_000_100_000, limit: 10 }) as { detail: string }[]).map((r) => r.detail);
      expect(plan).toEqual(['SEARCH grade_outbox USING INDEX grade_outbox_claim (next_attempt_at<?)']);
    });

    it(`reads the courses other owners hold from the claimed rows alone${analyzed ? ' (after ANALYZE)' : ''}`, () => {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${HELD_COURSES_SQL}`).all({ owner: 'other', now: 1_900_000_100_000 }) as { detail: string }[]).map((r) => r.detail);
      expect(plan[0]).toMatch(/^SEARCH grade_outbox USING INDEX grade_outbox_claimed \(claimed_by/);
    });
  }
});

/** Runs test/support/claim-scores.ts in its own Node process; resolves once it is ready, with a function that starts it and returns the ids it claimed. */
async function claimant(file: string, owner: string): Promise<() => Promise<string[]>> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/support/claim-scores.ts'), file, owner], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk));
  const exited = new Promise<void>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`claimant ${owner} exited with ${code}: ${errors}`)))),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.startsWith('ready\n')) resolve();
    });
    exited.catch(reject);
  });
  return async () => {
    child.stdin.end('go\n');
    await exited;
    return JSON.parse(out.slice('ready\n'.length).trim()) as string[];
  };
}

describe('sqlite grade outbox across processes', () => {
  it('two processes claiming from one file at the same time never receive the same score', async () => {
    const file = path.join(dir, 'store.sqlite');
    const storage = openSqliteStorage({ file });
    const ids: string[] = [];
    const courseOf = new Map<string, string>();
    const past = Date.now() - 60_000;
    for (let i = 0; i < 400; i++) {
      const at = new Date(past + i);
      const course = { ...COURSE, contextId: `course-${i % 40}` };
      const { id } = await storage.gradeOutbox.enqueueScore({ course, userId: `u-${i}`, reason: 'review', target, locale: 'en', createdAt: at, nextAttemptAt: at });
      ids.push(id);
      courseOf.set(id, course.contextId);
    }
    await storage.close();

    const starts = await Promise.all([claimant(file, 'process-a'), claimant(file, 'process-b')]);
    const [a, b] = await Promise.all(starts.map((start) => start()));
    // Both took part (the claims interleaved), and between them every score was claimed exactly once.
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect([...a, ...b].sort()).toEqual([...ids].sort());
    // Each course went to one process (their leases outlast the test): never two looking for its column at once.
    const coursesOfB = new Set(b.map((id) => courseOf.get(id)));
    expect(a.filter((id) => coursesOfB.has(courseOf.get(id)))).toEqual([]);
  });
});

describe('sqlite grade outbox migration 15', () => {
  it('keeps the scores pending before it, in English, and makes them claimable', async () => {
    const file = path.join(dir, 'store.sqlite');
    const db = openDatabase(file);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 14));
    db.prepare(`INSERT INTO grade_outbox (id, issuer, client_id, deployment_id, context_id, user_id, reason, target, created_at, attempts, next_attempt_at, last_error)
      VALUES ('old-1', @issuer, @clientId, @deploymentId, @contextId, 'u-1', 'review', @target, 1000, 2, 2000, 'HTTP 500')`).run({ ...COURSE, target: JSON.stringify(target) });
    db.close();

    const storage = openSqliteStorage({ file });
    try {
      expect(await storage.gradeOutbox.pendingScores(COURSE)).toEqual([
        { id: 'old-1', course: COURSE, userId: 'u-1', reason: 'review', target, locale: 'en', createdAt: new Date(1000), attempts: 2, nextAttemptAt: new Date(2000), lastError: 'HTTP 500' },
      ]);
      expect(await storage.gradeOutbox.claimDueScores('worker', new Date(3000), 60_000, 5)).toMatchObject([{ id: 'old-1', attempts: 2 }]);
    } finally {
      await storage.close();
    }
  });
});
