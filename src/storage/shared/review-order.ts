/**
 * Orders, cursors and scan plans of listReviews, shared by the adapters so that every one of them
 * pages the same way.
 *
 * Sorts (ties always broken by created_at desc, then id desc, so the order is total):
 *   recent  created_at desc, id desc
 *   helpful helpful_count desc, created_at desc, id desc
 *   highest rating desc, created_at desc, id desc
 *   lowest  rating asc, created_at desc, id desc
 *
 * Indexed adapters read a page as a sequence of "group scans", each an index range with equality on
 * the item key, the status and (optionally) the rating, ordered by (created_at, id) or by
 * (helpful_count, created_at, id), all descending. The rating sorts walk one rating group after
 * another (5→1 or 1→5), which needs no index in mixed directions and serves "lowest" and "highest"
 * from the same index as the stars filter. Every scan reads at most limit+1 rows, so a page costs
 * O(limit) whatever its depth.
 */
import type { Page } from '../ports/paging';
import type { Rating, ReviewSort, ReviewTriage } from '../ports/reviews';
import { compareIds, decodeCursor, encodeCursor, isNonNegativeInteger, isRecord, isTimestamp } from './cursor';

export const REVIEW_SORTS: readonly ReviewSort[] = ['recent', 'helpful', 'highest', 'lowest'];

/** The fields of a review that orders and cursors look at (createdAt in epoch milliseconds). */
export interface OrderKey {
  readonly id: string;
  readonly rating: Rating;
  readonly helpfulCount: number;
  readonly createdAt: number;
}

const byCreatedDesc = (a: OrderKey, b: OrderKey): number => b.createdAt - a.createdAt || compareIds(b.id, a.id);

/** Negative when `a` comes before `b` in the sort. */
export function compareForSort(sort: ReviewSort, a: OrderKey, b: OrderKey): number {
  switch (sort) {
    case 'recent':
      return byCreatedDesc(a, b);
    case 'helpful':
      return b.helpfulCount - a.helpfulCount || byCreatedDesc(a, b);
    case 'highest':
      return b.rating - a.rating || byCreatedDesc(a, b);
    case 'lowest':
      return a.rating - b.rating || byCreatedDesc(a, b);
  }
}

/** Where the previous page ended: the sort values of its last row (only those the sort uses) and its id. */
export type ReviewCursor =
  | { readonly sort: 'recent'; readonly createdAt: number; readonly id: string }
  | { readonly sort: 'helpful'; readonly helpfulCount: number; readonly createdAt: number; readonly id: string }
  | { readonly sort: 'highest' | 'lowest'; readonly rating: Rating; readonly createdAt: number; readonly id: string };

export function cursorAfter(sort: ReviewSort, last: OrderKey): ReviewCursor {
  switch (sort) {
    case 'recent':
      return { sort, createdAt: last.createdAt, id: last.id };
    case 'helpful':
      return { sort, helpfulCount: last.helpfulCount, createdAt: last.createdAt, id: last.id };
    case 'highest':
    case 'lowest':
      return { sort, rating: last.rating, createdAt: last.createdAt, id: last.id };
  }
}

/** Wire form: {s: sort, v: [sort values], i: id}. */
export function encodeReviewCursor(cursor: ReviewCursor): string {
  switch (cursor.sort) {
    case 'recent':
      return encodeCursor({ s: cursor.sort, v: [cursor.createdAt], i: cursor.id });
    case 'helpful':
      return encodeCursor({ s: cursor.sort, v: [cursor.helpfulCount, cursor.createdAt], i: cursor.id });
    case 'highest':
    case 'lowest':
      return encodeCursor({ s: cursor.sort, v: [cursor.rating, cursor.createdAt], i: cursor.id });
  }
}

const isRating = (v: unknown): v is Rating => v === 1 || v === 2 || v === 3 || v === 4 || v === 5;

/** Decodes a cursor; one made for another sort is refused (its values would mean something else). */
export function decodeReviewCursor(sort: ReviewSort, cursor: string): ReviewCursor {
  return decodeCursor(cursor, (value): ReviewCursor | null => {
    if (!isRecord(value) || value.s !== sort || typeof value.i !== 'string' || !Array.isArray(value.v)) return null;
    const v: unknown[] = value.v;
    const id = value.i;
    switch (sort) {
      case 'recent':
        return v.length === 1 && isTimestamp(v[0]) ? { sort, createdAt: v[0], id } : null;
      case 'helpful':
        return v.length === 2 && isNonNegativeInteger(v[0]) && isTimestamp(v[1]) ? { sort, helpfulCount: v[0], createdAt: v[1], id } : null;
      case 'highest':
      case 'lowest':
        return v.length === 2 && isRating(v[0]) && isTimestamp(v[1]) ? { sort, rating: v[0], createdAt: v[1], id } : null;
    }
  });
}

/** True when `row` comes strictly after the cursor's position in its sort. */
export function isAfterCursor(cursor: ReviewCursor, row: OrderKey): boolean {
  const position: OrderKey = {
    id: cursor.id,
    createdAt: cursor.createdAt,
    rating: cursor.sort === 'highest' || cursor.sort === 'lowest' ? cursor.rating : row.rating,
    helpfulCount: cursor.sort === 'helpful' ? cursor.helpfulCount : row.helpfulCount,
  };
  return compareForSort(cursor.sort, position, row) < 0;
}

/** One index range of a page read; rows come out strictly after `after`, in the scan's order. */
export type GroupScan =
  | {
      readonly order: 'created';
      readonly rating?: Rating;
      /** Only rows this triage filter keeps (its own partial index in SQLite and MongoDB). */
      readonly triage?: ReviewTriage;
      readonly after?: { readonly createdAt: number; readonly id: string };
    }
  | {
      readonly order: 'helpful';
      readonly rating?: Rating;
      readonly after?: { readonly helpfulCount: number; readonly createdAt: number; readonly id: string };
    };

/** Negative when `a` comes before `b` in the scan's order (used to merge the per-status ranges). */
export function compareInScan(scan: GroupScan, a: OrderKey, b: OrderKey): number {
  return scan.order === 'helpful' ? b.helpfulCount - a.helpfulCount || byCreatedDesc(a, b) : byCreatedDesc(a, b);
}

const DESCENDING: readonly Rating[] = [5, 4, 3, 2, 1];
const ASCENDING: readonly Rating[] = [1, 2, 3, 4, 5];

/** The scans that read a page of `sort` (with an optional stars filter) from the cursor on, in order. */
export function planScans(sort: ReviewSort, stars: Rating | undefined, cursor: ReviewCursor | null, triage?: ReviewTriage): GroupScan[] {
  // Triaged lists are newest first without a star filter (checked by checkTriage): one range of the triage's index.
  if (triage !== undefined) return [{ order: 'created', triage, ...(cursor ? { after: { createdAt: cursor.createdAt, id: cursor.id } } : {}) }];
  const rating = stars === undefined ? {} : { rating: stars };
  switch (sort) {
    case 'recent':
      return [{ order: 'created', ...rating, ...(cursor ? { after: { createdAt: cursor.createdAt, id: cursor.id } } : {}) }];
    case 'helpful':
      return [
        {
          order: 'helpful',
          ...rating,
          ...(cursor?.sort === 'helpful' ? { after: { helpfulCount: cursor.helpfulCount, createdAt: cursor.createdAt, id: cursor.id } } : {}),
        },
      ];
    case 'highest':
    case 'lowest': {
      const after = cursor ? { after: { createdAt: cursor.createdAt, id: cursor.id } } : {};
      // With a stars filter every row has the same rating: the sort is just "recent" within it.
      if (stars !== undefined) {
        if (cursor && (cursor.sort === 'highest' || cursor.sort === 'lowest') && cursor.rating !== stars) return [];
        return [{ order: 'created', rating: stars, ...after }];
      }
      const groups = sort === 'highest' ? DESCENDING : ASCENDING;
      const startRating = cursor && (cursor.sort === 'highest' || cursor.sort === 'lowest') ? cursor.rating : groups[0];
      const start = groups.indexOf(startRating);
      return groups.slice(start).map((r, i) => (i === 0 ? { order: 'created' as const, rating: r, ...after } : { order: 'created' as const, rating: r }));
    }
  }
}

/**
 * Runs the scans in order until `need` rows are collected. `read(scan, n)` returns at most n rows of
 * one scan, in the scan's order.
 */
export function collectScans<R>(scans: readonly GroupScan[], need: number, read: (scan: GroupScan, n: number) => R[]): R[] {
  const rows: R[] = [];
  for (const scan of scans) {
    if (rows.length >= need) break;
    rows.push(...read(scan, need - rows.length));
  }
  return rows;
}

export async function collectScansAsync<R>(
  scans: readonly GroupScan[],
  need: number,
  read: (scan: GroupScan, n: number) => Promise<R[]>,
): Promise<R[]> {
  const rows: R[] = [];
  for (const scan of scans) {
    if (rows.length >= need) break;
    rows.push(...(await read(scan, need - rows.length)));
  }
  return rows;
}

/** Merges per-status ranges of one scan (each already in the scan's order) and keeps the first n. */
export function mergeInScan<R extends OrderKey>(scan: GroupScan, lists: readonly R[][], n: number): R[] {
  if (lists.length === 1) return lists[0].slice(0, n);
  return lists.flat().sort((a, b) => compareInScan(scan, a, b)).slice(0, n);
}

/**
 * Turns limit+1 rows into a page: the first `limit` rows, and a cursor after the last of them when
 * the extra row shows there is more.
 */
export function toPage<R, T>(sort: ReviewSort, rows: readonly R[], limit: number, key: (row: R) => OrderKey, map: (row: R) => T): Page<T> {
  const kept = rows.slice(0, limit);
  const more = rows.length > limit && kept.length > 0;
  return {
    items: kept.map(map),
    nextCursor: more ? encodeReviewCursor(cursorAfter(sort, key(kept[kept.length - 1]))) : null,
  };
}

/** Position in "oldest first" lists (the moderation queue): created_at asc, id asc. */
export interface OldestFirstCursor {
  readonly createdAt: number;
  readonly id: string;
}

export function encodeOldestFirstCursor(cursor: OldestFirstCursor): string {
  return encodeCursor({ s: 'oldest', v: [cursor.createdAt], i: cursor.id });
}

export function decodeOldestFirstCursor(cursor: string): OldestFirstCursor {
  return decodeCursor(cursor, (value) =>
    isRecord(value) && value.s === 'oldest' && typeof value.i === 'string' && Array.isArray(value.v) && value.v.length === 1 && isTimestamp(value.v[0])
      ? { createdAt: value.v[0], id: value.i }
      : null,
  );
}

/** Negative when `a` is older than `b` (created_at asc, id asc). */
export function compareOldestFirst(a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number {
  return a.createdAt - b.createdAt || compareIds(a.id, b.id);
}
