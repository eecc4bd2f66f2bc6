/**
 * What every adapter derives from a review besides its item summary, computed here once:
 * - its per-version ratings and the change they make to the per-version figures;
 * - whether it needs an instructor's attention (the flag the needs-attention index holds).
 */
import { INITIAL_VERSION } from '../ports/course-versions';
import type { Rating, ReviewStatus, ReviewWrite } from '../ports/reviews';
import type { StatsDelta } from './review-summary';

/** The author's last rating in each version the review was rated in. */
export type VersionRatings = ReadonlyMap<string, Rating>;

export function versionOf(input: Pick<ReviewWrite, 'versionId'>): string {
  const id = input.versionId;
  if (id === undefined || id === '') return INITIAL_VERSION;
  if (typeof id !== 'string' || id.length > 64) throw new TypeError('A course version id is a string of at most 64 characters');
  return id;
}

/**
 * The version ratings after a save: a new review, or a changed rating, sets the current version's
 * entry; an edit that keeps the rating changes nothing (re-saving text is not a new rating).
 */
export function ratingsAfterSave(before: VersionRatings, previousRating: Rating | null, rating: Rating, versionId: string): Map<string, Rating> {
  const after = new Map(before);
  if (previousRating === null || previousRating !== rating) after.set(versionId, rating);
  return after;
}

const zero = (): StatsDelta => ({ count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] });

/**
 * The signed change to the per-version figures between two states of one review. Only published
 * reviews count, so a review that is hidden takes all its version ratings out, and back in on restore.
 */
export function versionChange(
  before: { status: ReviewStatus; ratings: VersionRatings } | null,
  after: { status: ReviewStatus; ratings: VersionRatings } | null,
): Map<string, StatsDelta> {
  const out = new Map<string, StatsDelta>();
  const apply = (state: { status: ReviewStatus; ratings: VersionRatings } | null, sign: 1 | -1) => {
    if (!state || state.status !== 'published') return;
    for (const [version, rating] of state.ratings) {
      let d = out.get(version);
      if (!d) out.set(version, (d = zero()));
      d.count += sign;
      d.sum += sign * rating;
      d.histogram[rating - 1] += sign;
    }
  };
  apply(before, -1);
  apply(after, 1);
  for (const [version, d] of out) if (d.count === 0 && d.sum === 0 && d.histogram.every((n) => n === 0)) out.delete(version);
  return out;
}

export const LOW_RATING = 2;

/**
 * Needs attention: open reports; or a published review of 1–2 stars, or rated down by its author,
 * that has no response given after its current rating.
 */
export function needsAttention(review: {
  status: ReviewStatus;
  rating: Rating;
  previousRating?: Rating | null;
  reportCount: number;
  ratedAt: Date | number;
  responseAt?: Date | number | null;
}): boolean {
  if (review.reportCount > 0) return true;
  if (review.status !== 'published') return false;
  const low = review.rating <= LOW_RATING;
  const downgraded = review.previousRating != null && review.previousRating > review.rating;
  if (!low && !downgraded) return false;
  const answered = review.responseAt != null && new Date(review.responseAt).getTime() >= new Date(review.ratedAt).getTime();
  return !answered;
}
