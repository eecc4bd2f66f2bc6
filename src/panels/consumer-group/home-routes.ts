/** The front page, training needs, and the similar-ideas lookup the proposal forms call while typing. */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import type { PanelDeps } from '../panel-deps';
import { consultationFor } from './access';
import { parseListQuery } from './consultation-page';
import { stateOf } from './panel-state';
import { echoValues } from './form-input';
import { homePage } from './home-page';
import { needsPage } from './needs-page';
import { flashText, renderPanel } from './page';
import { proposeIdea, SIMILAR_LIMIT } from './propose-idea';
import { similarView } from './similar-view';

const TITLE_PROBE_LIMIT = 120;

export function homeRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();

  router.get('/', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    renderPanel(res, state, 'home', { ...(await homePage(deps, state, cursor)), flash: flashText(state, req.query.done) });
  }));

  router.get('/needs', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    renderPanel(res, state, 'needs', { ...(await needsPage(deps, state, parseListQuery(req.query))), flash: flashText(state, req.query.done) });
  }));

  router.post('/needs', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const body = req.body ?? {};
    const result = await proposeIdea(deps, state, null, body);
    if (result.outcome === 'invalid')
      return renderPanel(res, state, 'needs', await needsPage(deps, state, parseListQuery({}), { values: echoValues(body), problems: result.problems }), 400);
    if (result.outcome === 'similar')
      return renderPanel(res, state, 'confirm', { kind: 'need', action: `${state.base}/needs`, values: echoValues(body), similar: result.similar.map((i) => similarView(i, state)), back: `${state.base}/needs` });
    res.redirect(303, `${state.base}/ideas/${result.idea.id}?done=proposed`);
  }));

  /** JSON for the progressive-enhancement script: ideas (or needs) whose words match the title being typed. */
  router.get('/similar', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const title = typeof req.query.title === 'string' ? req.query.title.slice(0, TITLE_PROBE_LIMIT) : '';
    const consultationId = typeof req.query.consultation === 'string' ? req.query.consultation : undefined;
    const consultation = consultationId === undefined ? null : await consultationFor(deps, state, consultationId);
    const similar = title.trim()
      ? await deps.storage.consultations.similarIdeas(state.course, { kind: consultation ? 'idea' : 'need', consultationId: consultation?.id, text: title, language: state.context.locale, limit: SIMILAR_LIMIT })
      : [];
    res.json({ ideas: similar.map((i) => similarView(i, state)) });
  }));

  return router;
}
