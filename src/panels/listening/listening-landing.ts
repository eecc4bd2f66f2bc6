/**
 * GET /s/:sid/ for a link that names the Listening panel: it opens /listening (overview-routes.ts),
 * whose guard then decides the scope. Answered here, before the course-only guard of panels/index.ts,
 * because the platform-level placement launches without a course; any other landing goes on to the
 * course's launch page.
 */
import express from 'express';
import { sessionOf } from '../../http/session-loader';

export function listeningLanding(): express.Router {
  const router = express.Router();
  router.get('/', (_req, res, next) => {
    const session = sessionOf(res);
    if (session.context.panel !== 'listening') return next();
    res.redirect(303, `/s/${session.id}/listening`);
  });
  return router;
}
