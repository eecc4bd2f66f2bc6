/**
 * The official response of the course to a review: one per review, editable, shown under it with the
 * responder's role. Stored with the review itself, so a page of reviews brings its responses along and
 * "low rating without a response" is one indexed condition (see needsAttention).
 */
import type { ContextKey } from '../../context/tenant';
import type { CourseRole } from '../../context/roles';
import type { Page, PageRequest } from './paging';
import type { Review } from './reviews';

export interface ReviewResponse {
  readonly text: string;
  readonly by: { readonly id: string; readonly name: string; readonly role: CourseRole };
  readonly at: Date;
  /** Set when the response was changed after it was first posted. */
  readonly editedAt?: Date;
}

export interface ResponseStore {
  /**
   * Sets (or, with null, removes) the response to a review of the course. Keeps the first response
   * date and sets editedAt on a change. Returns the review, or null when the course has no such review.
   */
  respond(course: ContextKey, reviewId: string, response: { text: string; by: ReviewResponse['by']; at: Date } | null): Promise<Review | null>;
  /**
   * Reviews an instructor should look at, oldest first across the course's items: open reports, and
   * published reviews of 1–2 stars or rated down by their author, with no response since the rating.
   */
  needsAttention(course: ContextKey, page: PageRequest): Promise<Page<Review>>;
  countNeedsAttention(course: ContextKey): Promise<number>;
}
