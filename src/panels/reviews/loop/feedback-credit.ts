/**
 * Optional grade credit for giving feedback. Posting a review records a full score in the grade
 * outbox first, then tries to send it: the review is already saved, and a platform that refuses or
 * is down only delays the credit. Pending scores are retried on later requests of the same course
 * (see retryPendingScores), with a growing delay between attempts.
 *
 * Why on requests rather than a timer in main.ts: sending needs nothing but the stored target, but a
 * course whose learners and instructors come back is exactly where a missing credit matters, the
 * work stays bounded per request, and tests can drive it without waiting for a clock.
 */
import type { LaunchContext } from '../../../context/launch-context';
import type { ContextKey } from '../../../context/tenant';
import { translate } from '../../../i18n/translate';
import type { CourseSettings } from '../../../storage/ports/course-settings';
import type { PanelDeps } from '../../panel-deps';

const RETRY_BATCH = 5;
const MAX_DELAY_MS = 60 * 60_000;

/** Delay after the (attempts+1)th failure: none before the first retry (the next request), then 1, 2, 4… minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return attempts <= 0 ? 0 : Math.min(MAX_DELAY_MS, 60_000 * 2 ** (attempts - 1));
}

/** Whether this launch can offer the option (the settings page hides it otherwise). */
export function creditAvailable(deps: PanelDeps, context: LaunchContext): boolean {
  return deps.gradebook.targetOf(context) !== null;
}

export async function creditFeedback(deps: PanelDeps, context: LaunchContext, settings: CourseSettings): Promise<void> {
  if (!settings.feedbackCredit || context.role !== 'learner') return;
  const target = deps.gradebook.targetOf(context);
  if (!target) return;
  const now = deps.now();
  await deps.storage.gradeOutbox.enqueueScore({ course: context.link, userId: context.userId, reason: 'review', target, createdAt: now, nextAttemptAt: now });
  await sendDueScores(deps, context.link, context.locale);
}

const running = new Map<string, Promise<void>>();

/** Sends the course's due scores; one run per course at a time, so no score is sent twice at once. */
export function sendDueScores(deps: PanelDeps, course: ContextKey, locale: 'en' | 'fr'): Promise<void> {
  const key = JSON.stringify([course.issuer, course.clientId, course.deploymentId, course.contextId]);
  const current = running.get(key);
  if (current) return current;
  const run = (async () => {
    const due = await deps.storage.gradeOutbox.dueScores(course, deps.now(), RETRY_BATCH);
    for (const pending of due) {
      try {
        await deps.gradebook.sendFullCredit(course, pending.target, pending.userId, translate(locale, 'loop.credit.lineItem'));
        await deps.storage.gradeOutbox.removeScore(pending.id);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        deps.logger.warn({ err: message, userId: pending.userId, attempts: pending.attempts + 1, issuer: course.issuer }, 'grade score refused by the platform; will retry');
        await deps.storage.gradeOutbox.recordFailure(pending.id, message, new Date(deps.now().getTime() + retryDelayMs(pending.attempts)));
      }
    }
  })().finally(() => running.delete(key));
  running.set(key, run);
  return run;
}
