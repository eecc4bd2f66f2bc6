import type { Migration } from './migrations';

/**
 * Version 15: claims on the grade outbox, for the one worker per process that sends scores
 * (ports/grade-outbox.ts). A claim names its owner; while it is held next_attempt_at is the end of
 * its lease, so the platform-wide claim reads one range of grade_outbox_claim (checked by EXPLAIN
 * QUERY PLAN in test/storage/grade-outbox-sqlite.test.ts). The per-course due index served the retry
 * from requests, which is gone. Each score keeps the language of the launch that queued it, to name
 * the gradebook column should the worker create it. Versions 13 and 16+ are other changes'. Frozen text.
 */
export const GRADE_OUTBOX_CLAIMS_MIGRATION: Migration = {
  version: 15,
  name: 'grade outbox claims with a lease, and the language of each score',
  up: `
    ALTER TABLE grade_outbox ADD COLUMN claimed_by TEXT;
    ALTER TABLE grade_outbox ADD COLUMN locale TEXT NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'fr'));
    DROP INDEX grade_outbox_due;
    CREATE INDEX grade_outbox_claim ON grade_outbox (next_attempt_at, id);
  `,
};

/**
 * Version 28: a course's scores go to one process at a time (see grade-outbox-store.ts). The claim
 * first reads which courses other owners hold now: the claimed rows alone, few at any time, through
 * this partial index rather than every pending score. Frozen text.
 */
export const GRADE_OUTBOX_COURSE_CLAIMS_MIGRATION: Migration = {
  version: 28,
  name: 'grade outbox: the claimed scores, to keep each course with one process',
  up: `
    CREATE INDEX grade_outbox_claimed ON grade_outbox (claimed_by, next_attempt_at) WHERE claimed_by IS NOT NULL;
  `,
};
