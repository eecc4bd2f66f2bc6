/**
 * Ratings per course and day on SQLite: both reads are index ranges in order, and migration 20 fills
 * the buckets of the reviews stored before it exactly as the review writes would have.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/storage/sqlite/database';
import { migrate } from '../../src/storage/sqlite/migrations';
import { COURSE_DAYS_SQL, deploymentRangesSql } from '../../src/storage/sqlite/rating-days-store';
import { RATING_DAY_TOTALS_MIGRATION, RATING_DAYS_MIGRATION } from '../../src/storage/sqlite/rating-days-schema';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import type { ReviewWrite } from '../../src/storage/ports/reviews';

describe('sqlite ratings per day: query plans', () => {
  const db = openDatabase(':memory:');
  beforeAll(() => {
    migrate(db);
    const insert = db.prepare(`INSERT INTO review_course_days (issuer, client_id, deployment_id, context_id, day, count, sum, stars_4)
      VALUES ('https://lms.example', 'c1', @deployment, @course, @day, 1, 4, 1)`);
    db.transaction(() => {
      for (let c = 0; c < 300; c++) for (let d = 1; d <= 28; d++) insert.run({ deployment: `d-${c % 3}`, course: `k-${c}`, day: 20300100 + d });
    })();
  });
  afterAll(() => db.close());
  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd-1', contextId: 'k-4', from: 20300105, to: 20300120 }) as {
      detail: string;
    }[]).map((r) => r.detail);

  for (const analyzed of [false, true]) {
    it(`reads one course's days and a deployment's days as one range each, in order (${analyzed ? 'after ANALYZE' : 'no statistics'})`, () => {
      if (analyzed) db.exec('ANALYZE');
      expect(plan(COURSE_DAYS_SQL)).toEqual(['SEARCH review_course_days USING PRIMARY KEY (issuer=? AND client_id=? AND deployment_id=? AND context_id=? AND day>? AND day<?)']);
      const ranges = Object.fromEntries([0, 1, 2].flatMap((i) => [[`f${i}`, 20300101 + i * 5], [`t${i}`, 20300105 + i * 5]]));
      const rangesPlan = (db.prepare(`EXPLAIN QUERY PLAN ${deploymentRangesSql(3)}`).all({ issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd-1', from: 20300101, to: 20300115, ...ranges }) as { detail: string }[]).map((r) => r.detail);
      expect(rangesPlan).toEqual(['SEARCH review_course_days USING COVERING INDEX review_course_days_totals (issuer=? AND client_id=? AND deployment_id=? AND day>? AND day<?)', 'USE TEMP B-TREE FOR GROUP BY']);
      // A few listed courses: a range of the primary key per course, never the deployment's other courses.
      const listedPlan = (db.prepare(`EXPLAIN QUERY PLAN ${deploymentRangesSql(3, true)}`).all({ issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd-1', from: 20300101, to: 20300115, only: '["k-4","k-7"]', ...ranges }) as { detail: string }[]).map((r) => r.detail);
      expect(listedPlan.join('\n')).toContain('SEARCH review_course_days USING PRIMARY KEY (issuer=? AND client_id=? AND deployment_id=? AND context_id=? AND day>? AND day<?)');
      expect(listedPlan.join('\n')).not.toMatch(/SCAN review_course_days|review_course_days_totals/);
    });
  }
});

describe('sqlite ratings per day: migration 20 fills the reviews stored before it', () => {
  it('gives the same buckets as the writes, for published reviews only', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lv-days-'));
    const file = path.join(dir, 'store.sqlite');
    const storage = await openSqliteStorage({ file });
    const course = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1', contextId: 'k1' };
    const write = (id: string, rating: 1 | 2 | 3 | 4 | 5, over: Partial<ReviewWrite> = {}): ReviewWrite => ({
      item: { ...course, itemId: id.startsWith('a') ? 'course' : 'link-2' },
      author: { id, name: id },
      rating,
      aspects: {},
      title: '',
      liked: '',
      improve: '',
      status: 'published',
      holdReasons: [],
      verified: true,
      ...over,
    });
    const day0 = new Date('2030-03-01T23:30:00Z');
    for (let i = 0; i < 40; i++) {
      const at = new Date(day0.getTime() + i * 7 * 3_600_000);
      await storage.reviews.saveReview(write(`${i % 2 ? 'a' : 'b'}-${i}`, ((i % 5) + 1) as 1 | 2 | 3 | 4 | 5, i % 9 === 0 ? { status: 'held', holdReasons: ['moderation'] } : {}), at);
    }
    await storage.reviews.saveReview(write('a-1', 5), new Date('2030-03-20T10:00:00Z'));
    const written = await storage.ratingDays.courseDays(course, 20300101, 20301231);
    expect(written.reduce((n, d) => n + d.stats.count, 0)).toBe(40 - 5);

    await storage.close();

    // Back to the schema before migration 20, then open again: the fill must give the same buckets.
    const db = openDatabase(file);
    db.exec('DROP TABLE review_course_days');
    // The table's later index (migration 31) went with it: that migration runs again too.
    for (const version of [RATING_DAYS_MIGRATION.version, RATING_DAY_TOTALS_MIGRATION.version]) db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(version);
    db.close();
    const reopened = await openSqliteStorage({ file });
    try {
      expect(await reopened.ratingDays.courseDays(course, 20300101, 20301231)).toEqual(written);
    } finally {
      await reopened.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
