/** The monthly listening figures on SQLite (listening-months-schema.ts): the writer runs inside a review write's transaction. */
import type { ContextKey } from '../../context/tenant';
import type { ListeningMonthDelta } from '../shared/listening-months';
import type { SqliteDatabase } from './database';
import { courseParams } from './settings-store';

const KEY = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND month = @month AND context_id = @contextId';

/** Adds a change's monthly deltas to the course's rows; a bucket whose count reaches zero leaves the JSON object. */
export function sqliteListeningMonthsWriter(db: SqliteDatabase): (course: ContextKey, deltas: readonly ListeningMonthDelta[]) => void {
  const upsert = db.prepare(`
    INSERT INTO listening_months (issuer, client_id, deployment_id, month, context_id, reviews, answered)
    VALUES (@issuer, @clientId, @deploymentId, @month, @contextId, @reviews, @answered)
    ON CONFLICT (issuer, client_id, deployment_id, month, context_id) DO UPDATE SET
      reviews = reviews + excluded.reviews, answered = answered + excluded.answered
  `);
  const moveBucket = db.prepare(`
    UPDATE listening_months SET delays = CASE
      WHEN coalesce(json_extract(delays, @path), 0) + @n = 0 THEN json_remove(delays, @path)
      ELSE json_set(delays, @path, coalesce(json_extract(delays, @path), 0) + @n) END
    WHERE ${KEY}
  `);
  return (course, deltas) => {
    const key = courseParams(course);
    for (const d of deltas) {
      upsert.run({ ...key, month: d.month, reviews: d.reviews, answered: d.answered });
      // The bucket is an integer of our own: the quoted label is safe to build.
      for (const [bucket, n] of d.delays) moveBucket.run({ ...key, month: d.month, path: `$."${bucket}"`, n });
    }
  };
}
