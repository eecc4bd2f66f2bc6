/**
 * All panel routes, mounted by app.ts under /s/:sid (session, CSRF and per-user write limits are
 * already applied there). Each panel owns its folder and exports one router factory.
 */
import express from 'express';
import { consumerGroupRoutes } from './consumer-group/consumer-group-routes';
import { launchPageRoutes } from './launch-page/launch-page-routes';
import type { PanelDeps } from './panel-deps';

export function panelRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  router.use(consumerGroupRoutes(deps));
  router.use(launchPageRoutes());
  return router;
}
