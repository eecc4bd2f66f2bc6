/**
 * All panel routes, mounted by app.ts under /s/:sid (session, CSRF and per-user write limits are
 * already applied there). Each panel owns its folder and exports one router factory.
 */
import express from 'express';
import type { Catalogue } from '../catalogue/catalogue-service';
import { AppError } from '../http/errors';
import { contextOf } from '../http/session-loader';
import { catalogueRoutes } from './catalogue/catalogue-routes';
import { externalSourceRoutes } from './catalogue/external-sources-routes';
import { consumerGroupRoutes } from './consumer-group/consumer-group-routes';
import { contributionsRoutes } from './contributions/contributions-routes';
import { launchPageRoutes } from './launch-page/launch-page-routes';
import { listeningRoutes } from './listening/listening-routes';
import type { PanelDeps } from './panel-deps';
import { moderationRoutes } from './reviews/moderation-routes';
import { hiddenReviewRoutes } from './reviews/hidden-routes';
import { loopRoutes } from './reviews/loop/loop-routes';
import { reviewsRoutes } from './reviews/reviews-routes';
import { settingsRoutes } from './settings/settings-routes';

export function panelRoutes(deps: PanelDeps, extra: { readonly catalogue: Catalogue; readonly isPlatformAdmin?: (roles: readonly string[]) => boolean }): express.Router {
  const router = express.Router();
  router.use(catalogueRoutes({ ...deps, ...extra }));
  // Platform administrators manage the catalogue's external sources, from a course or not.
  router.use(externalSourceRoutes(deps));
  // Training managers listen from the platform-level placement too (no course); instructors from their course.
  router.use(listeningRoutes(deps));
  // A launch from outside any course (Canvas's account navigation) opens the catalogue and nothing
  // else: every course panel would otherwise write under an empty course id.
  router.use((_req, res, next) => {
    if (contextOf(res).link.contextId === '') throw new AppError('CATALOGUE_ONLY');
    next();
  });
  router.use(consumerGroupRoutes(deps));
  router.use(contributionsRoutes(deps));
  // Instructor routes first: /reviews/moderation must not be read as a review id.
  router.use(moderationRoutes(deps));
  router.use(hiddenReviewRoutes(deps));
  router.use(loopRoutes(deps));
  router.use(reviewsRoutes(deps));
  router.use(settingsRoutes(deps));
  router.use(launchPageRoutes(deps));
  return router;
}
