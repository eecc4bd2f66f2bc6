/**
 * The SQLite alert reads of the read API and of retention, each one index range in the order asked
 * (no temporary B-tree): a page of a platform, a deployment or a course, with or without a state,
 * first or after a position; checked on an empty schema and again after ANALYZE of a filled one.
 */
import { openDatabase } from '../../src/storage/sqlite/database';
import { migrate } from '../../src/storage/sqlite/migrations';
import { alertPageSql } from '../../src/storage/sqlite/alert-store';
import type { AlertPageScope, AlertState } from '../../src/storage/ports/alerts';
import type { SqliteDatabase } from '../../src/storage/sqlite/database';

const PLATFORM = { issuer: 'https://lms.example', clientId: 'c1' };
const COURSE = { ...PLATFORM, deploymentId: 'd-1', contextId: 'k-1' };
const SCOPES: Array<[string, AlertPageScope, string]> = [
  ['platform', { kind: 'platform', platform: PLATFORM }, 'issuer=? AND client_id=?'],
  ['deployment', { kind: 'deployment', deployment: { ...PLATFORM, deploymentId: 'd-1' } }, 'issuer=? AND client_id=? AND deployment_id=?'],
  ['course', { kind: 'course', course: COURSE }, 'issuer=? AND client_id=? AND deployment_id=? AND context_id=?'],
];
const AFTER = { raisedAt: new Date(1_900_000_000_000), id: 'a-5' };

function plan(db: SqliteDatabase, scope: AlertPageScope, state: AlertState | undefined, after: boolean): string[] {
  const { sql, params } = alertPageSql({ scope, ...(state ? { state } : {}), ...(after ? { after: AFTER } : {}) });
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ ...params, limit: 21 }) as { detail: string }[]).map((r) => r.detail);
}

/** A platform of two deployments, their courses and many alerts, so that ANALYZE has something to weigh. */
function fill(db: SqliteDatabase): void {
  const insert = db.prepare(`INSERT INTO alerts (id, dedupe_key, kind, issuer, client_id, deployment_id, context_id, review_ids, facts, raised_at, state)
    VALUES (@id, @id, 'low-spike', @issuer, @clientId, @deploymentId, @contextId, '[]', '{}', @at, @state)`);
  for (let n = 0; n < 2000; n++) {
    insert.run({ id: `a-${n}`, ...PLATFORM, deploymentId: `d-${n % 2}`, contextId: `k-${n % 40}`, at: 1_900_000_000_000 + Math.floor(n / 3) * 1000, state: n % 7 ? 'acknowledged' : 'open' });
  }
  db.exec('ANALYZE');
}

for (const analyzed of [false, true]) {
  describe(analyzed ? 'after ANALYZE' : 'without statistics', () => {
    let db: SqliteDatabase;
    beforeAll(() => {
      db = openDatabase(':memory:');
      migrate(db);
      if (analyzed) fill(db);
    });
    afterAll(() => db.close());

    for (const [name, scope, keys] of SCOPES) {
      for (const state of [undefined, 'open', 'acknowledged'] as const) {
        for (const after of [false, true]) {
          it(`reads a page of a ${name}${state ? ` (${state})` : ''}${after ? ' after a position' : ''} as one range of alerts_page_${name}${state ? '_state' : ''}, without sorting`, () => {
            const index = `alerts_page_${name}${state ? '_state' : ''}`;
            const range = `${keys}${state ? ' AND state=?' : ''}${after ? ' AND (raised_at,id)<(?,?)' : ''}`;
            expect(plan(db, scope, state, after)).toEqual([`SEARCH alerts USING INDEX ${index} (${range})`]);
          });
        }
      }
    }
  });
}
