/** One idea or need: its page, votes and comments. */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import type { PanelDeps } from '../panel-deps';
import { ideaFor } from './access';
import { castVote, postComment } from './idea-actions';
import { ideaPage } from './idea-page';
import { flashText, redirectTo, renderPanel } from './page';
import { stateOf } from './panel-state';

export function ideaRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();

  router.get('/ideas/:id', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const { idea, consultation } = await ideaFor(deps, state, req.params.id);
    renderPanel(res, state, 'idea', { ...(await ideaPage(deps, state, idea, consultation)), flash: flashText(state, req.query.done) });
  }));

  router.post('/ideas/:id/vote', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const on = req.body?.on !== '0';
    await castVote(deps, state, req.params.id, on);
    // Back to the list the vote came from (named, never a URL from the request), or to the idea.
    const { idea } = await ideaFor(deps, state, req.params.id);
    const list = idea.consultationId ? `/consultations/${idea.consultationId}` : '/needs';
    if (req.body?.back === 'list') return redirectTo(res, state, list, on ? 'voted' : 'unvoted', `#idea-${idea.id}`);
    redirectTo(res, state, `/ideas/${idea.id}`, on ? 'voted' : 'unvoted');
  }));

  router.post('/ideas/:id/comments', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const { idea } = await ideaFor(deps, state, req.params.id);
    const commentId = await postComment(deps, state, { type: 'idea', ideaId: idea.id }, req.body ?? {});
    redirectTo(res, state, `/ideas/${idea.id}`, 'commented', `#comment-${commentId}`);
  }));

  return router;
}
