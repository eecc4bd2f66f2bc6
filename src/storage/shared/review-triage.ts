/**
 * The triage filters of the reviews list (ports/reviews.ts ReviewTriage) as one predicate, so the
 * tests agree with the SQL and MongoDB conditions (sqlite/review-queries.ts
 * TRIAGE_CONDITION, mongo/review-docs.ts triageFilter).
 */
import { REVIEW_TRIAGES, type ReviewTriage } from '../ports/reviews';

export const LOW_STARS = 2;

export interface TriageFields {
  readonly rating: number;
  readonly reportCount: number;
  /** Epoch milliseconds; null or absent when there is no response. */
  readonly responseAt?: number | null;
  readonly responseEditedAt?: number | null;
  readonly editedAt?: number | null;
}

export function matchesTriage(triage: ReviewTriage, r: TriageFields): boolean {
  switch (triage) {
    case 'unanswered':
      return r.responseAt == null;
    case 'low':
      return r.rating <= LOW_STARS;
    case 'reported':
      return r.reportCount > 0;
    case 'edited-after-response': {
      if (r.responseAt == null || r.editedAt == null) return false;
      return r.editedAt > (r.responseEditedAt ?? r.responseAt);
    }
  }
}

/** Checks a query's triage: known, and only with the newest-first order and no star filter. */
export function checkTriage(query: { triage?: unknown; sort: string; stars?: unknown }): ReviewTriage | undefined {
  if (query.triage === undefined) return undefined;
  if (!(REVIEW_TRIAGES as readonly unknown[]).includes(query.triage)) throw new RangeError(`Unknown review triage ${String(query.triage)}`);
  if (query.sort !== 'recent' || query.stars !== undefined) throw new RangeError('A triaged review list is newest first, without a star filter');
  return query.triage as ReviewTriage;
}
