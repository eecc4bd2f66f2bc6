import type { Migration } from './migrations';

/**
 * Version 14: external catalogue sources (ports/external-sources.ts). Version 13 is another change's.
 * Every read is one index range: a deployment's sources and entries by the deployment key, the
 * worker's due sources by next_attempt_at (checked by EXPLAIN QUERY PLAN in
 * test/storage/sqlite.test.ts). Entries carry their deployment so listEntries needs no join, and
 * go with their source (ON DELETE CASCADE). Frozen text, like every released migration.
 */
export const EXTERNAL_SOURCES_MIGRATION: Migration = {
  version: 14,
  name: 'external catalogue sources, their entries and a version per deployment',
  up: `
    CREATE TABLE external_sources (
      id                   TEXT    NOT NULL PRIMARY KEY,
      issuer               TEXT    NOT NULL,
      client_id            TEXT    NOT NULL,
      deployment_id        TEXT    NOT NULL,
      name                 TEXT    NOT NULL,
      url                  TEXT    NOT NULL,
      language             TEXT,
      added_at             INTEGER NOT NULL,
      added_by             TEXT    NOT NULL,
      last_attempt_at      INTEGER,
      last_success_at      INTEGER,
      last_error           TEXT,
      consecutive_failures INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
      next_attempt_at      INTEGER NOT NULL,
      -- Set by a claim, cleared by the recorded outcome: an admin's refresh never takes a source a worker holds.
      leased_until         INTEGER,
      etag                 TEXT,
      last_modified        TEXT,
      entry_count          INTEGER NOT NULL DEFAULT 0,
      UNIQUE (issuer, client_id, deployment_id, url)
    );
    CREATE INDEX external_sources_deployment ON external_sources (issuer, client_id, deployment_id, added_at, id);
    CREATE INDEX external_sources_due ON external_sources (next_attempt_at, id);

    CREATE TABLE external_entries (
      source_id     TEXT    NOT NULL REFERENCES external_sources (id) ON DELETE CASCADE,
      position      INTEGER NOT NULL,
      issuer        TEXT    NOT NULL,
      client_id     TEXT    NOT NULL,
      deployment_id TEXT    NOT NULL,
      entry_key     TEXT    NOT NULL,
      title         TEXT    NOT NULL,
      summary       TEXT    NOT NULL,
      url           TEXT    NOT NULL,
      language      TEXT,
      updated_at    INTEGER,
      PRIMARY KEY (source_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX external_entries_deployment ON external_entries (issuer, client_id, deployment_id, source_id, position);

    -- Never deleted, only bumped: a version going back could hand a reader a stale index again.
    CREATE TABLE external_source_versions (
      issuer        TEXT    NOT NULL,
      client_id     TEXT    NOT NULL,
      deployment_id TEXT    NOT NULL,
      version       INTEGER NOT NULL CHECK (version >= 1),
      PRIMARY KEY (issuer, client_id, deployment_id)
    ) WITHOUT ROWID;
  `,
};
