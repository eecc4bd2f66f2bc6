/**
 * What saving a review changes besides its text, decided once for every adapter. A learner may
 * edit their review at any time, but an edit must not undo a moderator's decision: a review that
 * staff hid stays hidden (with the moderator's reason), goes back to the moderation queue for a new
 * decision, and the edit is written to the audit log. Each adapter executes this plan in the
 * transaction of the save; the summary follows from the status (a hidden review counts nowhere).
 */
import type { AuditInput } from '../ports/audit';
import type { HoldReason, Review, ReviewStatus, ReviewWrite } from '../ports/reviews';
import { courseOf } from './audit-record';

export interface ReviewSavePlan {
  readonly status: ReviewStatus;
  readonly holdReasons: readonly HoldReason[];
  /** Kept only while the review stays hidden. */
  readonly hiddenReason?: string;
  /** The author changed a hidden review: it waits in the moderation queue for a new decision. */
  readonly awaitingDecision: boolean;
  /** The audit entry to append in the same transaction, if any. */
  readonly audit: AuditInput | null;
}

export type SavedState = Pick<Review, 'id' | 'status' | 'hiddenReason'>;

export function planReviewSave(existing: SavedState | null, input: ReviewWrite, now: Date): ReviewSavePlan {
  if (existing?.status !== 'hidden') {
    return { status: input.status, holdReasons: input.holdReasons, awaitingDecision: false, audit: null };
  }
  return {
    status: 'hidden',
    // The automatic checks of the new text still run: the moderator sees what they found.
    holdReasons: input.holdReasons,
    ...(existing.hiddenReason === undefined ? {} : { hiddenReason: existing.hiddenReason }),
    awaitingDecision: true,
    audit: {
      course: courseOf(input.item),
      at: now,
      actor: { id: input.author.id, name: input.author.name, role: 'learner' },
      action: 'review.edit-hidden',
      subject: { type: 'review', id: existing.id },
    },
  };
}
