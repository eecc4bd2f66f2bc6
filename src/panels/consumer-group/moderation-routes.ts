/** Instructor answers to ideas: status, merge, hide and restore (ideas and comments). */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import type { PanelDeps } from '../panel-deps';
import { changeStatus, mergeIdea, setCommentVisibility, setIdeaVisibility } from './moderate';
import { ideaFor } from './access';
import { echoValues } from './form-input';
import { ideaPage } from './idea-page';
import { redirectTo, renderPanel } from './page';
import { stateOf } from './panel-state';

export function moderationRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();

  router.post('/ideas/:id/status', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const result = await changeStatus(deps, state, req.params.id, req.body ?? {});
    if (result.ok) return redirectTo(res, state, `/ideas/${result.idea.id}`, 'status');
    // Refused: the same page again, the problems beside their fields and what was typed kept.
    const { consultation } = await ideaFor(deps, state, result.idea.id);
    const statusForm = { values: echoValues(req.body), problems: result.problems };
    renderPanel(res, state, 'idea', { ...(await ideaPage(deps, state, result.idea, consultation, statusForm)), flash: undefined }, 422);
  }));

  router.post('/ideas/:id/merge', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const target = await mergeIdea(deps, state, req.params.id, req.body ?? {});
    redirectTo(res, state, `/ideas/${target.id}`, 'merged');
  }));

  router.post('/ideas/:id/visibility', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const idea = await setIdeaVisibility(deps, state, req.params.id, req.body ?? {});
    redirectTo(res, state, `/ideas/${idea.id}`, idea.hidden ? 'hidden' : 'restored');
  }));

  router.post('/comments/:id/visibility', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const target = await setCommentVisibility(deps, state, req.params.id, req.body ?? {});
    const done = req.body?.action === 'hide' ? 'hidden' : 'restored';
    if (target.type === 'idea') return redirectTo(res, state, `/ideas/${target.ideaId}`, done, `#comment-${req.params.id}`);
    redirectTo(res, state, `/consultations/${target.consultationId}`, done, `#section-${target.sectionId}`);
  }));

  return router;
}
