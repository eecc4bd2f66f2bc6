/**
 * The "Hidden" list of the moderation page: a course's hidden reviews, reported or not, newest
 * first (created_at desc, id desc), optionally of one star rating, paged with a cursor. Every
 * adapter reads it as one index range (SQLite reviews_hidden / reviews_hidden_rating, MongoDB
 * lv_review_hidden / lv_review_hidden_rating) and keeps the same order and cursor.
 */
import type { Rating } from '../ports/reviews';
import { compareIds, decodeCursor, encodeCursor, isRecord, isTimestamp } from './cursor';
import { checkStars } from './review-input';

export interface HiddenCursor {
  readonly createdAt: number;
  readonly id: string;
}

export function encodeHiddenCursor(cursor: HiddenCursor): string {
  return encodeCursor({ s: 'hidden', v: [cursor.createdAt], i: cursor.id });
}

export function decodeHiddenCursor(cursor: string): HiddenCursor {
  return decodeCursor(cursor, (value) =>
    isRecord(value) && value.s === 'hidden' && typeof value.i === 'string' && Array.isArray(value.v) && value.v.length === 1 && isTimestamp(value.v[0])
      ? { createdAt: value.v[0], id: value.i }
      : null,
  );
}

/** Negative when `a` comes first: newer first, then the larger id. */
export function compareNewestFirst(a: HiddenCursor, b: HiddenCursor): number {
  return b.createdAt - a.createdAt || compareIds(b.id, a.id);
}

export interface HiddenQueryChecked {
  readonly stars: Rating | undefined;
  readonly after: HiddenCursor | null;
}

export function checkHiddenQuery(query: { stars?: Rating; cursor?: string }): HiddenQueryChecked {
  return { stars: checkStars(query.stars), after: query.cursor === undefined ? null : decodeHiddenCursor(query.cursor) };
}
