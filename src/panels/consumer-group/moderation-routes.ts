/** Instructor answers to ideas: status, merge, hide and restore (ideas and comments). */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import type { PanelDeps } from '../panel-deps';
import { changeStatus, mergeIdea, setCommentVisibility, setIdeaVisibility } from './moderate';
import { redirectTo } from './page';
import { stateOf } from './panel-state';

export function moderationRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();

  router.post('/ideas/:id/status', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const idea = await changeStatus(deps, state, req.params.id, req.body ?? {});
    redirectTo(res, state, `/ideas/${idea.id}`, 'status');
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
