/** Ratings per course and day on SQLite: the writer runs inside a review write's transaction. */
import type { ContextKey } from '../../context/tenant';
import type { RatingDay, RatingDaysStore } from '../ports/rating-days';
import type { StatsDelta } from '../shared/review-summary';
import type { SqliteDatabase } from './database';
import { statsOfRow, type StatsRow } from './review-summary';
import { courseParams } from './settings-store';
import { byDayThenContextId } from '../shared/course-order';

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
 * Every course of a deployment, count and sum summed per course over each of `ranges` days: a range
 * of the covering index of migration 31 (no visit to the table), grouped in the query, so the result
 * is about one row per course and range whatever the number of days. Ranges are bound as @f<i>/@t<i>.
 */
export function deploymentRangesSql(ranges: number, only = false): string {
  if (!Number.isInteger(ranges) || ranges < 1 || ranges > MAX_RANGES) throw new RangeError(`1 to ${MAX_RANGES} day ranges`);
  const cases = Array.from({ length: ranges }, (_, i) => `WHEN day BETWEEN @f${i} AND @t${i} THEN ${i}`).join(' ');
  // A few courses (@only, a JSON array of context ids) are ranges of the primary key (course, day) instead.
  const source = only ? 'review_course_days' : 'review_course_days INDEXED BY review_course_days_totals';
  const courses = only ? ' AND context_id IN (SELECT value FROM json_each(@only))' : '';
  return `
  SELECT context_id, range, sum(count) AS count, sum(sum) AS sum FROM (
    SELECT context_id, count, sum, CASE ${cases} END AS range FROM ${source}
    WHERE issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId${courses} AND day BETWEEN @from AND @to AND count > 0
  ) WHERE range IS NOT NULL
  GROUP BY context_id, range`;
}

/** A year of single days at most: the CASE grows with the ranges. */
const MAX_RANGES = 366;

export function createSqliteRatingDaysStore(db: SqliteDatabase): RatingDaysStore {
  const ofCourse = db.prepare(COURSE_DAYS_SQL);
  // One statement per number of ranges (the overview always asks the same number), rows as arrays.
  const byRanges = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  const rangesStatement = (n: number, only: boolean) => {
    const key = `${n}:${only}`;
    let statement = byRanges.get(key);
    if (!statement) byRanges.set(key, (statement = db.prepare(deploymentRangesSql(n, only)).raw(true)));
    return statement;
  };
  return {
    async courseDays(course, from, to) {
      return (ofCourse.all({ ...courseParams(course), from, to }) as DayRow[]).map(toDay).filter((d) => d.stats.count > 0);
    },
    async deploymentRanges(deployment, ranges, only) {
      if (ranges.length === 0 || only?.length === 0) return [];
      const key = { issuer: deployment.issuer, clientId: deployment.clientId, deploymentId: deployment.deploymentId };
      const params: Record<string, string | number> = { ...key, from: Math.min(...ranges.map((r) => r.from)), to: Math.max(...ranges.map((r) => r.to)) };
      ranges.forEach((r, i) => Object.assign(params, { [`f${i}`]: r.from, [`t${i}`]: r.to }));
      if (only) params.only = JSON.stringify(only);
      // One course key per course, shared by its ranges.
      const courses = new Map<string, ContextKey>();
      const totals = (rangesStatement(ranges.length, only !== undefined).all(params) as Array<[string, number, number, number]>).map(([contextId, range, count, sum]) => {
        let course = courses.get(contextId);
        if (!course) courses.set(contextId, (course = { ...key, contextId }));
        return { course, day: ranges[range].to, stats: { count, sum } };
      });
      return totals.sort(byDayThenContextId);
    },
  };
}
