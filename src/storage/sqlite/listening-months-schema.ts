import { delayBucket } from '../shared/response-delays';
import type { Migration } from './migrations';

/**
 * Version 29: the Listening overview's response figures per course and calendar month
 * (shared/listening-months.ts), kept by every review write in its transaction, so the overview reads
 * a year of a deployment's months (one range of the primary key, which starts with the month) instead
 * of its reviews. `delays` is the histogram of times to first response, a JSON object bucket → count
 * (shared/response-delays.ts), updated in SQL with json_set so a write never rewrites it from a read.
 *
 * Filled from the reviews already stored, in one grouped INSERT … SELECT: the bucket of a delay is
 * the shared JS function registered on the connection for this statement, so the fill and the writes
 * bucket alike (a bucket computed by SQLite's own ln() could round differently at a boundary). The
 * function's number comes back as a REAL: cast to INTEGER before it becomes the JSON label.
 *
 * reviews_listening (version 26), which the overview read the reviews through, goes: no read uses it
 * any more, and every review write paid for it.
 */
export const LISTENING_MONTHS_MIGRATION: Migration = {
  version: 29,
  name: 'listening figures per course and month: published reviews, answered, first-response delays; filled from the reviews',
  up: (db) => {
    db.exec(`
      CREATE TABLE listening_months (
        issuer        TEXT    NOT NULL,
        client_id     TEXT    NOT NULL,
        deployment_id TEXT    NOT NULL,
        month         INTEGER NOT NULL CHECK (month BETWEEN 100001 AND 999912),
        context_id    TEXT    NOT NULL,
        reviews       INTEGER NOT NULL DEFAULT 0,
        answered      INTEGER NOT NULL DEFAULT 0,
        delays        TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(delays)),
        PRIMARY KEY (issuer, client_id, deployment_id, month, context_id)
      ) WITHOUT ROWID;
    `);
    db.function('lv_delay_bucket', { deterministic: true }, (delay: unknown) => delayBucket(Number(delay)));
    db.exec(`
      WITH published AS (
        SELECT issuer, client_id, deployment_id, context_id, CAST(strftime('%Y%m', created_at / 1000, 'unixepoch') AS INTEGER) AS month,
          response_at - created_at AS delay
        FROM reviews WHERE status = 'published'),
      totals AS (
        SELECT issuer, client_id, deployment_id, context_id, month, count(*) AS reviews, count(delay) AS answered
        FROM published GROUP BY issuer, client_id, deployment_id, context_id, month),
      buckets AS (
        SELECT issuer, client_id, deployment_id, context_id, month, CAST(CAST(lv_delay_bucket(delay) AS INTEGER) AS TEXT) AS bucket, count(*) AS n
        FROM published WHERE delay IS NOT NULL GROUP BY issuer, client_id, deployment_id, context_id, month, bucket),
      histograms AS (
        SELECT issuer, client_id, deployment_id, context_id, month, json_group_object(bucket, n) AS delays
        FROM buckets GROUP BY issuer, client_id, deployment_id, context_id, month)
      INSERT INTO listening_months (issuer, client_id, deployment_id, month, context_id, reviews, answered, delays)
      SELECT t.issuer, t.client_id, t.deployment_id, t.month, t.context_id, t.reviews, t.answered, coalesce(h.delays, '{}')
      FROM totals t LEFT JOIN histograms h USING (issuer, client_id, deployment_id, context_id, month);
      DROP INDEX reviews_listening;
    `);
  },
};
