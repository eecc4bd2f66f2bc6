/**
 * The SQLite rate-limit windows beyond the contract (test/storage/rate-limits-contract.ts): what the
 * table holds (digests, never keys) and that a hit and the purge each read one index.
 */
import { openDatabase } from '../../src/storage/sqlite/database';
import { migrate } from '../../src/storage/sqlite/migrations';
import { createSqliteRateLimitStore, HIT_SQL, PURGE_RATE_LIMITS_SQL } from '../../src/storage/sqlite/rate-limit-store';
import { rateLimitDigest } from '../../src/storage/shared/rate-limit-key';

const db = openDatabase(':memory:');
migrate(db);
afterAll(() => db.close());

it('when keys naming a user and an address are counted, then the table holds only their digests, of one length', async () => {
  const store = createSqliteRateLimitStore(db);
  const keys = ['write:["https://lms.example.edu","client-1","user-42"]', 'ip-failures:203.0.113.7', `write:${'long'.repeat(2_000)}`];
  for (const key of keys) await store.hit(key, 60_000, new Date(1_000));
  const rows = db.prepare('SELECT * FROM rate_limit_windows ORDER BY key_digest').all() as Record<string, unknown>[];
  expect(rows.map((r) => r.key_digest)).toEqual(keys.map(rateLimitDigest).sort());
  expect(new Set(rows.map((r) => String(r.key_digest).length))).toEqual(new Set([43]));
  const dump = JSON.stringify(rows);
  for (const secret of ['user-42', 'lms.example.edu', '203.0.113.7', 'longlong']) expect(dump).not.toContain(secret);
});

it('counts a hit by primary key, and purges ended windows as one range of their end', () => {
  const plan = (sql: string, params: unknown) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
  // The upsert's conflict check is the primary key itself: its plan has no scan at all.
  expect(plan(HIT_SQL, { key: 'k', now: 1, windowMs: 1 }).join(' ')).not.toMatch(/SCAN/);
  expect(plan(PURGE_RATE_LIMITS_SQL, [1])).toEqual(['SEARCH rate_limit_windows USING INDEX rate_limit_windows_reset (reset_at<?)']);
});
