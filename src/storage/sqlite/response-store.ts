import type { ResponseStore } from '../ports/responses';
import { checkLimit } from '../shared/cursor';
import { decodeOldestFirstCursor, encodeOldestFirstCursor } from '../shared/review-order';
import type { SqliteDatabase } from './database';
import { planResponse } from '../shared/review-change';
import { factsOf, toReview, type ReviewRow } from './review-rows';
import { courseParams } from './settings-store';
import { sqliteListeningMonthsWriter } from './listening-months';

const COURSE_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId';
const RESPONSE_LIMIT = 4000;

const courseOfRow = (row: ReviewRow) => ({ issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id, contextId: row.context_id });

/** Responses are columns of the review row; the needs-attention list reads the partial index reviews_attention. */
export function createSqliteResponseStore(db: SqliteDatabase): ResponseStore {
  const selectInCourse = db.prepare(`SELECT * FROM reviews WHERE id = @id AND ${COURSE_MATCH}`);
  const applyMonths = sqliteListeningMonthsWriter(db);
  const setResponse = db.prepare(`
    UPDATE reviews SET response_text = @text, response_by_id = @byId, response_by_name = @byName, response_by_role = @byRole,
      response_at = coalesce(response_at, @at), response_edited_at = CASE WHEN response_at IS NULL THEN NULL ELSE @at END,
      needs_attention = @needsAttention
    WHERE id = @id RETURNING *
  `);
  const clearResponse = db.prepare(`
    UPDATE reviews SET response_text = NULL, response_by_id = NULL, response_by_name = NULL, response_by_role = NULL,
      response_at = NULL, response_edited_at = NULL, needs_attention = @needsAttention
    WHERE id = @id RETURNING *
  `);
  const attentionSql = (after: boolean) => `
    SELECT * FROM reviews INDEXED BY reviews_attention
    WHERE ${COURSE_MATCH} AND needs_attention = 1 ${after ? 'AND (created_at, id) > (@afterCreated, @afterId)' : ''}
    ORDER BY created_at, id LIMIT @limit`;
  const attentionFirst = db.prepare(attentionSql(false));
  const attentionNext = db.prepare(attentionSql(true));
  const attentionCount = db.prepare(`SELECT count(*) AS n FROM reviews INDEXED BY reviews_attention WHERE ${COURSE_MATCH} AND needs_attention = 1`);

  // The first response's date stays when it is edited (response_at is kept): the flag follows from it.
  const respondTx = db.transaction((params: { id: string; at?: number } & Record<string, unknown>, remove: boolean): ReviewRow | null => {
    const existing = selectInCourse.get(params) as ReviewRow | undefined;
    if (!existing) return null;
    const change = planResponse(factsOf(existing), remove ? null : (existing.response_at ?? params.at ?? null));
    const needsAttention = change.review.needsAttention ? 1 : 0;
    // A first response or its removal moves the course's listening figures, in this transaction.
    if (change.listening.length > 0) applyMonths(courseOfRow(existing), change.listening);
    return (remove ? clearResponse.get({ id: params.id, needsAttention }) : setResponse.get({ ...params, needsAttention })) as ReviewRow;
  });

  return {
    async respond(course, reviewId, response) {
      if (typeof reviewId !== 'string') return null;
      if (response && (typeof response.text !== 'string' || response.text.length === 0 || response.text.length > RESPONSE_LIMIT)) {
        throw new RangeError(`A response is 1 to ${RESPONSE_LIMIT} characters`);
      }
      const params = {
        ...courseParams(course),
        id: reviewId,
        ...(response ? { text: response.text, byId: response.by.id, byName: response.by.name, byRole: response.by.role, at: response.at.getTime() } : {}),
      };
      const row = respondTx.immediate(params, response === null);
      return row ? toReview(row) : null;
    },

    async needsAttention(course, page) {
      const limit = checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeOldestFirstCursor(page.cursor);
      const params = { ...courseParams(course), limit: limit + 1 };
      const rows = (after ? attentionNext.all({ ...params, afterCreated: after.createdAt, afterId: after.id }) : attentionFirst.all(params)) as ReviewRow[];
      const kept = rows.slice(0, limit);
      const last = kept[kept.length - 1];
      return { items: kept.map(toReview), nextCursor: rows.length > limit && last ? encodeOldestFirstCursor({ createdAt: last.created_at, id: last.id }) : null };
    },

    async countNeedsAttention(course) {
      return (attentionCount.get(courseParams(course)) as { n: number }).n;
    },
  };
}
