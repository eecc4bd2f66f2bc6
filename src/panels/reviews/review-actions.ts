/**
 * What learners do with reviews besides writing their own: delete it, mark others helpful, report.
 * Review ids come from the browser, so every lookup is scoped to the session's course.
 */
import type { LaunchContext } from '../../context/launch-context';
import { AppError } from '../../http/errors';
import { translate } from '../../i18n/translate';
import { REPORT_REASONS, type ReportReason, type Review } from '../../storage/ports/reviews';
import type { PanelDeps } from '../panel-deps';
import { reviewedItem } from './review-item';

export async function deleteOwnReview(deps: PanelDeps, context: LaunchContext): Promise<void> {
  const deleted = await deps.storage.reviews.deleteReview(reviewedItem(context), context.userId);
  if (!deleted) throw new AppError('NOT_FOUND', { reason: 'no review to delete' });
}

/** Helpful votes: once per person, undoable, never on one's own review, only on published ones. */
export async function markHelpful(deps: PanelDeps, context: LaunchContext, reviewId: string, on: boolean): Promise<number> {
  const review = await visibleReview(deps, context, reviewId);
  if (review.author.id === context.userId) throw new AppError('REVIEW_OWN_VOTE', { reviewId });
  return deps.storage.reviews.setHelpful(context.link, review.id, context.userId, on);
}

export async function reportReview(deps: PanelDeps, context: LaunchContext, reviewId: string, rawReason: unknown): Promise<boolean> {
  const reason = REPORT_REASONS.find((r) => r === rawReason) as ReportReason | undefined;
  if (!reason) throw new AppError('INVALID_INPUT', { rawReason }, { problem: translate(context.locale, 'reviews.report.chooseReason') });
  const review = await visibleReview(deps, context, reviewId);
  return deps.storage.reviews.report(context.link, review.id, context.userId, reason, deps.now());
}

/** A published review of the item this session reviews; anything else is "not found" (no leak). */
async function visibleReview(deps: PanelDeps, context: LaunchContext, reviewId: string): Promise<Review> {
  const review = typeof reviewId === 'string' && reviewId.length <= 64 ? await deps.storage.reviews.findReview(context.link, reviewId) : null;
  const item = reviewedItem(context);
  if (!review || review.status !== 'published' || review.item.itemId !== item.itemId) throw new AppError('NOT_FOUND', { reviewId });
  return review;
}
