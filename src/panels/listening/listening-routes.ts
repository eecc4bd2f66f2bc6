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
  // Every Listening route is under /listening. Its routers keep their full paths, so they are not
  // mounted there (that would strip the prefix); a request elsewhere (a learner's /reviews, at every
  // view) skips them whole instead of being tried against each of their routes in turn.
  const listening = express.Router();
  listening.use('/listening', requireListeningScope(deps.storage));
  listening.use(overviewRoutes(deps));
  listening.use(courseRoutes(deps));
  listening.use(managersRoutes(deps));
  listening.use(mentionRoutes(deps));
  listening.use(alertsRoutes(deps));
  router.use((req, res, next) => (isUnderListening(req.path) ? listening(req, res, next) : next()));
  return router;
}

/** Express matches paths without regard to case (its default), so this does too. */
function isUnderListening(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === '/listening' || lower.startsWith('/listening/');
}
