import type { RateLimitStore } from '../ports/rate-limits';
import { checkWindowMs, rateLimitDigest } from '../shared/rate-limit-key';
import type { SqliteDatabase } from './database';

/**
 * A hit is ONE statement: SQLite runs it under the file's write lock, so hits from every process on
 * the file are counted one after the other, and RETURNING hands back the count this hit made. SET
 * expressions all read the row as it was, so both CASEs see the old window's end.
 */
export const HIT_SQL = `
  INSERT INTO rate_limit_windows (key_digest, hits, reset_at) VALUES (@key, 1, @now + @windowMs)
  ON CONFLICT (key_digest) DO UPDATE SET
    hits     = CASE WHEN reset_at > @now THEN hits + 1 ELSE 1 END,
    reset_at = CASE WHEN reset_at > @now THEN reset_at ELSE excluded.reset_at END
  RETURNING hits, reset_at AS resetAt`;

export const PURGE_RATE_LIMITS_SQL = 'DELETE FROM rate_limit_windows WHERE reset_at <= ?';

export function createSqliteRateLimitStore(db: SqliteDatabase): RateLimitStore {
  const hit = db.prepare<{ key: string; now: number; windowMs: number }, { hits: number; resetAt: number }>(HIT_SQL);
  const peek = db.prepare<[string, number], { hits: number; resetAt: number }>('SELECT hits, reset_at AS resetAt FROM rate_limit_windows WHERE key_digest = ? AND reset_at > ?');
  const decrement = db.prepare('UPDATE rate_limit_windows SET hits = hits - 1 WHERE key_digest = ? AND reset_at > ? AND hits > 0');
  const reset = db.prepare('DELETE FROM rate_limit_windows WHERE key_digest = ?');
  return {
    async hit(key, windowMs, now) {
      const row = hit.get({ key: rateLimitDigest(key), now: now.getTime(), windowMs: checkWindowMs(windowMs) })!;
      return { hits: row.hits, resetAt: new Date(row.resetAt) };
    },
    async peek(key, now) {
      const row = peek.get(rateLimitDigest(key), now.getTime());
      return row ? { hits: row.hits, resetAt: new Date(row.resetAt) } : null;
    },
    async decrement(key, now) {
      decrement.run(rateLimitDigest(key), now.getTime());
    },
    async reset(key) {
      reset.run(rateLimitDigest(key));
    },
  };
}
