/**
 * Reviews and ratings. Every write keeps the item's summary (count, histogram, aspect sums, monthly
 * buckets for "last 12 months") up to date in the same transaction, so reading a panel never scans
 * reviews and a crash cannot leave a summary wrong. Only published reviews count in summaries.
 */
import type { ContextKey } from '../../context/tenant';
import type { AuditInput } from './audit';
import type { AspectId } from './course-settings';
import type { Page, PageRequest } from './paging';
import type { ReviewResponse } from './responses';

/** What is reviewed: a course ('course') or one activity of it (its resource link id). */
export interface ItemKey extends ContextKey {
  readonly itemId: string;
}

export type Rating = 1 | 2 | 3 | 4 | 5;
export type ReviewStatus = 'published' | 'held' | 'hidden';
/** Why a review waits for moderation. */
export type HoldReason = 'moderation' | 'email' | 'phone' | 'link' | 'offensive';
export const REPORT_REASONS = ['offensive', 'personal-data', 'spam', 'off-topic'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export interface ReviewAuthor {
  readonly id: string;
  readonly name: string;
  readonly givenName?: string;
  readonly familyName?: string;
}

export interface Review {
  readonly id: string;
  readonly item: ItemKey;
  readonly author: ReviewAuthor;
  /** Stable per course and author ("Learner 7"), assigned at the author's first review in the course. */
  readonly authorNumber: number;
  readonly rating: Rating;
  readonly aspects: Readonly<Partial<Record<AspectId, Rating>>>;
  readonly title: string;
  readonly liked: string;
  readonly improve: string;
  readonly status: ReviewStatus;
  readonly holdReasons: readonly HoldReason[];
  /** Reason given by the instructor who hid it. */
  readonly hiddenReason?: string;
  /**
   * Present (true) when the author edited the review while it was hidden: it stays hidden and waits
   * in the moderation queue until an instructor decides again. Any moderation clears it.
   */
  readonly awaitingDecision?: true;
  /** The author had launched this course as a learner before writing (from our launch records). */
  readonly verified: boolean;
  readonly helpfulCount: number;
  /** Open reports (cleared when an instructor restores or approves the review). */
  readonly reportCount: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Set when the author edited the review after posting it. */
  readonly editedAt?: Date;
  /** The rating before the author last changed it (absent until they do). */
  readonly previousRating?: Rating;
  /** The course's official response, if any. */
  readonly response?: ReviewResponse;
}

export interface ReviewWrite {
  readonly item: ItemKey;
  readonly author: ReviewAuthor;
  readonly rating: Rating;
  readonly aspects: Readonly<Partial<Record<AspectId, Rating>>>;
  readonly title: string;
  readonly liked: string;
  readonly improve: string;
  readonly status: 'published' | 'held';
  readonly holdReasons: readonly HoldReason[];
  readonly verified: boolean;
  /**
   * The course version (see ports/course-versions.ts) current at this write; INITIAL_VERSION when
   * absent. A new rating counts in that version's figures; earlier versions keep the author's
   * earlier rating.
   */
  readonly versionId?: string;
}

/** One entry of a review's rating history: the author's last rating within one course version. */
export interface VersionRating {
  readonly versionId: string;
  readonly rating: Rating;
  readonly at: Date;
}

export interface RatingStats {
  readonly count: number;
  /** Sum of ratings (average = sum / count). */
  readonly sum: number;
  /** Counts of 1, 2, 3, 4 and 5 stars, in that order. */
  readonly histogram: readonly [number, number, number, number, number];
}

export interface ReviewSummary {
  readonly overall: RatingStats;
  /** Ratings whose review was posted or re-rated in the last 12 calendar months (this month included). */
  readonly last12Months: RatingStats;
  readonly aspects: Readonly<Partial<Record<AspectId, { readonly count: number; readonly sum: number }>>>;
}

export type ReviewSort = 'recent' | 'helpful' | 'highest' | 'lowest';

/**
 * Instructors' triage of the list: no response yet; 1–2 stars; open reports; edited by the author
 * after the course's response was last written. A triaged list is newest first: `sort` must be
 * 'recent' and `stars` absent (adapters refuse other combinations with a RangeError).
 */
export const REVIEW_TRIAGES = ['unanswered', 'low', 'reported', 'edited-after-response'] as const;
export type ReviewTriage = (typeof REVIEW_TRIAGES)[number];

export interface ReviewQuery extends PageRequest {
  readonly sort: ReviewSort;
  /** Only the reviews this triage filter keeps (see ReviewTriage). */
  readonly triage?: ReviewTriage;
  /** Only reviews with this overall rating. */
  readonly stars?: Rating;
  /** Which statuses to include (learners: published only). */
  readonly statuses: readonly ReviewStatus[];
}

export interface HiddenReviewQuery extends PageRequest {
  /** Only hidden reviews with this overall rating. */
  readonly stars?: Rating;
}

/** What learners and instructors read: a review, an item's list, its summary and counts, per-version figures and a review's rating history. */
export interface ReviewReads {
  findReviewByAuthor(item: ItemKey, authorId: string): Promise<Review | null>;
  /** Finds a review of any item of the course. Never matches another course's review. */
  findReview(course: ContextKey, reviewId: string): Promise<Review | null>;
  listReviews(item: ItemKey, query: ReviewQuery): Promise<Page<Review>>;
  summary(item: ItemKey, now: Date): Promise<ReviewSummary>;
  /** Distinct authors with a review of the item in any status (for "12 of 40 learners have reviewed"). */
  countReviewers(item: ItemKey): Promise<number>;
  /**
   * Distinct authors among `authorIds` with a review of the item in any status: the reviewers who
   * are still enrolled, when `authorIds` are the course's current learners (each id probed by the
   * (item, author) key, so the cost follows the roster, not the number of reviews).
   */
  countReviewersAmong(item: ItemKey, authorIds: readonly string[]): Promise<number>;
  /**
   * Rating figures of the item per course version, kept in the write transactions like the summary:
   * each published review counts once in every version in which its author rated, with the last
   * rating given in that version. Versions without ratings are absent.
   */
  versionSummaries(item: ItemKey): Promise<Map<string, RatingStats>>;
  /** The review's ratings, one per version it was rated in, oldest first. Empty for another course's review. */
  ratingHistory(course: ContextKey, reviewId: string): Promise<VersionRating[]>;
}

/** What authors write: their review (created, replaced or deleted), and the name a later launch brings. */
export interface ReviewWrites {
  /**
   * Creates the author's review of the item, or replaces it (one review per author and item).
   * Returns the stored review and the one it replaced, if any. editedAt is set on replacement.
   * A hidden review stays hidden when its author edits it (see shared/review-change.ts): it keeps the
   * hide reason, is marked awaitingDecision (so it is in the moderation queue) and an audit entry
   * 'review.edit-hidden' is appended, all in the save's transaction.
   */
  saveReview(input: ReviewWrite, now: Date): Promise<{ review: Review; previous: Review | null }>;
  /** Deletes the author's review of the item (its votes and reports too). Returns it, or null. */
  deleteReview(item: ItemKey, authorId: string): Promise<Review | null>;
  /**
   * The author's name became known (a later launch carried it): every review of theirs in the course
   * takes it. Reviews already showing exactly that name are left alone; returns how many changed, and
   * the course's generation moves only when one did (learners' shared pages show author names).
   */
  renameAuthor(course: ContextKey, author: ReviewAuthor): Promise<number>;
}

/** What other learners add: helpful votes and reports, one per person and review. */
export interface ReviewVotesAndReports {
  /** Records (on=true) or withdraws a helpful vote; idempotent. Returns the new helpful count. */
  setHelpful(course: ContextKey, reviewId: string, voterId: string, on: boolean): Promise<number>;
  /** Review ids among `reviewIds` the voter marked helpful (for rendering a page). */
  helpfulVotesBy(course: ContextKey, voterId: string, reviewIds: readonly string[]): Promise<Set<string>>;
  /** One report per reporter and review; a second report by the same person is ignored (returns false). */
  report(course: ContextKey, reviewId: string, reporterId: string, reason: ReportReason, at: Date): Promise<boolean>;
  /** Review ids among `reviewIds` the person has reported. */
  reportsBy(course: ContextKey, reporterId: string, reviewIds: readonly string[]): Promise<Set<string>>;
  /** Reports of one review, for the moderation queue. */
  reportsOf(course: ContextKey, reviewId: string): Promise<Array<{ reason: ReportReason; at: Date }>>;
}

/** What instructors decide: hiding, restoring and approving, with the queue and the hidden list. */
export interface ReviewModeration {
  /**
   * Moderation: set a review's status (hide, restore = publish, approve = publish), clear its open
   * reports when it is published, and append the audit entry, all in one transaction.
   */
  moderate(course: ContextKey, reviewId: string, change: { status: ReviewStatus; hiddenReason?: string }, audit: AuditInput): Promise<Review | null>;
  /** Held reviews, reviews with open reports and hidden reviews awaiting a decision, oldest first, across the course's items. */
  moderationQueue(course: ContextKey, page: PageRequest): Promise<Page<Review>>;
  countModerationQueue(course: ContextKey): Promise<number>;
  /**
   * Hidden reviews of the course's items, reported or not, newest first, optionally of one overall
   * rating: where staff find a hidden review to restore it (see shared/hidden-reviews.ts).
   */
  listHidden(course: ContextKey, query: HiddenReviewQuery): Promise<Page<Review>>;
}

/** Every review of a course at once, for the CSV export. */
export interface ReviewExport {
  /** Every review of the course (all statuses), oldest first, for export. */
  allReviews(course: ContextKey): AsyncIterable<Review>;
}

/**
 * The reviews port, in the parts above so a reader sees what each does; each adapter implements the
 * whole (sqlite/review-store.ts, mongo/review-store.ts).
 */
export type ReviewStore = ReviewReads & ReviewWrites & ReviewVotesAndReports & ReviewModeration & ReviewExport;
