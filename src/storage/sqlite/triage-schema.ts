import type { Migration } from './migrations';

/**
 * The instructors' triage filters of the reviews list (no response yet, 1–2 stars, reported, edited
 * after a response): one partial index each, in the list's newest-first order per item and status,
 * so a filtered page is one range scan whatever the course's size. Each WHERE is written exactly as
 * TRIAGE_CONDITION in review-queries.ts.
 */
export const TRIAGE_MIGRATION: Migration = {
  version: 12,
  name: 'reviews: partial indexes for the triage filters of the reviews list',
  up: `
    CREATE INDEX reviews_unanswered ON reviews (issuer, client_id, deployment_id, context_id, item_id, status, created_at, id) WHERE response_at IS NULL;
    CREATE INDEX reviews_low ON reviews (issuer, client_id, deployment_id, context_id, item_id, status, created_at, id) WHERE rating <= 2;
    CREATE INDEX reviews_reported ON reviews (issuer, client_id, deployment_id, context_id, item_id, status, created_at, id) WHERE report_count > 0;
    CREATE INDEX reviews_edited_after_response ON reviews (issuer, client_id, deployment_id, context_id, item_id, status, created_at, id)
      WHERE edited_at > coalesce(response_edited_at, response_at);
  `,
};
