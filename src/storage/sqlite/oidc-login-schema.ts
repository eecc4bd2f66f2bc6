import type { Migration } from './migrations';

/** Version 8: the tool's own record of each OIDC login it answered (ports/oidc-logins.ts). Frozen text. */
export const OIDC_LOGINS_MIGRATION: Migration = {
  version: 8,
  name: 'oidc logins keyed by state',
  up: `
    CREATE TABLE oidc_logins (
      state      TEXT    NOT NULL PRIMARY KEY,
      issuer     TEXT    NOT NULL,
      record     TEXT    NOT NULL,
      expires_at INTEGER NOT NULL,
      used_at    INTEGER
    );
    CREATE INDEX oidc_logins_expiry ON oidc_logins (expires_at);
  `,
};
