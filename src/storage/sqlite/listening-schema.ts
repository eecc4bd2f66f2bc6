import type { Migration } from './migrations';

/**
 * Version 26: the Listening overview's response figures (share answered, median time to first
 * response) read a deployment's published reviews of the last 12 months as one range of this index,
 * which also covers the columns they need (context, response date): no row of the table is read.
 */
export const LISTENING_MIGRATION: Migration = {
  version: 26,
  name: 'reviews: index for the listening overview (deployment, status, posting date; covering course and response date)',
  up: `
    CREATE INDEX reviews_listening ON reviews (issuer, client_id, deployment_id, status, created_at, context_id, response_at);
  `,
};
