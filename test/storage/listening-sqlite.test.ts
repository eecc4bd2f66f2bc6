/**
 * The Listening overview's SQLite reads: each is index ranges over the deployment's key prefix
 * (never a scan of a table), checked on a store holding several deployments, before and after
 * ANALYZE; the response figures read only the window's range of the monthly figures' primary key.
 */
import { openDatabase } from '../../src/storage/sqlite/database';
import { migrate, MIGRATIONS } from '../../src/storage/sqlite/migrations';
import { LISTENING_SQL, LISTENING_SQL_ONLY } from '../../src/storage/sqlite/listening-store';
import { listeningChange } from '../../src/storage/shared/listening-months';

describe('sqlite listening overview: query plans', () => {
  const db = openDatabase(':memory:');
  beforeAll(() => {
    // The reviews are stored before version 29, which then fills the monthly figures from them.
    migrate(db, MIGRATIONS.filter((m) => m.version < 29));
    const review = db.prepare(`INSERT INTO reviews (id, issuer, client_id, deployment_id, context_id, item_id, author_id, author_name, author_number, rating, aspects, title, liked, improve,
        status, hold_reasons, verified, created_at, updated_at, rated_at, response_at, needs_attention)
      VALUES (@id, 'https://lms.example', 'c1', @deployment, @course, 'course', @id, 'A', 1, @rating, '{}', '', '', '', 'published', '[]', 1, @at, @at, @at, @response, @attention)`);
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        // Three hours apart: about 13 months; answered after 1 minute to 3,000 hours.
        const at = 1_900_000_000_000 + i * 3 * 3_600_000;
        review.run({ id: `r-${i}`, deployment: `d-${i % 3}`, course: `k-${i % 90}`, rating: (i % 5) + 1, at, response: i % 2 ? at + 60_000 * (1 + ((i * 7919) % 180_000)) : null, attention: i % 5 < 2 ? 1 : 0 });
      }
      db.prepare("UPDATE reviews SET status = 'held' WHERE rowid % 11 = 0").run();
    })();
    migrate(db);
  });
  afterAll(() => db.close());

  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd-1', fromMonth: 203001, today: '2030-01-01', ...(sql.includes('@only') ? { only: '["k-1","k-4"]' } : {}) }) as { detail: string }[]).map((r) => r.detail);

  it('fills the monthly figures from the reviews stored before them, as the writes would have counted them', () => {
    type Row = { deployment_id: string; context_id: string; month: number; reviews: number; answered: number; delays: string };
    const expected = new Map<string, { reviews: number; answered: number; delays: Record<string, number> }>();
    const reviews = db.prepare('SELECT deployment_id, context_id, status, created_at, response_at FROM reviews').all() as Array<Record<string, any>>;
    for (const r of reviews) {
      for (const d of listeningChange(null, { status: r.status, createdAt: r.created_at, responseAt: r.response_at })) {
        const key = `${r.deployment_id}|${r.context_id}|${d.month}`;
        const e = expected.get(key) ?? { reviews: 0, answered: 0, delays: {} };
        e.reviews += d.reviews;
        e.answered += d.answered;
        for (const [b, n] of d.delays) e.delays[b] = (e.delays[b] ?? 0) + n;
        expected.set(key, e);
      }
    }
    const rows = db.prepare('SELECT * FROM listening_months').all() as Row[];
    const filled = new Map(rows.map((r) => [`${r.deployment_id}|${r.context_id}|${r.month}`, { reviews: r.reviews, answered: r.answered, delays: JSON.parse(r.delays) }]));
    expect(rows.length).toBeGreaterThan(900);
    expect(filled).toEqual(expected);
  });

  for (const analyzed of [false, true]) {
    describe(analyzed ? 'after ANALYZE' : 'without statistics', () => {
      beforeAll(() => {
        if (analyzed) db.exec('ANALYZE');
      });

      const reads = (Object.keys(LISTENING_SQL) as Array<keyof typeof LISTENING_SQL>).flatMap((name) => [
        [name, 'the whole deployment', LISTENING_SQL[name]],
        [name, 'listed courses', LISTENING_SQL_ONLY[name]],
      ]);
      it.each(reads)('reads "%s" for %s through indexes on the deployment key, scanning no table', (_name, _scope, sql) => {
        const lines = plan(sql);
        // The listed courses' JSON array is read as a virtual table (a few ids).
        const tableReads = lines.filter((l) => /^(SEARCH|SCAN) /.test(l) && !/^SCAN (\(subquery-\d+\)|answered)$/.test(l) && !/json_each VIRTUAL TABLE/.test(l));
        expect(tableReads.length).toBeGreaterThan(0);
        for (const line of tableReads) {
          expect(line).toMatch(/^SEARCH /);
          // A joined child is reached by its parent's id; every other read starts with the deployment prefix.
          expect(line).toMatch(/\((issuer=\? AND client_id=\? AND deployment_id=\?|idea_id=\?|consultation_id=\?|poll_id=\?)/);
        }
      });

      it('reads the response figures as the window range of the monthly figures, never the reviews', () => {
        const lines = plan(LISTENING_SQL.responses);
        expect(lines).toContain('SEARCH listening_months USING PRIMARY KEY (issuer=? AND client_id=? AND deployment_id=? AND month>?)');
        expect(lines.join('\n')).not.toMatch(/reviews/);
      });
    });
  }
});
