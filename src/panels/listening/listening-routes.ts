/**
 * The Listening view (issue 15), under /s/:sid/listening:
 * - /listening                      the courses of the scope, ranked (overview-routes.ts)
 * - /listening/courses/:contextId   one course over time: ratings, aspects, topics (course-routes.ts)
 * - /listening/managers             who is a training manager (platform administrators only)
 * Mounted before the course-only guard: a manager opens it from the platform-level placement,
 * where the launch carries no course.
 */
import express from 'express';
import type { PanelDeps } from '../panel-deps';
import { requireListeningScope } from './listening-scope';
import { alertsRoutes } from './alerts-routes';

export function listeningRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  router.use('/listening', requireListeningScope(deps.storage));
  router.use(alertsRoutes(deps));
  return router;
}
