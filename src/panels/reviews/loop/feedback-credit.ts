/**
 * Optional grade credit for giving feedback. Posting a review queues a full score in the grade
 * outbox and nudges the process's worker (launch/grade-outbox-worker.ts), which sends it: the review
 * is saved and the learner answered whatever the platform does, and a platform that refuses or is
 * down only delays the credit. Nothing here talks to the platform.
 */
import type { LaunchContext } from '../../../context/launch-context';
import type { GradeTarget } from '../../../storage/ports/grade-outbox';
import type { CourseSettings } from '../../../storage/ports/course-settings';
import type { PanelDeps } from '../../panel-deps';

/** Whether this launch can offer the option (the settings page hides it otherwise). */
export function creditAvailable(deps: PanelDeps, context: LaunchContext): boolean {
  return deps.gradebook.targetOf(context) !== null;
}

export async function creditFeedback(deps: PanelDeps, context: LaunchContext, settings: CourseSettings): Promise<void> {
  if (!settings.feedbackCredit || context.role !== 'learner') return;
  const target = deps.gradebook.targetOf(context);
  if (!target) return;
  await queueScores(deps, context, target, [context.userId]);
}

/**
 * Credit for reviews posted while the option was off, when the instructor who switches it on asks
 * for it. Every author with a review of the course (any status: the credit is for posting) gets a
 * score in the outbox, so a platform that refuses or is down delays these credits like any other.
 * Returns how many learners were credited.
 */
export async function creditExistingReviewers(deps: PanelDeps, context: LaunchContext): Promise<number> {
  const target = deps.gradebook.targetOf(context);
  if (!target) return 0;
  const authors = new Set<string>();
  for await (const review of deps.storage.reviews.allReviews(context.link)) authors.add(review.author.id);
  if (authors.size === 0) return 0;
  await queueScores(deps, context, target, [...authors]);
  return authors.size;
}

/** Due at once; the column, should the worker create it, is named in the language of this launch. */
async function queueScores(deps: PanelDeps, context: LaunchContext, target: GradeTarget, userIds: readonly string[]): Promise<void> {
  const now = deps.now();
  for (const userId of userIds) {
    await deps.storage.gradeOutbox.enqueueScore({ course: context.link, userId, reason: 'review', target, locale: context.locale, createdAt: now, nextAttemptAt: now });
  }
  deps.nudgeGradeOutbox?.();
}
