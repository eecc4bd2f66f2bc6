/**
 * A data-protection request reads one person's rows as index ranges (migration 17), never a scan of
 * a table nor a range of the whole platform: checked on SQLite's query plan of every read it makes, on an empty database and after
 * ANALYZE of a filled one (where the planner could prefer another index).
 */
import { openDatabase } from '../../src/storage/sqlite/database';
import { migrate } from '../../src/storage/sqlite/migrations';
import { personQueries } from '../../src/storage/sqlite/user-data-store';

const PARAMS = { issuer: 'https://lms.example', clientId: 'c', userId: 'u', visitor: 'v' };

function plans(analyse: boolean): Record<string, string[]> {
  const db = openDatabase(':memory:');
  migrate(db);
  if (analyse) {
    // Many people on one platform, so a platform-wide range would be the costly choice.
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
      INSERT INTO course_members SELECT 'https://lms.example', 'c', 'd', 'k' || (i % 20), 'u' || i, 'N', 'learner', 0, 0, NULL, 1 FROM n;
      ANALYZE;`);
  }
  const found: Record<string, string[]> = {};
  for (const [name, statement] of Object.entries(personQueries(db))) {
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${statement.source}`).all(name === 'actionLinks' ? ['a'] : PARAMS) as Array<{ detail: string }>;
    found[name] = rows.map((r) => r.detail);
  }
  db.close();
  return found;
}

describe('data-protection reads', () => {
  for (const analyse of [false, true]) {
    it(`use an index for every table they read${analyse ? ' (after ANALYZE)' : ''}`, () => {
      const scans = Object.entries(plans(analyse)).flatMap(([name, details]) => details.filter((d) => /^SCAN /.test(d) || /\(issuer=\? AND client_id=\?\)$/.test(d)).map((d) => `${name}: ${d}`));
      expect(scans).toEqual([]);
    });
  }
});
