import type { Migration } from './migrations';

/**
 * Version 20: ratings per course and day (ports/rating-days.ts). Versions 15 to 19 are other
 * changes'. The primary key serves one course's range of days, the second index a deployment's
 * range of days across its courses (checked by EXPLAIN QUERY PLAN in test/storage/sqlite.test.ts).
 * Filled from the reviews already stored: published ones, on the UTC day of their last rating.
 * Frozen text, like every released migration.
 */
export const RATING_DAYS_MIGRATION: Migration = {
  version: 20,
  name: 'ratings per course and day',
  up: `
    CREATE TABLE review_course_days (
      issuer        TEXT    NOT NULL,
      client_id     TEXT    NOT NULL,
      deployment_id TEXT    NOT NULL,
      context_id    TEXT    NOT NULL,
      day           INTEGER NOT NULL CHECK (day BETWEEN 10000101 AND 99991231),
      count         INTEGER NOT NULL DEFAULT 0,
      sum           INTEGER NOT NULL DEFAULT 0,
      stars_1       INTEGER NOT NULL DEFAULT 0,
      stars_2       INTEGER NOT NULL DEFAULT 0,
      stars_3       INTEGER NOT NULL DEFAULT 0,
      stars_4       INTEGER NOT NULL DEFAULT 0,
      stars_5       INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (issuer, client_id, deployment_id, context_id, day)
    ) WITHOUT ROWID;
    CREATE INDEX review_course_days_by_day ON review_course_days (issuer, client_id, deployment_id, day, context_id);

    INSERT INTO review_course_days (issuer, client_id, deployment_id, context_id, day, count, sum, stars_1, stars_2, stars_3, stars_4, stars_5)
    SELECT issuer, client_id, deployment_id, context_id, CAST(strftime('%Y%m%d', rated_at / 1000, 'unixepoch') AS INTEGER) AS day,
      count(*), sum(rating), sum(rating = 1), sum(rating = 2), sum(rating = 3), sum(rating = 4), sum(rating = 5)
    FROM reviews WHERE status = 'published'
    GROUP BY issuer, client_id, deployment_id, context_id, day;
  `,
};

/**
 * Version 31: the cross-course overview reads a deployment's 180 days of every course (count and
 * sum only) from this covering index instead of visiting the table for each row of the index of
 * version 20, which it replaces (no other read used it).
 */
export const RATING_DAY_TOTALS_MIGRATION: Migration = {
  version: 31,
  name: "ratings per course and day: covering index for a deployment's totals",
  up: `
    CREATE INDEX review_course_days_totals ON review_course_days (issuer, client_id, deployment_id, day, context_id, count, sum);
    DROP INDEX review_course_days_by_day;
  `,
};
