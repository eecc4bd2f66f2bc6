import express from 'express';
import type { PanelId } from '../../context/launch-context';
import { asyncHandler } from '../../http/async-handler';
import { renderPage } from '../../http/render';
import { sessionOf } from '../../http/session-loader';
import type { PanelDeps } from '../panel-deps';
import { courseSettings } from '../settings/settings-defaults';
import { presentLaunchPage } from './launch-page-model';

/**
 * GET /s/:sid/: where a launch lands. The deep-linked panel if the link names one, otherwise the
 * first panel the course has switched on; the welcome page (course, activity, you, your role) when
 * a learner arrives in a course where every panel is off.
 */
export function launchPageRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  router.get(
    '/',
    asyncHandler(async (_req, res) => {
      const session = sessionOf(res);
      const context = session.context;
      // The catalogue is the platform's, not the course's: no course setting switches it off.
      if (context.panel === 'catalogue') return res.redirect(303, `/s/${session.id}/catalogue`);
      const settings = await courseSettings(deps.storage.settings, context.link);
      const staff = context.role === 'instructor';
      const enabled: PanelId[] = [];
      if (settings.reviewsEnabled || staff) enabled.push('reviews');
      if (settings.consumerGroupEnabled || staff) enabled.push('consumer-group');
      if (settings.contributionsEnabled || staff) enabled.push('contributions');
      const target = context.panel && enabled.includes(context.panel) ? context.panel : enabled[0];
      if (target) return res.redirect(303, `/s/${session.id}/${target}`);
      renderPage(res, 'launch/page', context.locale, { page: presentLaunchPage(context) });
    }),
  );
  return router;
}
