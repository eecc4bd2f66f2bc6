/**
 * The Listening overview's SQLite reads: each is index ranges over the deployment's key prefix
 * (never a scan of a table), checked on a store holding several deployments, before and after
 * ANALYZE; the response figures read only the window's range of reviews_listening.
 */
import { openDatabase } from '../../src/storage/sqlite/database';
import { migrate } from '../../src/storage/sqlite/migrations';
import { LISTENING_SQL } from '../../src/storage/sqlite/listening-store';

describe('sqlite listening overview: query plans', () => {
  const db = openDatabase(':memory:');
  beforeAll(() => {
    migrate(db);
    const review = db.prepare(`INSERT INTO reviews (id, issuer, client_id, deployment_id, context_id, item_id, author_id, author_name, author_number, rating, aspects, title, liked, improve,
        status, hold_reasons, verified, created_at, updated_at, rated_at, response_at, needs_attention)
      VALUES (@id, 'https://lms.example', 'c1', @deployment, @course, 'course', @id, 'A', 1, @rating, '{}', '', '', '', 'published', '[]', 1, @at, @at, @at, @response, @attention)`);
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        const at = 1_900_000_000_000 + i * 60_000;
        review.run({ id: `r-${i}`, deployment: `d-${i % 3}`, course: `k-${i % 90}`, rating: (i % 5) + 1, at, response: i % 2 ? at + 3_600_000 : null, attention: i % 5 < 2 ? 1 : 0 });
      }
    })();
  });
  afterAll(() => db.close());

  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd-1', since: 1_900_000_100_000, today: '2030-01-01' }) as { detail: string }[]).map((r) => r.detail);

  for (const analyzed of [false, true]) {
    describe(analyzed ? 'after ANALYZE' : 'without statistics', () => {
      beforeAll(() => {
        if (analyzed) db.exec('ANALYZE');
      });

      it.each(Object.keys(LISTENING_SQL) as Array<keyof typeof LISTENING_SQL>)('reads "%s" through indexes on the deployment key, scanning no table', (name) => {
        const lines = plan(LISTENING_SQL[name]);
        const tableReads = lines.filter((l) => /^(SEARCH|SCAN) /.test(l) && !/^SCAN (\(subquery-\d+\)|answered)$/.test(l));
        expect(tableReads.length).toBeGreaterThan(0);
        for (const line of tableReads) {
          expect(line).toMatch(/^SEARCH /);
          // A joined child is reached by its parent's id; every other read starts with the deployment prefix.
          expect(line).toMatch(/\((issuer=\? AND client_id=\? AND deployment_id=\?|idea_id=\?|consultation_id=\?|poll_id=\?)/);
        }
      });

      it('reads the response figures as the window range of reviews_listening, covering', () => {
        for (const name of ['responses', 'medians'] as const) {
          expect(plan(LISTENING_SQL[name])).toContain(
            'SEARCH reviews USING COVERING INDEX reviews_listening (issuer=? AND client_id=? AND deployment_id=? AND status=? AND created_at>?)',
          );
        }
      });
    });
  }
});
