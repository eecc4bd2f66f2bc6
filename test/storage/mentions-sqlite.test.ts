/**
 * The SQLite mention reads the pages and the worker make on every request or tick, each one index
 * range in the order asked (no temporary B-tree): a course's newest mentions, the due feeds.
 */
import { openDatabase } from '../../src/storage/sqlite/database';
import { DUE_FEEDS_SQL, LIST_MENTIONS_SQL } from '../../src/storage/sqlite/mention-store';
import { migrate } from '../../src/storage/sqlite/migrations';

const plan = (sql: string, params: Record<string, unknown>) => {
  const db = openDatabase(':memory:');
  try {
    migrate(db);
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
  } finally {
    db.close();
  }
};

it('reads a course’s newest mentions as one range of mentions_course, without sorting', () => {
  expect(plan(LIST_MENTIONS_SQL, { issuer: 'i', clientId: 'c', deploymentId: 'd', contextId: 'k', limit: 20 })).toEqual([
    'SEARCH mentions USING INDEX mentions_course (issuer=? AND client_id=? AND deployment_id=? AND context_id=?)',
  ]);
});

it('reads the due feeds as one range of mention_feeds_due, in order', () => {
  expect(plan(DUE_FEEDS_SQL, { now: 0, limit: 20 })).toEqual(['SEARCH mention_feeds USING INDEX mention_feeds_due (next_attempt_at<?)']);
});
