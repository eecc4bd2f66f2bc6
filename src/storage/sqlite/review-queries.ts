/**
 * The SQL of the review reads that must stay index range scans. Kept apart so that the tests run
 * EXPLAIN QUERY PLAN on exactly the statements the store prepares.
 */
import type { GroupScan } from '../shared/review-order';
import { ITEM_MATCH } from './review-rows';

const COURSE_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId';

export interface ScanShape {
  readonly order: GroupScan['order'];
  readonly rating: boolean;
  readonly after: boolean;
}

/**
 * One scan of listReviews for one status: equality on the item key, the status and optionally the
 * rating; the cursor as a row-value comparison, which SQLite turns into the start of the index range
 * (reviews_recent, reviews_helpful, reviews_rating or reviews_rating_helpful). Every order column is
 * descending, so the index is walked backwards and no sort step is needed.
 * Parameters: item key, @status, [@rating], [@afterHelpful], [@afterCreated, @afterId], @limit.
 */
export function reviewScanSql(shape: ScanShape): string {
  const where = [ITEM_MATCH, 'status = @status'];
  if (shape.rating) where.push('rating = @rating');
  if (shape.after) {
    where.push(
      shape.order === 'helpful'
        ? '(helpful_count, created_at, id) < (@afterHelpful, @afterCreated, @afterId)'
        : '(created_at, id) < (@afterCreated, @afterId)',
    );
  }
  const orderBy = shape.order === 'helpful' ? 'helpful_count DESC, created_at DESC, id DESC' : 'created_at DESC, id DESC';
  return `SELECT * FROM reviews WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT @limit`;
}

/**
 * Held or reported reviews of a course, and hidden ones edited since (awaiting a decision), oldest
 * first. The OR term is written exactly as in the WHERE of the partial index reviews_moderation
 * (moderation-schema.ts), which is what lets SQLite use that index.
 */
export const MODERATION_CONDITION = "(status = 'held' OR report_count > 0 OR awaiting_decision = 1)";

export function moderationQueueSql(after: boolean): string {
  return `SELECT * FROM reviews WHERE ${COURSE_MATCH} AND ${MODERATION_CONDITION}${
    after ? ' AND (created_at, id) > (@afterCreated, @afterId)' : ''
  } ORDER BY created_at, id LIMIT @limit`;
}

export const MODERATION_COUNT_SQL = `SELECT count(*) AS n FROM reviews WHERE ${COURSE_MATCH} AND ${MODERATION_CONDITION}`;

/**
 * One page of the course's hidden reviews, newest first, through the partial index reviews_hidden
 * (or reviews_hidden_rating with a star filter); `status = 'hidden'` matches the indexes' WHERE.
 * Parameters: course key, [@rating], [@afterCreated, @afterId], @limit.
 */
export function hiddenReviewsSql(shape: { rating: boolean; after: boolean }): string {
  const where = [COURSE_MATCH, "status = 'hidden'"];
  if (shape.rating) where.push('rating = @rating');
  if (shape.after) where.push('(created_at, id) < (@afterCreated, @afterId)');
  return `SELECT * FROM reviews WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT @limit`;
}

/** A batch of the course export, oldest first, through reviews_course. */
export function courseBatchSql(after: boolean): string {
  return `SELECT * FROM reviews WHERE ${COURSE_MATCH}${after ? ' AND (created_at, id) > (@afterCreated, @afterId)' : ''} ORDER BY created_at, id LIMIT @limit`;
}

/** The course match on the reviews table when it is joined (aliased r). */
const R_COURSE_MATCH = 'r.issuer = @issuer AND r.client_id = @clientId AND r.deployment_id = @deploymentId AND r.context_id = @contextId';

/*
 * Per-person lookups for one page of reviews (@ids: a JSON array of review ids). CROSS JOIN fixes the
 * loop order: each given id is probed by primary key, and the review row only confirms the course.
 * Left to itself SQLite may start from the course's reviews instead, reading a 50,000-review course
 * to render one page.
 */
export const VOTES_BY_SQL = `
  SELECT v.review_id AS id FROM json_each(@ids) AS j
  CROSS JOIN review_helpful_votes AS v ON v.review_id = j.value AND v.voter_id = @voterId
  CROSS JOIN reviews AS r ON r.id = v.review_id
  WHERE ${R_COURSE_MATCH}`;

export const REPORTS_BY_SQL = `
  SELECT p.review_id AS id FROM json_each(@ids) AS j
  CROSS JOIN review_reports AS p ON p.review_id = j.value AND p.reporter_id = @reporterId
  CROSS JOIN reviews AS r ON r.id = p.review_id
  WHERE ${R_COURSE_MATCH}`;

/** Open reports of one review of the course, oldest first. */
export const OPEN_REPORTS_OF_SQL = `
  SELECT p.reason, p.reported_at FROM reviews AS r
  CROSS JOIN review_reports AS p ON p.review_id = r.id
  WHERE r.id = @id AND ${R_COURSE_MATCH} AND p.cleared_at IS NULL
  ORDER BY p.reported_at, p.reporter_id`;
