import type { NonceStore } from '../port';
import type { SqliteDatabase } from './database';

export function createSqliteNonceStore(db: SqliteDatabase, now: () => number): NonceStore {
  // One statement, so the check and the write cannot interleave with another connection's: the
  // insert succeeds, or takes over a row that has expired, or changes nothing (a replay).
  const remember = db.prepare(`
    INSERT INTO nonces (issuer, client_id, nonce, expires_at) VALUES (@issuer, @clientId, @nonce, @expiresAt)
    ON CONFLICT (issuer, client_id, nonce) DO UPDATE SET expires_at = excluded.expires_at
    WHERE nonces.expires_at <= @now
  `);
  return {
    async rememberNonce(platform, nonce, expiresAt) {
      const result = remember.run({
        issuer: platform.issuer,
        clientId: platform.clientId,
        nonce,
        expiresAt: expiresAt.getTime(),
        now: now(),
      });
      return result.changes === 1;
    },
  };
}
