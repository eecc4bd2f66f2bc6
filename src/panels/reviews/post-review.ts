/**
 * A learner rates and reviews what they took: check they may, read the form, decide whether it
 * waits for moderation, and save it (the store keeps the summary exact in the same transaction).
 */
import { formatDate, formatDay } from '../../i18n/format';
import type { LaunchContext } from '../../context/launch-context';
import { AppError } from '../../http/errors';
import type { CourseSettings } from '../../storage/ports/course-settings';
import type { HoldReason, Review } from '../../storage/ports/reviews';
import type { PanelDeps } from '../panel-deps';
import { holdReasonsFor } from './content-policy';
import { reviewedItem } from './review-item';
import { parseReviewInput, reviewWindowFor, type InputProblem } from './review-rules';
import { creditFeedback } from './loop/feedback-credit';
import { currentVersionId } from './loop/loop-rules';

export type PostReviewResult = { ok: true; review: Review } | { ok: false; problems: InputProblem[] };

export async function postReview(deps: PanelDeps, context: LaunchContext, settings: CourseSettings, body: Record<string, unknown>): Promise<PostReviewResult> {
  await checkMayReview(deps, context, settings);
  const { input, problems } = parseReviewInput(body, settings.aspects);
  if (!input) return { ok: false, problems };
  const holdReasons = holdFor(settings, [input.title, input.liked, input.improve], context.locale);
  const member = await deps.storage.members.findMember(context.link, context.userId);
  const versions = await deps.storage.courseVersions.listVersions(context.link);
  const { review, previous } = await deps.storage.reviews.saveReview(
    {
      item: reviewedItem(context),
      author: { id: context.userId, name: context.userName ?? '', givenName: context.givenName, familyName: context.familyName },
      ...input,
      status: holdReasons.length ? 'held' : 'published',
      holdReasons,
      // "Took this course": the author launched this course as a learner (our launch records, not the form).
      verified: Boolean(member?.firstLearnerLaunchAt),
      // New ratings count in the current course version; earlier versions keep the earlier rating.
      versionId: currentVersionId(versions, deps.now()),
    },
    deps.now(),
  );
  deps.nudgeAlerts?.(context.link);
  // Credit for posting, never for the rating given; the review is saved whatever the gradebook answers.
  if (!previous) await creditFeedback(deps, context, settings);
  return { ok: true, review };
}

export async function checkMayReview(deps: PanelDeps, context: LaunchContext, settings: CourseSettings): Promise<void> {
  if (!settings.reviewsEnabled) throw new AppError('PANEL_DISABLED', { panel: 'reviews' });
  if (context.role !== 'learner') throw new AppError('REVIEW_LEARNERS_ONLY', { role: context.role });
  const member = await deps.storage.members.findMember(context.link, context.userId);
  const window = reviewWindowFor(settings, member, deps.now());
  if (!window.open) {
    const when = window.reason === 'not-before-date' ? formatDay(window.date, context.locale) : formatDate(window.opensAt, context.locale);
    throw new AppError('REVIEW_WINDOW_CLOSED', { window }, { date: when });
  }
}

function holdFor(settings: CourseSettings, texts: string[], locale: 'en' | 'fr'): HoldReason[] {
  const found: HoldReason[] = holdReasonsFor(texts, locale);
  if (settings.moderation === 'hold') found.unshift('moderation');
  return found;
}

