import type { Migration } from './migrations';

/**
 * Version 17: data-protection requests (ports/user-data.ts) find one person's rows across all the
 * courses of their platform as index ranges: (issuer, client_id, person) where the table carries the
 * course, and the person column alone on the child tables (votes, reports, poll answers), whose rows
 * are then joined to their parent to keep only this platform's. The other indexes on these tables
 * start with the whole course key, so without these a request would read every table in full.
 * Partial where most rows have no value (responses). Frozen text, like every released migration.
 */
export const USER_DATA_MIGRATION: Migration = {
  version: 17,
  name: 'indexes finding one person of a platform across courses (data-protection requests)',
  up: `
    CREATE INDEX reviews_platform_author ON reviews (issuer, client_id, author_id);
    CREATE INDEX reviews_platform_responder ON reviews (issuer, client_id, response_by_id) WHERE response_by_id IS NOT NULL;
    CREATE INDEX review_helpful_votes_voter ON review_helpful_votes (voter_id);
    CREATE INDEX review_reports_reporter ON review_reports (reporter_id);
    CREATE INDEX review_author_numbers_author ON review_author_numbers (issuer, client_id, author_id);
    CREATE INDEX cg_ideas_platform_author ON cg_ideas (issuer, client_id, author_id);
    CREATE INDEX cg_comments_platform_author ON cg_comments (issuer, client_id, author_id);
    CREATE INDEX cg_poll_answers_user ON cg_poll_answers (user_id);
    CREATE INDEX cg_visits_user ON cg_visits (issuer, client_id, user_id);
    CREATE INDEX course_members_user ON course_members (issuer, client_id, user_id);
    CREATE INDEX launch_sessions_user ON launch_sessions (issuer, client_id, user_id);
    CREATE INDEX audit_entries_actor ON audit_entries (issuer, client_id, actor_id);
    CREATE INDEX review_invites_user ON review_invites (issuer, client_id, user_id);
    CREATE INDEX grade_outbox_user ON grade_outbox (issuer, client_id, user_id);
    CREATE INDEX catalogue_visits_visitor ON catalogue_visits (issuer, client_id, visitor);
    CREATE INDEX corrective_actions_creator ON corrective_actions (issuer, client_id, created_by_id);
    CREATE INDEX course_versions_creator ON course_versions (issuer, client_id, created_by_id);
  `,
};
