/**
 * The consumer-group panel under /s/:sid/consumer-group. Every route reads its state from the
 * session (never tenancy from the request), and each area keeps its routes in its own file:
 * parse → check → act → present; writes answer with a 303 redirect so a reload never posts twice.
 */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import type { PanelDeps } from '../panel-deps';
import { consultationRoutes } from './consultation-routes';
import { homeRoutes } from './home-routes';
import { ideaRoutes } from './idea-routes';
import { moderationRoutes } from './moderation-routes';
import { renderPanel } from './page';
import { panelState } from './panel-state';
import { resultsRoutes } from './results-routes';

export function consumerGroupRoutes(deps: PanelDeps): express.Router {
  const panel = express.Router();
  panel.use(
    asyncHandler(async (req, res, next) => {
      // Every page view is a visit ("since your last visit"); the similar-ideas lookups while typing are not.
      const state = await panelState(deps, res, { recordVisit: req.method === 'GET' && req.path !== '/similar' });
      // Learners of a course that switched the panel off get a page saying so; instructors still see it, with a note.
      if (!state.settings.consumerGroupEnabled && !state.staff) return renderPanel(res, state, 'disabled', {}, 403);
      res.locals.consumerGroup = state;
      next();
    }),
  );
  panel.use(homeRoutes(deps), consultationRoutes(deps), resultsRoutes(deps), ideaRoutes(deps), moderationRoutes(deps));
  const router = express.Router();
  router.use('/consumer-group', panel);
  return router;
}
