import type { Migration } from './migrations';

/**
 * A hidden review its author edits stays hidden and waits for a new decision (awaiting_decision):
 * the moderation queue's partial index is rebuilt so that it holds those reviews too. The WHERE is
 * written exactly as MODERATION_CONDITION in review-queries.ts, which is what lets SQLite use it.
 */
export const HIDDEN_EDIT_MIGRATION: Migration = {
  version: 9,
  name: 'reviews: hidden reviews edited by their author wait for a new moderation decision',
  up: `
    ALTER TABLE reviews ADD COLUMN awaiting_decision INTEGER NOT NULL DEFAULT 0 CHECK (awaiting_decision IN (0, 1));
    DROP INDEX reviews_moderation;
    CREATE INDEX reviews_moderation ON reviews (issuer, client_id, deployment_id, context_id, created_at, id)
      WHERE status = 'held' OR report_count > 0 OR awaiting_decision = 1;
  `,
};

/**
 * System-written audit reasons ("Merged into …") as a language-neutral code and JSON parameters,
 * translated when shown. Older rows keep their reason text and stay readable as written.
 */
export const AUDIT_REASON_CODE_MIGRATION: Migration = {
  version: 10,
  name: 'audit log: system reasons as a code and parameters',
  up: `
    ALTER TABLE audit_entries ADD COLUMN reason_code TEXT;
    ALTER TABLE audit_entries ADD COLUMN reason_params TEXT CHECK (reason_params IS NULL OR json_valid(reason_params));
  `,
};

/**
 * The moderation page's "Hidden" list: partial indexes holding hidden reviews only, so a page is one
 * range scan newest first (with or without a star filter) whatever the course's size.
 */
export const HIDDEN_LIST_MIGRATION: Migration = {
  version: 11,
  name: 'reviews: partial indexes for the list of hidden reviews',
  up: `
    CREATE INDEX reviews_hidden ON reviews (issuer, client_id, deployment_id, context_id, created_at, id) WHERE status = 'hidden';
    CREATE INDEX reviews_hidden_rating ON reviews (issuer, client_id, deployment_id, context_id, rating, created_at, id) WHERE status = 'hidden';
  `,
};
