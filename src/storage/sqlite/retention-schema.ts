import type { Migration } from './migrations';

/**
 * Version 19: the ranges a retention purge reads (sqlite/retention-store.ts). Each partial index
 * holds only what a purge may still change, so a record leaves it once purged and a purge never
 * re-reads what it already did:
 * - audit entries by date, whatever their course;
 * - course members not reduced yet (a reduced record has launch_count 0) by last launch;
 * - held or hidden reviews that still carry a text, by last change. Its WHERE is written exactly as
 *   WITHHELD_TEXT in retention-store.ts, which is what lets SQLite use it.
 * Expired sessions already have launch_sessions_expiry.
 */
export const RETENTION_MIGRATION: Migration = {
  version: 19,
  name: 'retention: indexes of audit entries by date, members by last launch, withheld review texts by last change',
  up: `
    CREATE INDEX audit_entries_at ON audit_entries (at);
    CREATE INDEX course_members_last_launch ON course_members (last_launch_at) WHERE launch_count > 0;
    CREATE INDEX reviews_withheld_text ON reviews (updated_at, id)
      WHERE status IN ('held', 'hidden') AND (title <> '' OR liked <> '' OR improve <> '' OR hidden_reason IS NOT NULL);
  `,
};
