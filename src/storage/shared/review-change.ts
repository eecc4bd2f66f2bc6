/**
 * What each review write changes, decided once for every adapter. A write of a review (a save, a
 * deletion, a moderator's decision, a report, a response) changes more than its record: the item's
 * summary, the per-version figures, the needs-attention flag, the moderation queue, sometimes the
 * audit log, and the course's generation (the shared pages). The functions here compute all of that
 * from the stored state and the request, as plain values; an adapter reads the stored state in its
 * transaction, calls one of them, and executes the plan it returns in the same transaction. Nothing
 * here knows a driver, so the rules are tested alone (test/unit/review-change.test.ts).
 *
 * Edits never undo a moderator's decision: a review that staff hid stays hidden (with the
 * moderator's reason), goes back to the moderation queue for a new decision, and the edit is written
 * to the audit log. The summary follows from the status: a held or hidden review counts nowhere.
 */
import type { AspectId } from '../ports/course-settings';
import type { AuditInput } from '../ports/audit';
import type { HoldReason, Rating, ReviewStatus, ReviewWrite } from '../ports/reviews';
import { courseOf } from './audit-record';
import { listeningChange, type ListeningFact, type ListeningMonthDelta } from './listening-months';
import { needsAttention, ratingsAfterSave, versionChange, versionOf, type VersionRatings } from './review-loop';
import type { StatsDelta } from './review-summary';
import { contributionOf, isEmptyChange, summaryChange, type SummaryChange } from './review-summary';

/** A stored review as the plans read it, whatever the adapter keeps it in (dates in epoch ms). */
export interface StoredReview {
  readonly id: string;
  readonly status: ReviewStatus;
  readonly rating: Rating;
  readonly aspects: Readonly<Partial<Record<AspectId, Rating>>>;
  readonly ratedAt: number;
  /** When the review was first posted: never changed by an edit (the month of the listening figures). */
  readonly createdAt: number;
  readonly previousRating: Rating | null;
  readonly reportCount: number;
  readonly responseAt: number | null;
  readonly hiddenReason: string | null;
  readonly awaitingDecision: boolean;
  /** The author's last rating in each version the review was rated in. */
  readonly versionRatings: VersionRatings;
}

/** What the plans that leave the ratings alone need (reports, responses): no per-version read. */
export type ReviewFacts = Omit<StoredReview, 'versionRatings'>;

/** The review's own fields a write sets besides its text (the adapters write them as they are). */
export interface ReviewState {
  readonly status: ReviewStatus;
  readonly ratedAt: number;
  readonly previousRating: Rating | null;
  readonly reportCount: number;
  readonly hiddenReason: string | null;
  readonly awaitingDecision: boolean;
  /** The needs-attention list (shared/review-loop.ts needsAttention). */
  readonly needsAttention: boolean;
  /** The moderation queue: held, reported, or edited while hidden. */
  readonly queued: boolean;
}

/** Everything one write changes, to execute in its transaction. */
export interface ReviewChange {
  /** The review's derived fields after the write; null when it is deleted. */
  readonly review: ReviewState | null;
  /** The automatic checks' findings on the saved text (saves only). */
  readonly holdReasons?: readonly HoldReason[];
  /** A rating to record in the review's per-version history (a new review or a new rating). */
  readonly versionRating: { readonly versionId: string; readonly rating: Rating; readonly at: number } | null;
  /** The change to the item's summary; null when nothing counted moves. */
  readonly summary: SummaryChange | null;
  /** The change to the item's per-version figures (empty when nothing moves). */
  readonly versions: ReadonlyMap<string, StatsDelta>;
  /** The changes to the course's monthly response figures (shared/listening-months.ts); empty when none move. */
  readonly listening: readonly ListeningMonthDelta[];
  /** The audit entry to append, if any. */
  readonly audit: AuditInput | null;
  /** A moderator published the review: its open reports are cleared at this time (epoch ms). */
  readonly clearReportsAt: number | null;
  /**
   * Whether learners may see something new, so the course's generation moves (the SQLite adapter's
   * triggers do it from the rows; the MongoDB adapter bumps explicitly when this is true).
   */
  readonly bumpsGeneration: boolean;
}

/** The change of a write that keeps the review (every one but a deletion). */
export type KeptReviewChange = ReviewChange & { readonly review: ReviewState };

/** Whether a review belongs in the moderation queue. */
export function isQueued(status: ReviewStatus, reportCount: number, awaitingDecision: boolean): boolean {
  return status === 'held' || reportCount > 0 || awaitingDecision;
}

function stateOf(fields: Omit<ReviewState, 'needsAttention' | 'queued'>, responseAt: number | null, rating: Rating): ReviewState {
  return {
    ...fields,
    needsAttention: needsAttention({ ...fields, rating, responseAt }),
    queued: isQueued(fields.status, fields.reportCount, fields.awaitingDecision),
  };
}

const counted = (status: ReviewStatus, rating: Rating, ratedAt: number, aspects: StoredReview['aspects']) =>
  contributionOf({ status, rating, ratedAt, aspects });

const orNull = (change: SummaryChange): SummaryChange | null => (isEmptyChange(change) ? null : change);

/** A learner saves their review of an item: a first review (`existing` null) or an edit. */
export function planSave(existing: StoredReview | null, input: ReviewWrite, now: Date): KeptReviewChange {
  const at = now.getTime();
  const versionId = versionOf(input);
  if (!existing) {
    const review = stateOf(
      { status: input.status, ratedAt: at, previousRating: null, reportCount: 0, hiddenReason: null, awaitingDecision: false },
      null,
      input.rating,
    );
    return {
      review,
      holdReasons: input.holdReasons,
      versionRating: { versionId, rating: input.rating, at },
      summary: orNull(summaryChange(null, counted(review.status, input.rating, at, input.aspects), 1)),
      versions: versionChange(null, { status: review.status, ratings: new Map([[versionId, input.rating]]) }),
      listening: listeningChange(null, { status: review.status, createdAt: at, responseAt: null }),
      audit: null,
      clearReportsAt: null,
      bumpsGeneration: true,
    };
  }
  const hidden = existing.status === 'hidden';
  // The monthly bucket and the version history follow the last change of the rating, not of the text.
  const rerated = input.rating !== existing.rating;
  const review = stateOf(
    {
      status: hidden ? 'hidden' : input.status,
      ratedAt: rerated ? at : existing.ratedAt,
      previousRating: rerated ? existing.rating : existing.previousRating,
      reportCount: existing.reportCount,
      // A hide reason belongs to the hidden state only.
      hiddenReason: hidden ? existing.hiddenReason : null,
      // The author changed a hidden review: it waits in the moderation queue for a new decision.
      awaitingDecision: hidden,
    },
    existing.responseAt,
    input.rating,
  );
  const ratings = ratingsAfterSave(existing.versionRatings, existing.rating, input.rating, versionId);
  return {
    review,
    // The automatic checks of the new text still run on a hidden review: the moderator sees what they found.
    holdReasons: input.holdReasons,
    versionRating: rerated ? { versionId, rating: input.rating, at } : null,
    summary: orNull(
      summaryChange(
        counted(existing.status, existing.rating, existing.ratedAt, existing.aspects),
        counted(review.status, input.rating, review.ratedAt, input.aspects),
        0,
      ),
    ),
    versions: versionChange({ status: existing.status, ratings: existing.versionRatings }, { status: review.status, ratings }),
    listening: listeningChange(existing, { ...existing, status: review.status }),
    audit: hidden
      ? {
          course: courseOf(input.item),
          at: now,
          actor: { id: input.author.id, name: input.author.name, role: 'learner' },
          action: 'review.edit-hidden',
          subject: { type: 'review', id: existing.id },
        }
      : null,
    clearReportsAt: null,
    bumpsGeneration: true,
  };
}

/** The author deletes their review: it leaves every figure it counted in (votes and reports go with it). */
export function planDelete(existing: StoredReview): ReviewChange {
  return {
    review: null,
    versionRating: null,
    summary: orNull(summaryChange(counted(existing.status, existing.rating, existing.ratedAt, existing.aspects), null, -1)),
    versions: versionChange({ status: existing.status, ratings: existing.versionRatings }, null),
    listening: listeningChange(existing, null),
    audit: null,
    clearReportsAt: null,
    bumpsGeneration: true,
  };
}

/**
 * A moderator publishes, holds or hides a review. Any decision answers an edit made while hidden;
 * publishing clears the open reports; a hide reason belongs to the hidden state only.
 */
export function planModeration(existing: StoredReview, status: ReviewStatus, hiddenReason: string | null, audit: AuditInput): KeptReviewChange {
  const published = status === 'published';
  const review = stateOf(
    {
      ...fieldsOf(existing),
      status,
      reportCount: published ? 0 : existing.reportCount,
      hiddenReason: status === 'hidden' ? hiddenReason : null,
      awaitingDecision: false,
    },
    existing.responseAt,
    existing.rating,
  );
  const ratings = existing.versionRatings;
  return {
    review,
    versionRating: null,
    summary: orNull(
      summaryChange(
        counted(existing.status, existing.rating, existing.ratedAt, existing.aspects),
        counted(status, existing.rating, existing.ratedAt, existing.aspects),
        0,
      ),
    ),
    versions: versionChange({ status: existing.status, ratings }, { status, ratings }),
    listening: listeningChange(existing, { ...existing, status }),
    audit,
    clearReportsAt: published ? audit.at.getTime() : null,
    bumpsGeneration: true,
  };
}

/** The stored review's state fields, as the base of a write that changes some of them. */
const fieldsOf = (r: ReviewFacts) => ({
  status: r.status,
  ratedAt: r.ratedAt,
  previousRating: r.previousRating,
  reportCount: r.reportCount,
  hiddenReason: r.hiddenReason,
  awaitingDecision: r.awaitingDecision,
});

/** A write that moves no rating figure: the review's flags and queue follow (the page shows them), and the listening figures when given. */
const flagsOnly = (review: ReviewState, listening: readonly ListeningMonthDelta[] = []): KeptReviewChange => ({
  review,
  versionRating: null,
  summary: null,
  versions: new Map(),
  listening,
  audit: null,
  clearReportsAt: null,
  bumpsGeneration: true,
});

/** The review's open reports changed (one filed, or withdrawn by an erasure): `openReports` is their new count. */
export function planReport(existing: ReviewFacts, openReports: number): KeptReviewChange {
  return flagsOnly(stateOf({ ...fieldsOf(existing), reportCount: openReports }, existing.responseAt, existing.rating));
}

/**
 * Staff respond to a review (or withdraw the response: `responseAt` null): the needs-attention flag
 * follows, and the listening figures when the review gains its first response or loses it (an edited
 * response keeps the first one's date, so the caller passes that date and nothing moves).
 */
export function planResponse(existing: ReviewFacts, responseAt: number | null): KeptReviewChange {
  const after: ListeningFact = { ...existing, responseAt };
  return flagsOnly(stateOf(fieldsOf(existing), responseAt, existing.rating), listeningChange(existing, after));
}
