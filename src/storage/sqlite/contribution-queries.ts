/**
 * The contribution lists' SQL, exported so test/storage/contributions-sqlite.test.ts can check each
 * plan is one index range in order (no sort step).
 */
import type { ContributionSort } from '../ports/contributions';

export const COURSE_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId';

const LEAD: Record<ContributionSort, string | null> = { featured: 'featured', useful: 'useful_count', newest: null };

/** 'one' filters one status (@status), 'both' takes published and held. */
export type StatusFilter = 'one' | 'both';

export function listSql(sort: ContributionSort, statuses: StatusFilter, after: boolean, byAuthor: boolean): string {
  const lead = LEAD[sort];
  const columns = lead ? `${lead}, created_at, id` : 'created_at, id';
  const params = lead ? '@lead, @createdAt, @id' : '@createdAt, @id';
  const order = columns
    .split(', ')
    .map((c) => `${c} DESC`)
    .join(', ');
  return `SELECT * FROM contributions INDEXED BY ${byAuthor ? 'contributions_author' : `contributions_${sort}`}
    WHERE ${COURSE_MATCH}${byAuthor ? ' AND author_id = @authorId' : ''}${statuses === 'one' ? ' AND status = @status' : ''}${after ? ` AND (${columns}) < (${params})` : ''}
    ORDER BY ${order} LIMIT @limit`;
}

export const QUEUE_SQL = {
  first: `SELECT * FROM contributions WHERE ${COURSE_MATCH} AND in_queue = 1 ORDER BY created_at, id LIMIT @limit`,
  next: `SELECT * FROM contributions WHERE ${COURSE_MATCH} AND in_queue = 1 AND (created_at, id) > (@createdAt, @id) ORDER BY created_at, id LIMIT @limit`,
  count: `SELECT count(*) AS n FROM contributions WHERE ${COURSE_MATCH} AND in_queue = 1`,
  commentsFirst: `SELECT * FROM contribution_comments WHERE ${COURSE_MATCH} AND status = 'held' ORDER BY created_at, id LIMIT @limit`,
  commentsNext: `SELECT * FROM contribution_comments WHERE ${COURSE_MATCH} AND status = 'held' AND (created_at, id) > (@createdAt, @id) ORDER BY created_at, id LIMIT @limit`,
};
