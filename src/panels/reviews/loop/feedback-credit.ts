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
  outboxState(deps).enqueued(courseKey(context.link));
  await sendDueScores(deps, context.link, context.locale);
}

/**
 * Credit for reviews posted while the option was off, when the instructor who switches it on asks
 * for it. Every author with a review of the course (any status: the credit is for posting) gets a
 * score in the outbox, so a platform that refuses or is down delays these credits like any other.
 * The first batch is sent now; the course's next requests send the rest (retryPendingScores).
 * Returns how many learners were credited.
 */
export async function creditExistingReviewers(deps: PanelDeps, context: LaunchContext): Promise<number> {
  const target = deps.gradebook.targetOf(context);
  if (!target) return 0;
  const authors = new Set<string>();
  for await (const review of deps.storage.reviews.allReviews(context.link)) authors.add(review.author.id);
  if (authors.size === 0) return 0;
  const now = deps.now();
  for (const userId of authors) await deps.storage.gradeOutbox.enqueueScore({ course: context.link, userId, reason: 'review', target, createdAt: now, nextAttemptAt: now });
  outboxState(deps).enqueued(courseKey(context.link));
  await sendDueScores(deps, context.link, context.locale);
  return authors.size;
}

/**
 * After a look at the outbox finds nothing due, the course's requests skip looking for this long.
 * The look was one query on every request of every course (~5% of a page view) for an outbox that
 * is empty nearly always. Scores this process enqueues end the quiet at once; another process's
 * failed scores are retried by that process's own requests, and by this one's within 10 s.
 */
const QUIET_MS = 10_000;

/** Per store (tests open many): until when each course is quiet, and a count of its enqueues. */
class OutboxState {
  private readonly quietUntil = new Map<string, number>();
  private readonly enqueues = new Map<string, number>();

  isQuiet(key: string, now: number): boolean {
    return (this.quietUntil.get(key) ?? 0) > now;
  }
  enqueueCount(key: string): number {
    return this.enqueues.get(key) ?? 0;
  }
  enqueued(key: string): void {
    this.quietUntil.delete(key);
    this.enqueues.set(key, this.enqueueCount(key) + 1);
  }
  /** Quiet only if nothing was enqueued since the look began (a score enqueued meanwhile may not have been seen). */
  lookedAndFoundNothing(key: string, now: number, enqueuesBefore: number): void {
    if (this.enqueueCount(key) !== enqueuesBefore) return;
    if (this.quietUntil.size >= 10_000) this.quietUntil.clear();
    this.quietUntil.set(key, now + QUIET_MS);
  }
  attempted(key: string): void {
    this.quietUntil.delete(key);
  }
}
const states = new WeakMap<PanelDeps['storage'], OutboxState>();

function outboxState(deps: PanelDeps): OutboxState {
  let state = states.get(deps.storage);
  if (!state) states.set(deps.storage, (state = new OutboxState()));
  return state;
}

const courseKey = (course: ContextKey): string => JSON.stringify([course.issuer, course.clientId, course.deploymentId, course.contextId]);

/** Called on every request of a course (loop-routes.ts gradeRetry): sends due scores unless the course's outbox was just seen empty. */
export async function retryPendingScores(deps: PanelDeps, course: ContextKey, locale: 'en' | 'fr'): Promise<void> {
  const key = courseKey(course);
  const state = outboxState(deps);
  const now = deps.now().getTime();
  if (state.isQuiet(key, now)) return;
  const before = state.enqueueCount(key);
  const attempted = await sendDueScores(deps, course, locale);
  if (attempted === 0) state.lookedAndFoundNothing(key, now, before);
  else state.attempted(key);
}

const running = new Map<string, Promise<number>>();

/** Sends the course's due scores (returns how many it tried); one run per course at a time, so no score is sent twice at once. */
export function sendDueScores(deps: PanelDeps, course: ContextKey, locale: 'en' | 'fr'): Promise<number> {
  const key = courseKey(course);
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
    return due.length;
  })().finally(() => running.delete(key));
  running.set(key, run);
  return run;
}
