/**
 * Keyset cursors shared by the adapters: a page ends on a record, and the next page starts strictly
 * after that record's sort key (every key is sorted descending and ends with the unique id, so no
 * record is skipped or repeated when others are added meanwhile).
 */
import type { IdeaSort } from '../ports/consultations';
import { decodeCursor as decodeSharedCursor } from '../shared/cursor';

export type SortKey = readonly (number | string)[];

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * A cursor this code did not write (tampered, truncated, or of another sort) is refused with
 * InvalidCursorError, as review cursors are: the page says the link is not valid (400) rather than
 * silently showing the first page. Numbers must be safe integers (counts, epoch milliseconds): a
 * JSON 1e999 would otherwise reach a query as Infinity, which no date field can be compared with.
 */
export function decodeCursor(cursor: string | undefined, shape: readonly ('number' | 'string')[]): SortKey | null {
  if (cursor === undefined || cursor === '') return null;
  return decodeSharedCursor(cursor, (parsed) => {
    if (!Array.isArray(parsed) || parsed.length !== shape.length) return null;
    const fits = parsed.every((v, i) => (shape[i] === 'number' ? Number.isSafeInteger(v) : typeof v === 'string'));
    return fits ? (parsed as SortKey) : null;
  });
}

/** Negative when `a` comes first in a descending order. */
export function compareDescending(a: SortKey, b: SortKey): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    return a[i] > b[i] ? -1 : 1;
  }
  return 0;
}

export interface IdeaSortFields {
  readonly id: string;
  readonly voteCount: number;
  readonly createdAt: Date;
  readonly lastActivityAt: Date;
}

export const IDEA_SORT_SHAPE: Record<IdeaSort, readonly ('number' | 'string')[]> = {
  votes: ['number', 'number', 'string'],
  newest: ['number', 'string'],
  active: ['number', 'string'],
};

export function ideaSortKey(idea: IdeaSortFields, sort: IdeaSort): SortKey {
  if (sort === 'votes') return [idea.voteCount, idea.createdAt.getTime(), idea.id];
  if (sort === 'newest') return [idea.createdAt.getTime(), idea.id];
  return [idea.lastActivityAt.getTime(), idea.id];
}
