/**
 * Instructors hide, restore and approve reviews, always with a reason that goes to the course's
 * audit log in the same transaction as the change.
 */
import type { LaunchContext } from '../../context/launch-context';
import { AppError } from '../../http/errors';
import { translate } from '../../i18n/translate';
import type { Review, ReviewStatus } from '../../storage/ports/reviews';
import type { PanelDeps } from '../panel-deps';
import { normaliseText } from './review-rules';

export const MODERATION_ACTIONS = { hide: 'hidden', restore: 'published', approve: 'published' } as const satisfies Record<string, ReviewStatus>;
export type ModerationAction = keyof typeof MODERATION_ACTIONS;
const REASON_LIMIT = 500;

export async function moderateReview(deps: PanelDeps, context: LaunchContext, reviewId: string, body: Record<string, unknown>): Promise<Review> {
  if (context.role !== 'instructor') throw new AppError('FORBIDDEN_ROLE', { reviewId });
  const action = Object.keys(MODERATION_ACTIONS).find((a) => a === body.action) as ModerationAction | undefined;
  if (!action) throw new AppError('INVALID_INPUT', { action: body.action }, { problem: translate(context.locale, 'settings.invalid.choice') });
  const reason = typeof body.reason === 'string' ? normaliseText(body.reason) : '';
  if (!reason) throw new AppError('MODERATION_REASON_REQUIRED', { reviewId, action });
  if (reason.length > REASON_LIMIT) throw new AppError('INVALID_INPUT', { length: reason.length }, { problem: translate(context.locale, 'reviews.form.tooLong', { limit: REASON_LIMIT }) });
  const status = MODERATION_ACTIONS[action];
  const updated = await deps.storage.reviews.moderate(
    context.link,
    reviewId,
    { status, hiddenReason: status === 'hidden' ? reason : undefined },
    {
      course: context.link,
      at: deps.now(),
      actor: { id: context.userId, name: context.userName ?? '', role: context.role },
      action: `review.${action}`,
      subject: { type: 'review', id: reviewId },
      reason,
    },
  );
  if (!updated) throw new AppError('NOT_FOUND', { reviewId });
  return updated;
}
