import type { Migration } from './migrations';

/**
 * Version 25: learners' contributions (ports/contributions.ts). Versions 21 to 24 and 26 are other
 * changes'. Each list is one index range in its own order, checked by EXPLAIN QUERY PLAN in
 * test/storage/contributions-sqlite.test.ts:
 * - contributions_newest / _featured / _useful: a course's list by each sort, the status filtered
 *   on the index row (held ones are the few that wait for moderation, so the residual filter skips
 *   little);
 * - contributions_author: one author's contributions in a course, newest first;
 * - contributions_queue: held or reported (in_queue = 1), oldest first;
 * - contributions_person / *_person: data-protection requests by (issuer, client id, sub).
 * Marks, comments, reports and reuses go with their contribution (ON DELETE CASCADE). Reuse targets
 * use '' for "not this kind", so the UNIQUE constraint sees one row per target.
 * Frozen text, like every released migration.
 */
const COURSE = `
      issuer        TEXT NOT NULL,
      client_id     TEXT NOT NULL,
      deployment_id TEXT NOT NULL,
      context_id    TEXT NOT NULL,`;

export const CONTRIBUTIONS_MIGRATION: Migration = {
  version: 25,
  name: 'learner contributions, marks, comments, reports and reuses',
  up: `
    CREATE TABLE contributions (
      id                TEXT    NOT NULL PRIMARY KEY,${COURSE}
      author_id         TEXT    NOT NULL,
      author_name       TEXT    NOT NULL,
      title             TEXT    NOT NULL,
      text              TEXT    NOT NULL,
      link              TEXT,
      file_id           TEXT,
      file_name         TEXT,
      file_type         TEXT,
      file_size         INTEGER,
      file_sha256       TEXT,
      licence           TEXT    NOT NULL CHECK (licence IN ('cc-by-4.0', 'cc-by-sa-4.0', 'course-only')),
      consent_to_reuse  INTEGER NOT NULL CHECK (consent_to_reuse IN (0, 1)),
      credit_by_name    INTEGER NOT NULL CHECK (credit_by_name IN (0, 1)),
      credit_name       TEXT,
      credit_consent_at INTEGER,
      status            TEXT    NOT NULL CHECK (status IN ('published', 'held')),
      hold_reasons      TEXT    NOT NULL DEFAULT '[]',
      featured          INTEGER NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
      useful_count      INTEGER NOT NULL DEFAULT 0,
      comment_count     INTEGER NOT NULL DEFAULT 0,
      report_count      INTEGER NOT NULL DEFAULT 0,
      reuse_count       INTEGER NOT NULL DEFAULT 0,
      in_queue          INTEGER NOT NULL DEFAULT 0 CHECK (in_queue IN (0, 1)),
      created_at        INTEGER NOT NULL,
      updated_at        INTEGER NOT NULL,
      CHECK (status = 'held' OR consent_to_reuse = 1),
      CHECK ((file_id IS NULL) = (file_sha256 IS NULL))
    );
    CREATE INDEX contributions_newest ON contributions (issuer, client_id, deployment_id, context_id, created_at, id, status);
    CREATE INDEX contributions_featured ON contributions (issuer, client_id, deployment_id, context_id, featured, created_at, id, status);
    CREATE INDEX contributions_useful ON contributions (issuer, client_id, deployment_id, context_id, useful_count, created_at, id, status);
    CREATE INDEX contributions_author ON contributions (issuer, client_id, deployment_id, context_id, author_id, created_at, id);
    CREATE INDEX contributions_queue ON contributions (issuer, client_id, deployment_id, context_id, in_queue, created_at, id);
    CREATE INDEX contributions_person ON contributions (issuer, client_id, author_id);

    CREATE TABLE contribution_useful_marks (
      contribution_id TEXT    NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,
      user_id         TEXT    NOT NULL,
      issuer          TEXT    NOT NULL,
      client_id       TEXT    NOT NULL,
      at              INTEGER NOT NULL,
      PRIMARY KEY (contribution_id, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX contribution_useful_marks_person ON contribution_useful_marks (issuer, client_id, user_id);

    CREATE TABLE contribution_comments (
      id              TEXT    NOT NULL PRIMARY KEY,
      contribution_id TEXT    NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,${COURSE}
      author_id       TEXT    NOT NULL,
      author_name     TEXT    NOT NULL,
      text            TEXT    NOT NULL,
      status          TEXT    NOT NULL CHECK (status IN ('published', 'held', 'hidden')),
      hold_reasons    TEXT    NOT NULL DEFAULT '[]',
      hidden_reason   TEXT,
      created_at      INTEGER NOT NULL
    );
    CREATE INDEX contribution_comments_of ON contribution_comments (contribution_id, created_at, id);
    CREATE INDEX contribution_comments_queue ON contribution_comments (issuer, client_id, deployment_id, context_id, status, created_at, id);
    CREATE INDEX contribution_comments_person ON contribution_comments (issuer, client_id, author_id);

    CREATE TABLE contribution_reports (
      contribution_id TEXT    NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,
      reporter_id     TEXT    NOT NULL,
      issuer          TEXT    NOT NULL,
      client_id       TEXT    NOT NULL,
      reason          TEXT    NOT NULL CHECK (reason IN ('offensive', 'personal-data', 'spam', 'off-topic')),
      at              INTEGER NOT NULL,
      cleared_at      INTEGER,
      PRIMARY KEY (contribution_id, reporter_id)
    ) WITHOUT ROWID;
    CREATE INDEX contribution_reports_person ON contribution_reports (issuer, client_id, reporter_id);

    CREATE TABLE contribution_reuses (
      id                   TEXT    NOT NULL PRIMARY KEY,
      contribution_id      TEXT    NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,${COURSE}
      author_id            TEXT    NOT NULL,
      kind                 TEXT    NOT NULL CHECK (kind IN ('version', 'course')),
      version_id           TEXT    NOT NULL,
      target_deployment_id TEXT    NOT NULL,
      target_context_id    TEXT    NOT NULL,
      by_id                TEXT    NOT NULL,
      by_name              TEXT    NOT NULL,
      at                   INTEGER NOT NULL,
      UNIQUE (contribution_id, kind, version_id, target_deployment_id, target_context_id)
    );
    CREATE INDEX contribution_reuses_author ON contribution_reuses (issuer, client_id, deployment_id, context_id, author_id);
    CREATE INDEX contribution_reuses_person ON contribution_reuses (issuer, client_id, by_id);
  `,
};
