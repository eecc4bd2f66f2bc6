/**
 * The invitation to review: a gentle prompt on the panel (never a pop-up) once the course's review
 * window is open for a learner who has not reviewed yet, until they postpone it (a week) or dismiss
 * it for good.
 */
import type { LaunchContext } from '../../../context/launch-context';
import { AppError } from '../../../http/errors';
import { translate } from '../../../i18n/translate';
import type { InviteState } from '../../../storage/ports/review-invites';
import type { PanelDeps } from '../../panel-deps';
import type { WindowState } from '../review-rules';

export const POSTPONE_MS = 7 * 86_400_000;

export function showsInvite(input: { learner: boolean; hasReview: boolean; window: WindowState; state: InviteState | null; now: Date }): boolean {
  if (!input.learner || input.hasReview || !input.window.open) return false;
  if (input.state?.dismissed) return false;
  return !input.state?.postponedUntil || input.state.postponedUntil.getTime() <= input.now.getTime();
}

export async function answerInvite(deps: PanelDeps, context: LaunchContext, choice: unknown): Promise<'later' | 'never'> {
  if (context.role !== 'learner') throw new AppError('REVIEW_LEARNERS_ONLY', { role: context.role });
  if (choice !== 'later' && choice !== 'never') throw new AppError('INVALID_INPUT', { choice }, { problem: translate(context.locale, 'settings.invalid.choice') });
  const state: InviteState = choice === 'never' ? { dismissed: true } : { dismissed: false, postponedUntil: new Date(deps.now().getTime() + POSTPONE_MS) };
  await deps.storage.reviewInvites.setInviteState(context.link, context.userId, state);
  return choice;
}
