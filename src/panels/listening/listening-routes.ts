/**
 * The Listening view (issue 15), under /s/:sid/listening:
 * - /listening                      the courses of the scope, ranked (overview-routes.ts)
 * - /listening/courses/:contextId   one course over time: ratings, aspects, topics (course-routes.ts)
 * - /listening/managers             who is a training manager (platform administrators only)
 * - /listening/mentions             public feeds and keywords per course, a course's mentions (mention-routes.ts)
 * Mounted before the course-only guard: a manager opens it from the platform-level placement,
 * where the launch carries no course.
 */
import express from 'express';
import type { PanelDeps } from '../panel-deps';
import { courseRoutes } from './course-routes';
import { requireListeningScope } from './listening-scope';
import { listeningLanding } from './listening-landing';
import { managersRoutes } from './managers-routes';
import { mentionRoutes } from './mention-routes';
import { overviewRoutes } from './overview-routes';
import { alertsRoutes } from './alerts-routes';

export function listeningRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  router.use(listeningLanding());
  router.use('/listening', requireListeningScope(deps.storage));
  router.use(overviewRoutes(deps));
  router.use(courseRoutes(deps));
  router.use(managersRoutes(deps));
  router.use(mentionRoutes(deps));
  router.use(alertsRoutes(deps));
  return router;
}
