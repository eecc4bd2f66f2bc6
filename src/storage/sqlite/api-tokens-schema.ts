import type { Migration } from './migrations';

/**
 * Version 23: read-API tokens (ports/api-tokens.ts). The digest is the lookup key of every API
 * request (unique index); the platform index serves list and revoke. Frozen text, like every
 * released migration.
 */
export const API_TOKENS_MIGRATION: Migration = {
  version: 23,
  name: 'read-API tokens of a platform, stored as digests',
  up: `
    CREATE TABLE api_tokens (
      id            TEXT    NOT NULL PRIMARY KEY,
      digest        TEXT    NOT NULL UNIQUE,
      issuer        TEXT    NOT NULL,
      client_id     TEXT    NOT NULL,
      deployment_id TEXT,
      name          TEXT    NOT NULL,
      scope         TEXT    NOT NULL CHECK (scope IN ('read')),
      hint          TEXT    NOT NULL,
      created_at    INTEGER NOT NULL,
      revoked_at    INTEGER,
      last_used_at  INTEGER
    );
    CREATE INDEX api_tokens_platform ON api_tokens (issuer, client_id, created_at);
  `,
};
