/**
 * The contributions panel under /s/:sid/contributions (issue 16). Every route reads tenancy from the
 * session; learners of a course that has not switched the panel on get a page saying so
 * (instructors always see it). Staff routes come first so /moderation is not read as an id.
 * Writes answer with a 303 redirect, so a reload never posts twice.
 */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import type { PanelDeps } from '../panel-deps';
import { authorRoutes } from './author-routes';
import { downloadRoutes } from './download-routes';
import { learnerRoutes } from './learner-routes';
import { contribState, renderContrib } from './panel-state';
import { staffRoutes } from './staff-routes';

export function contributionsRoutes(deps: PanelDeps): express.Router {
  const panel = express.Router();
  panel.use(
    asyncHandler(async (_req, res, next) => {
      const state = await contribState(deps, res);
      if (!state.settings.contributionsEnabled && !state.staff) return renderContrib(res, state, 'disabled', {}, 403);
      res.locals.contributions = state;
      next();
    }),
  );
  panel.use(staffRoutes(deps), downloadRoutes(deps), authorRoutes(deps), learnerRoutes(deps));
  const router = express.Router();
  router.use('/contributions', panel);
  return router;
}
