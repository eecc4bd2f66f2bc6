/**
 * Instructor routes of closing the loop (under /s/:sid), role checked on the server. Writes answer
 * with a 303 redirect.
 */
import express from 'express';
import { asyncHandler } from '../../../http/async-handler';
import { renderPage } from '../../../http/render';
import { requireInstructor, sessionOf } from '../../../http/session-loader';
import type { PanelDeps } from '../../panel-deps';
import { courseSettings } from '../../settings/settings-defaults';
import { recordAction, respondToReview, startVersion, updateAction } from './loop-commands';
import { loadLoopPage, typedValues, type LoopFormState } from './loop-page';
import { flashFrom } from '../flash';
import { answerInvite } from './review-invite';

export function loopRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();

  router.get(
    '/reviews/loop',
    requireInstructor,
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const settings = await courseSettings(deps.storage.settings, session.context.link);
      const model = await loadLoopPage(deps, session, settings, req.query);
      renderPage(res, 'reviews/loop', session.context.locale, { ...model, flash: flashFrom(req.query.done, session.context.locale) });
    }),
  );

  /** A refused form: the loop page again (422), the problems beside their fields and what was typed kept. */
  const refused = async (res: express.Response, body: unknown, form: Omit<LoopFormState, 'values'>, query: Record<string, unknown> = {}) => {
    const session = sessionOf(res);
    const settings = await courseSettings(deps.storage.settings, session.context.link);
    const model = await loadLoopPage(deps, session, settings, query, { ...form, values: typedValues(body) });
    renderPage(res, 'reviews/loop', session.context.locale, { ...model, flash: undefined }, 422);
  };

  router.post(
    '/reviews/:id/respond',
    requireInstructor,
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const result = await respondToReview(deps, session.context, req.params.id, req.body ?? {});
      // Refused: the review comes back on the loop page with its response form open and the text kept.
      if (!result.ok) return refused(res, req.body, { target: `respond-${req.params.id}`, problems: result.problems }, { review: req.params.id });
      res.redirect(303, backTo(session.id, req.body?.back, result.value, `#review-${req.params.id}`));
    }),
  );

  router.post(
    '/reviews/invite',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const choice = await answerInvite(deps, session.context, req.body?.choice);
      res.redirect(303, `/s/${session.id}/reviews?done=${choice === 'never' ? 'inviteDismissed' : 'invitePostponed'}`);
    }),
  );

  router.post(
    '/reviews/actions',
    requireInstructor,
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const result = await recordAction(deps, session.context, req.body ?? {});
      if (!result.ok) return refused(res, req.body, { target: 'new-action', problems: result.problems });
      res.redirect(303, `/s/${session.id}/reviews/loop?done=actionCreated#action-${result.value.id}`);
    }),
  );

  router.post(
    '/reviews/actions/:actionId',
    requireInstructor,
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const result = await updateAction(deps, session.context, req.params.actionId, req.body ?? {});
      if (!result.ok) return refused(res, req.body, { target: `action-${req.params.actionId}`, problems: result.problems });
      res.redirect(303, `/s/${session.id}/reviews/loop?done=actionUpdated#action-${result.value.id}`);
    }),
  );

  router.post(
    '/reviews/versions',
    requireInstructor,
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const result = await startVersion(deps, session.context, req.body ?? {});
      if (!result.ok) return refused(res, req.body, { target: 'version', problems: result.problems });
      res.redirect(303, `/s/${session.id}/reviews/loop?done=versionCreated#versions`);
    }),
  );

  return router;
}

/** Back to the page the instructor responded from (same session's reviews pages only). */
function backTo(sessionId: string, back: unknown, done: string, anchor: string): string {
  const base = `/s/${sessionId}/reviews`;
  let target = `${base}/loop`;
  if (typeof back === 'string' && back.startsWith(base) && !back.includes('//') && back.length < 600) target = back.split('#')[0];
  target = target.replace(/([?&])done=[^&]*&?/, '$1').replace(/[?&]$/, '');
  return `${target}${target.includes('?') ? '&' : '?'}done=${done}${anchor}`;
}
