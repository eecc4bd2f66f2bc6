import type { Migration } from './migrations';

/**
 * Version 21: training managers designated per platform (ports/managers.ts). The primary key is the
 * platform and the subject's match key (storage/shared/manager-designation.ts): isDesignated is one
 * range of it; designated_by_id has its own index for data-protection requests. Frozen text.
 */
export const MANAGERS_MIGRATION: Migration = {
  version: 21,
  name: 'training manager designations',
  up: `
    CREATE TABLE manager_designations (
      issuer              TEXT    NOT NULL,
      client_id           TEXT    NOT NULL,
      kind                TEXT    NOT NULL CHECK (kind IN ('user', 'role')),
      match_key           TEXT    NOT NULL,
      value               TEXT    NOT NULL,
      designated_by_id    TEXT    NOT NULL,
      designated_by_name  TEXT    NOT NULL,
      designated_at       INTEGER NOT NULL,
      PRIMARY KEY (issuer, client_id, kind, match_key)
    ) WITHOUT ROWID;
    CREATE INDEX manager_designations_by ON manager_designations (issuer, client_id, designated_by_id);
  `,
};
