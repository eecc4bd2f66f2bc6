/**
 * Cursors of the contribution lists. Every sort ends with (createdAt, id), newest first; 'featured'
 * and 'useful' put the featured flag (0/1) or the useful count before them. The cursor names its
 * sort, so a cursor of one sort is refused by another instead of paging from a wrong position.
 */
import type { ContributionSort } from '../ports/contributions';
import { decodeCursor, encodeCursor, isNonNegativeInteger, isRecord, isTimestamp } from './cursor';

export interface ContributionPosition {
  readonly sort: ContributionSort;
  /** featured (0 or 1) for 'featured', useful count for 'useful', 0 for 'newest'. */
  readonly lead: number;
  readonly createdAt: number;
  readonly id: string;
}


export function encodeContributionCursor(position: ContributionPosition): string {
  return encodeCursor({ s: position.sort, l: position.lead, c: position.createdAt, i: position.id });
}

export function decodeContributionCursor(cursor: string, sort: ContributionSort): ContributionPosition {
  return decodeCursor(cursor, (value) => {
    if (!isRecord(value) || value.s !== sort) return null;
    if (!isNonNegativeInteger(value.l) || !isTimestamp(value.c) || typeof value.i !== 'string' || value.i.length > 64) return null;
    return { sort, lead: value.l, createdAt: value.c, id: value.i };
  });
}

/** The lead value of a contribution for a sort. */
export function leadOf(sort: ContributionSort, c: { featured: boolean; usefulCount: number }): number {
  return sort === 'featured' ? (c.featured ? 1 : 0) : sort === 'useful' ? c.usefulCount : 0;
}

/** Oldest-first cursor of the moderation queue: (createdAt, id). */
export function encodeQueueCursor(createdAt: number, id: string): string {
  return encodeCursor({ q: 1, c: createdAt, i: id });
}

export function decodeQueueCursor(cursor: string): { createdAt: number; id: string } {
  return decodeCursor(cursor, (value) =>
    isRecord(value) && value.q === 1 && isTimestamp(value.c) && typeof value.i === 'string' && value.i.length <= 64 ? { createdAt: value.c, id: value.i } : null,
  );
}
