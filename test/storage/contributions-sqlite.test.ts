/**
 * SQLite specifics of the contributions store: the contract on a file (sqlite.test.ts runs it in
 * memory), and the lists' plans are index ranges in their order, without a sort step, before and
 * after ANALYZE.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/storage/sqlite/database';
import { migrate } from '../../src/storage/sqlite/migrations';
import { listSql, QUEUE_SQL } from '../../src/storage/sqlite/contribution-queries';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { contributionsContract } from './contributions-contract';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lv-contributions-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
contributionsContract('sqlite storage in a file', async () => openSqliteStorage({ file: path.join(tmp, `db-${++n}.sqlite`) }));

describe('sqlite contribution query plans', () => {
  let db: ReturnType<typeof openDatabase>;
  beforeAll(() => {
    db = openDatabase(':memory:');
    migrate(db);
    const insert = db.prepare(`INSERT INTO contributions (id, issuer, client_id, deployment_id, context_id, author_id, author_name, title, text, licence,
      consent_to_reuse, credit_by_name, status, featured, useful_count, in_queue, created_at, updated_at)
      VALUES (@id, 'https://lms.example', 'c1', 'd1', @contextId, @author, 'A', 'T', 'X', 'cc-by-4.0', 1, 0, @status, @featured, @useful, @queue, @at, @at)`);
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        insert.run({ id: `c-${i}`, contextId: `k-${i % 30}`, author: `u-${i % 200}`, status: i % 17 === 0 ? 'held' : 'published', featured: i % 50 === 0 ? 1 : 0, useful: i % 9, queue: i % 17 === 0 ? 1 : 0, at: 1_900_000_000_000 + i });
      }
    })();
  });
  afterAll(() => db.close());
  const params = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1', contextId: 'k-3', status: 'published', authorId: 'u-3', lead: 1, createdAt: 1_900_000_001_000, id: 'c-9', limit: 10 };
  const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);

  for (const analyzed of [false, true]) {
    describe(analyzed ? 'after ANALYZE' : 'without statistics', () => {
      beforeAll(() => {
        if (analyzed) db.exec('ANALYZE');
      });
      for (const sort of ['featured', 'newest', 'useful'] as const) {
        for (const statuses of ['one', 'both'] as const) {
          it(`reads the ${sort} list (${statuses} status) as one range of contributions_${sort}, in order, first and next pages`, () => {
            for (const after of [false, true]) {
              const detail = plan(listSql(sort, statuses, after, false));
              expect(detail).toHaveLength(1);
              expect(detail[0]).toMatch(new RegExp(`^SEARCH contributions USING (COVERING )?INDEX contributions_${sort} \\(issuer=\\? AND client_id=\\? AND deployment_id=\\? AND context_id=\\?`));
            }
          });
        }
      }
      it("reads one author's newest as one range of contributions_author", () => {
        expect(plan(listSql('newest', 'both', true, true))).toEqual([expect.stringMatching(/^SEARCH contributions USING INDEX contributions_author \(issuer=\? AND client_id=\? AND deployment_id=\? AND context_id=\? AND author_id=\?/)]);
      });
      it('reads the moderation queues as one range, oldest first', () => {
        for (const sql of [QUEUE_SQL.first, QUEUE_SQL.next]) expect(plan(sql)).toEqual([expect.stringMatching(/^SEARCH contributions USING INDEX contributions_queue \(.*in_queue=\?/)]);
        for (const sql of [QUEUE_SQL.commentsFirst, QUEUE_SQL.commentsNext]) expect(plan(sql)).toEqual([expect.stringMatching(/^SEARCH contribution_comments USING INDEX contribution_comments_queue \(.*status=\?/)]);
      });
    });
  }
});
