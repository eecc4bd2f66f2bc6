/** Ratings per course and day on SQLite: the writer runs inside a review write's transaction. */
import type { ContextKey } from '../../context/tenant';
import type { RatingDay, RatingDaysStore } from '../ports/rating-days';
import type { StatsDelta } from '../shared/review-summary';
import type { SqliteDatabase } from './database';
import { statsOfRow, type StatsRow } from './review-summary';
import { courseParams } from './settings-store';

interface DayRow extends StatsRow {
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
  day: number;
}

const toDay = (r: DayRow): RatingDay => ({
  course: { issuer: r.issuer, clientId: r.client_id, deploymentId: r.deployment_id, contextId: r.context_id },
  day: r.day,
  stats: statsOfRow(r),
});

/** Adds a change's daily deltas to the course's buckets. */
export function sqliteRatingDaysWriter(db: SqliteDatabase): (course: ContextKey, days: ReadonlyMap<number, StatsDelta>) => void {
  const upsert = db.prepare(`
    INSERT INTO review_course_days (issuer, client_id, deployment_id, context_id, day, count, sum, stars_1, stars_2, stars_3, stars_4, stars_5)
    VALUES (@issuer, @clientId, @deploymentId, @contextId, @day, @count, @sum, @s1, @s2, @s3, @s4, @s5)
    ON CONFLICT (issuer, client_id, deployment_id, context_id, day) DO UPDATE SET
      count = count + excluded.count, sum = sum + excluded.sum, stars_1 = stars_1 + excluded.stars_1, stars_2 = stars_2 + excluded.stars_2,
      stars_3 = stars_3 + excluded.stars_3, stars_4 = stars_4 + excluded.stars_4, stars_5 = stars_5 + excluded.stars_5
  `);
  return (course, days) => {
    const key = courseParams(course);
    for (const [day, d] of days) {
      const [s1, s2, s3, s4, s5] = d.histogram;
      upsert.run({ ...key, day, count: d.count, sum: d.sum, s1, s2, s3, s4, s5 });
    }
  };
}

/** One course's days: a range of the primary key, in order. */
export const COURSE_DAYS_SQL = `
  SELECT * FROM review_course_days
  WHERE issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId
    AND day BETWEEN @from AND @to
  ORDER BY day`;

/**
 * Every course of a deployment, count and sum only: a range of the covering index of migration 31,
 * in order, without a visit to the table (180 days of 1,000 courses are up to 180,000 rows).
 */
export const DEPLOYMENT_DAYS_SQL = `
  SELECT context_id, day, count, sum FROM review_course_days INDEXED BY review_course_days_totals
  WHERE issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND day BETWEEN @from AND @to AND count > 0
  ORDER BY day, context_id`;

export function createSqliteRatingDaysStore(db: SqliteDatabase): RatingDaysStore {
  const ofCourse = db.prepare(COURSE_DAYS_SQL);
  // Rows as arrays: no object per row for the driver to build and this code to read once.
  const ofDeployment = db.prepare(DEPLOYMENT_DAYS_SQL).raw(true);
  return {
    async courseDays(course, from, to) {
      return (ofCourse.all({ ...courseParams(course), from, to }) as DayRow[]).map(toDay).filter((d) => d.stats.count > 0);
    },
    async deploymentDays(deployment, from, to) {
      const key = { issuer: deployment.issuer, clientId: deployment.clientId, deploymentId: deployment.deploymentId };
      // One course key per course, shared by its days.
      const courses = new Map<string, ContextKey>();
      return (ofDeployment.all({ ...key, from, to }) as Array<[string, number, number, number]>).map(([contextId, day, count, sum]) => {
        let course = courses.get(contextId);
        if (!course) courses.set(contextId, (course = { ...key, contextId }));
        return { course, day, stats: { count, sum } };
      });
    },
  };
}
