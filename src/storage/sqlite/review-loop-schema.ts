import type { Migration } from './migrations';

/**
 * Version 5: closing the loop. Responses live on the review row (one per review); needs_attention is
 * a flag every review write recomputes (shared/review-loop.ts), so the needs-attention list is a
 * partial index as small as the list. Each review keeps its last rating per course version, and the
 * per-version figures are upserted in the same transaction as the review write, like the summary.
 * Existing reviews are carried into the initial version.
 */
const COURSE = `
      issuer        TEXT    NOT NULL,
      client_id     TEXT    NOT NULL,
      deployment_id TEXT    NOT NULL,
      context_id    TEXT    NOT NULL,`;

/** Version 6: whether each learner postponed or dismissed the invitation to review, per course. */
export const REVIEW_INVITES_MIGRATION: Migration = {
  version: 6,
  name: 'review invitations postponed or dismissed',
  up: `
    CREATE TABLE review_invites (${COURSE}
      user_id         TEXT    NOT NULL,
      dismissed       INTEGER NOT NULL CHECK (dismissed IN (0, 1)),
      postponed_until INTEGER,
      PRIMARY KEY (issuer, client_id, deployment_id, context_id, user_id)
    ) WITHOUT ROWID;
  `,
};

export const REVIEW_LOOP_MIGRATION: Migration = {
  version: 5,
  name: 'review responses, needs attention, rating history per course version, corrective actions, grade outbox',
  up: `
    ALTER TABLE reviews ADD COLUMN previous_rating INTEGER CHECK (previous_rating BETWEEN 1 AND 5);
    ALTER TABLE reviews ADD COLUMN response_text TEXT;
    ALTER TABLE reviews ADD COLUMN response_by_id TEXT;
    ALTER TABLE reviews ADD COLUMN response_by_name TEXT;
    ALTER TABLE reviews ADD COLUMN response_by_role TEXT;
    ALTER TABLE reviews ADD COLUMN response_at INTEGER;
    ALTER TABLE reviews ADD COLUMN response_edited_at INTEGER;
    ALTER TABLE reviews ADD COLUMN needs_attention INTEGER NOT NULL DEFAULT 0 CHECK (needs_attention IN (0, 1));
    UPDATE reviews SET needs_attention = CASE WHEN report_count > 0 OR (status = 'published' AND rating <= 2) THEN 1 ELSE 0 END;
    CREATE INDEX reviews_attention ON reviews (issuer, client_id, deployment_id, context_id, created_at, id)
      WHERE needs_attention = 1;

    CREATE TABLE review_version_ratings (
      review_id  TEXT    NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
      version_id TEXT    NOT NULL,
      rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
      rated_at   INTEGER NOT NULL,
      PRIMARY KEY (review_id, version_id)
    ) WITHOUT ROWID;
    INSERT INTO review_version_ratings (review_id, version_id, rating, rated_at) SELECT id, 'initial', rating, rated_at FROM reviews;

    CREATE TABLE review_version_summaries (${COURSE}
      item_id       TEXT    NOT NULL,
      version_id    TEXT    NOT NULL,
      count         INTEGER NOT NULL DEFAULT 0,
      sum           INTEGER NOT NULL DEFAULT 0,
      stars_1       INTEGER NOT NULL DEFAULT 0,
      stars_2       INTEGER NOT NULL DEFAULT 0,
      stars_3       INTEGER NOT NULL DEFAULT 0,
      stars_4       INTEGER NOT NULL DEFAULT 0,
      stars_5       INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (issuer, client_id, deployment_id, context_id, item_id, version_id)
    ) WITHOUT ROWID;
    INSERT INTO review_version_summaries (issuer, client_id, deployment_id, context_id, item_id, version_id, count, sum, stars_1, stars_2, stars_3, stars_4, stars_5)
      SELECT issuer, client_id, deployment_id, context_id, item_id, 'initial', count(*), sum(rating),
        sum(rating = 1), sum(rating = 2), sum(rating = 3), sum(rating = 4), sum(rating = 5)
      FROM reviews WHERE status = 'published' GROUP BY issuer, client_id, deployment_id, context_id, item_id;

    CREATE TABLE course_versions (
      id              TEXT    NOT NULL PRIMARY KEY,${COURSE}
      label           TEXT    NOT NULL,
      starts_on       TEXT    NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      created_at      INTEGER NOT NULL,
      created_by_id   TEXT    NOT NULL,
      created_by_name TEXT    NOT NULL
    );
    CREATE INDEX course_versions_course ON course_versions (issuer, client_id, deployment_id, context_id, starts_on, created_at, id);

    CREATE TABLE corrective_actions (
      id              TEXT    NOT NULL PRIMARY KEY,${COURSE}
      description     TEXT    NOT NULL,
      due_on          TEXT,
      status          TEXT    NOT NULL CHECK (status IN ('planned', 'in-progress', 'done')),
      done_in_version TEXT,
      created_by_id   TEXT    NOT NULL,
      created_by_name TEXT    NOT NULL,
      created_at      INTEGER NOT NULL,
      updated_at      INTEGER NOT NULL
    );
    CREATE INDEX corrective_actions_course ON corrective_actions (issuer, client_id, deployment_id, context_id, created_at, id);
    -- No foreign key to reviews: an action outlives a review its author deleted.
    CREATE TABLE corrective_action_reviews (
      action_id TEXT NOT NULL REFERENCES corrective_actions (id) ON DELETE CASCADE,
      review_id TEXT NOT NULL,
      PRIMARY KEY (action_id, review_id)
    ) WITHOUT ROWID;
    CREATE INDEX corrective_action_reviews_review ON corrective_action_reviews (review_id, action_id);

    CREATE TABLE grade_outbox (
      id              TEXT    NOT NULL PRIMARY KEY,${COURSE}
      user_id         TEXT    NOT NULL,
      reason          TEXT    NOT NULL,
      target          TEXT    NOT NULL CHECK (json_valid(target)),
      created_at      INTEGER NOT NULL,
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      last_error      TEXT,
      UNIQUE (issuer, client_id, deployment_id, context_id, user_id, reason)
    );
    CREATE INDEX grade_outbox_due ON grade_outbox (issuer, client_id, deployment_id, context_id, next_attempt_at, id);
  `,
};
