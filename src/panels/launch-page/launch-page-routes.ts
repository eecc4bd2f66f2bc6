import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import { renderPage } from '../../http/render';
import { sessionOf } from '../../http/session-loader';
import type { PanelDeps } from '../panel-deps';
import { landingPanel } from './landing-panel';
import { presentLaunchPage } from './launch-page-model';

/**
 * GET /s/:sid/: the session's start, the panel it lands on (landing-panel.ts), or the welcome page
 * (course, activity, you, your role) when a learner arrives in a course where every panel is off.
 */
export function launchPageRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  router.get(
    '/',
    asyncHandler(async (_req, res) => {
      const session = sessionOf(res);
      const target = await landingPanel(deps.storage, session.context);
      if (target) return res.redirect(303, `/s/${session.id}/${target}`);
      const context = session.context;
      renderPage(res, 'launch/page', context.locale, { page: presentLaunchPage(context) });
    }),
  );
  return router;
}
