/**
 * Checks on what callers hand the review store. The domain validates user input first; these checks
 * are the storage's own guard, so that no adapter ever stores a rating the summary arithmetic cannot
 * count (a rating of 0 or 6, an unknown aspect) or a status filter that silently matches nothing.
 */
import { ASPECTS, type AspectId } from '../ports/course-settings';
import type { Rating, ReviewStatus, ReviewWrite } from '../ports/reviews';

const STATUSES: readonly ReviewStatus[] = ['published', 'held', 'hidden'];

export function isRating(value: unknown): value is Rating {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5;
}

function requireRating(value: unknown, what: string): Rating {
  if (!isRating(value)) throw new RangeError(`${what} must be an integer from 1 to 5, got ${String(value)}`);
  return value;
}

/** Aspect ratings with known aspects only, in ASPECTS order (so every adapter stores the same object). */
export function normalizeAspects(aspects: Readonly<Partial<Record<AspectId, Rating>>>): Partial<Record<AspectId, Rating>> {
  const known = new Set<string>(ASPECTS);
  for (const key of Object.keys(aspects)) {
    if (!known.has(key)) throw new RangeError(`Unknown aspect "${key}"`);
  }
  const out: Partial<Record<AspectId, Rating>> = {};
  for (const aspect of ASPECTS) {
    const value = aspects[aspect];
    if (value !== undefined) out[aspect] = requireRating(value, `Aspect rating ${aspect}`);
  }
  return out;
}

/** Checks a ReviewWrite and returns it with its aspects normalized. */
export function checkReviewWrite(input: ReviewWrite): ReviewWrite {
  requireRating(input.rating, 'Rating');
  if (input.status !== 'published' && input.status !== 'held') {
    throw new RangeError(`A saved review is published or held, got ${String(input.status)}`);
  }
  if (typeof input.author?.id !== 'string') throw new TypeError('The review author must have a string id');
  if (typeof input.item?.itemId !== 'string') throw new TypeError('The reviewed item must have a string id');
  return { ...input, aspects: normalizeAspects(input.aspects), holdReasons: [...input.holdReasons] };
}

export function checkStatus(status: unknown): ReviewStatus {
  if (!STATUSES.includes(status as ReviewStatus)) throw new RangeError(`Unknown review status ${String(status)}`);
  return status as ReviewStatus;
}

/** The statuses filter without duplicates; an empty filter is allowed and matches nothing. */
export function checkStatuses(statuses: readonly ReviewStatus[]): ReviewStatus[] {
  return [...new Set(statuses.map(checkStatus))];
}

export function checkStars(stars: Rating | undefined): Rating | undefined {
  return stars === undefined ? undefined : requireRating(stars, 'The stars filter');
}
