import type { Migration } from './migrations';

/**
 * Version 16: the shared rate-limit windows (ports/rate-limits.ts). Version 15 is another change's.
 * One row per key, keyed by the key's digest (never the key), holding the current window's hits and
 * its end; a hit is one UPSERT on the primary key, the purge one range of the end's index. Frozen
 * text, like every released migration.
 */
export const RATE_LIMITS_MIGRATION: Migration = {
  version: 16,
  name: 'rate-limit windows shared by every process on the file',
  up: `
    CREATE TABLE rate_limit_windows (
      key_digest TEXT    NOT NULL PRIMARY KEY,
      hits       INTEGER NOT NULL CHECK (hits >= 0),
      reset_at   INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX rate_limit_windows_reset ON rate_limit_windows (reset_at);
  `,
};
