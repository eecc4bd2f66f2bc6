/**
 * Learner-facing routes of the reviews panel (under /s/:sid). Each route: parse → check → act →
 * present; writes answer with a redirect (303) so a reload never posts twice.
 */
import express, { type Response } from 'express';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { renderPage, sendHtml } from '../../http/render';
import { sessionOf } from '../../http/session-loader';
import type { CourseSettings } from '../../storage/ports/course-settings';
import type { PanelDeps } from '../panel-deps';
import { courseSettings } from '../settings/settings-defaults';
import { FLASHES, flashFrom } from './flash';
import { postReview } from './post-review';
import { deleteOwnReview, markHelpful, reportReview } from './review-actions';
import { reviewedItem } from './review-item';
import { average, visibilityFor } from './review-rules';
import { learnerPageCache, learnerReviewsPage } from './learner-page';
import { loadReviewsPage, parseListQuery } from './reviews-page';

export function reviewsRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  const learnerPages = learnerPageCache();

  router.get(
    '/reviews',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const query = parseListQuery(req.query);
      const flash = flashFrom(req.query.done, session.context.locale);
      const editing = req.query.edit === '1';
      const shared = await learnerReviewsPage(deps, learnerPages, session, query, flash, editing);
      if (shared) return sendHtml(res, shared);
      const { settings } = await panelState(deps, res);
      const model = await loadReviewsPage(deps, session, settings, query);
      renderPage(res, 'reviews/panel', session.context.locale, { ...model, flash, editing });
    }),
  );

  router.get(
    '/reviews/summary.json',
    asyncHandler(async (_req, res) => {
      const { session, settings } = await panelState(deps, res);
      const summary = await deps.storage.reviews.summary(reviewedItem(session.context), deps.now());
      const visibility = visibilityFor(settings, session.context.role === 'instructor', summary.overall.count);
      if (!visibility.summary) return res.json({ visible: false, minimum: settings.minRatings });
      res.json({
        visible: true,
        count: summary.overall.count,
        average: average(summary.overall),
        histogram: { 1: summary.overall.histogram[0], 2: summary.overall.histogram[1], 3: summary.overall.histogram[2], 4: summary.overall.histogram[3], 5: summary.overall.histogram[4] },
        last12Months: { count: summary.last12Months.count, average: average(summary.last12Months) },
        aspects: Object.fromEntries(settings.aspects.map((a) => [a, summary.aspects[a] ? { count: summary.aspects[a]!.count, average: average(summary.aspects[a]!) } : null])),
      });
    }),
  );

  router.post(
    '/reviews',
    asyncHandler(async (req, res) => {
      const { session, settings } = await panelState(deps, res);
      const result = await postReview(deps, session.context, settings, req.body ?? {});
      if (!result.ok) {
        const values = Object.fromEntries(Object.entries(req.body ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
        const model = await loadReviewsPage(deps, session, settings, parseListQuery({}), { values, problems: result.problems });
        return renderPage(res, 'reviews/panel', session.context.locale, { ...model, flash: undefined, formInvalid: true }, 400);
      }
      const done = result.review.status === 'held' ? 'held' : result.review.status === 'hidden' ? 'stillHidden' : 'posted';
      res.redirect(303, `/s/${session.id}/reviews?done=${done}#own-review`);
    }),
  );

  router.post(
    '/reviews/delete',
    asyncHandler(async (_req, res) => {
      const { session } = await panelState(deps, res);
      await deleteOwnReview(deps, session.context);
      res.redirect(303, `/s/${session.id}/reviews?done=deleted`);
    }),
  );

  router.post(
    '/reviews/:id/helpful',
    asyncHandler(async (req, res) => {
      const { session } = await panelState(deps, res);
      await markHelpful(deps, session.context, req.params.id, req.body?.on !== '0');
      res.redirect(303, backTo(session.id, req.body?.back, `#review-${req.params.id}`));
    }),
  );

  router.post(
    '/reviews/:id/report',
    asyncHandler(async (req, res) => {
      const { session } = await panelState(deps, res);
      await reportReview(deps, session.context, req.params.id, req.body?.reason);
      res.redirect(303, backTo(session.id, req.body?.back, `#review-${req.params.id}`, 'reported'));
    }),
  );

  return router;
}

/** The session and the course settings; learners get a clear page when the course turned reviews off. */
export async function panelState(deps: PanelDeps, res: Response): Promise<{ session: ReturnType<typeof sessionOf>; settings: CourseSettings }> {
  const session = sessionOf(res);
  const settings = await courseSettings(deps.storage.settings, session.context.link);
  if (!settings.reviewsEnabled && session.context.role !== 'instructor') throw new AppError('PANEL_DISABLED', { panel: 'reviews' });
  return { session, settings };
}

/** Where to go after a vote or report: the list page the person was on (same session only). */
function backTo(sessionId: string, back: unknown, anchor: string, done?: keyof typeof FLASHES): string {
  const base = `/s/${sessionId}/reviews`;
  let target = base;
  if (typeof back === 'string' && back.startsWith(base) && !back.includes('//') && back.length < 600) target = back.split('#')[0];
  if (done) target += (target.includes('?') ? '&' : '?') + `done=${done}`;
  return target + anchor;
}
