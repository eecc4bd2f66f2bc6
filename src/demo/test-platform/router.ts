/**
 * Assembles the platform's endpoints into one Express router, mounted at the path of the platform's
 * base URL. The router parses its own bodies (form posts for OIDC, token and deep linking; JSON and
 * the IMS `+json` media types for registration and AGS).
 */
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { deleteLineItem, getLineItem, getResults, listLineItems, postLineItem, postScore, putLineItem } from './ags';
import { mountAssets } from './assets';
import { handleAuthorize } from './authorize';
import type { PlatformCore } from './core';
import { mountCoursePage } from './course-page';
import { handleDeepLinkReturn } from './deep-linking';
import { mountFrontPage } from './front-page';
import { handleMemberships } from './nrps';
import { handleOpenidConfiguration, handleRegister } from './registration';
import { handleToken } from './token';

type AsyncHandler = (req: Request, res: Response) => Promise<void>;

/** Express 4 does not catch rejected promises; pass them to the error handler. */
function wrap(handler: AsyncHandler) {
  return (req: Request, res: Response, next: NextFunction): void => {
    handler(req, res).catch(next);
  };
}

export function buildRouter(core: PlatformCore): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '1mb' }));
  router.use(express.json({ type: ['application/json', 'application/*+json'], limit: '1mb' }));

  router.get('/jwks', (_req, res) => {
    res.status(200).json(core.keys.jwks());
  });
  router.get('/.well-known/openid-configuration', wrap((req, res) => handleOpenidConfiguration(core, req, res)));
  router.get('/auth', wrap((req, res) => handleAuthorize(core, req, res)));
  router.post('/auth', wrap((req, res) => handleAuthorize(core, req, res)));
  router.post('/token', wrap((req, res) => handleToken(core, req, res)));
  router.post('/register', wrap((req, res) => handleRegister(core, req, res)));
  router.post('/deep-link-return', wrap((req, res) => handleDeepLinkReturn(core, req, res)));

  // Names and roles: Moodle's and Canvas's URL shapes.
  router.get('/nrps/CourseSection/:contextId/bindings/:typeId/memberships', (req, res) =>
    handleMemberships(core, req, res, req.params.contextId, false),
  );
  router.get('/nrps/courses/:courseId/names_and_roles', (req, res) => handleMemberships(core, req, res, req.params.courseId, true));

  // AGS, Moodle's shape: /ags/:course/lineitems[/:id/lineitem[/scores|/results]] (plus ?type_id=1).
  router.get('/ags/:courseId/lineitems', (req, res) => listLineItems(core, req, res, req.params.courseId));
  router.post('/ags/:courseId/lineitems', (req, res) => postLineItem(core, req, res, req.params.courseId));
  router.get('/ags/:courseId/lineitems/:itemId/lineitem', (req, res) => getLineItem(core, req, res, req.params.courseId, req.params.itemId));
  router.put('/ags/:courseId/lineitems/:itemId/lineitem', (req, res) => putLineItem(core, req, res, req.params.courseId, req.params.itemId));
  router.delete('/ags/:courseId/lineitems/:itemId/lineitem', (req, res) =>
    deleteLineItem(core, req, res, req.params.courseId, req.params.itemId),
  );
  router.post('/ags/:courseId/lineitems/:itemId/lineitem/scores', (req, res) =>
    postScore(core, req, res, req.params.courseId, req.params.itemId),
  );
  router.get('/ags/:courseId/lineitems/:itemId/lineitem/results', (req, res) =>
    getResults(core, req, res, req.params.courseId, req.params.itemId),
  );
  // AGS, Canvas's shape: /ags/courses/:course/line_items[/:id[/scores|/results]].
  router.get('/ags/courses/:courseId/line_items', (req, res) => listLineItems(core, req, res, req.params.courseId));
  router.post('/ags/courses/:courseId/line_items', (req, res) => postLineItem(core, req, res, req.params.courseId));
  router.get('/ags/courses/:courseId/line_items/:itemId', (req, res) => getLineItem(core, req, res, req.params.courseId, req.params.itemId));
  router.put('/ags/courses/:courseId/line_items/:itemId', (req, res) => putLineItem(core, req, res, req.params.courseId, req.params.itemId));
  router.delete('/ags/courses/:courseId/line_items/:itemId', (req, res) =>
    deleteLineItem(core, req, res, req.params.courseId, req.params.itemId),
  );
  router.post('/ags/courses/:courseId/line_items/:itemId/scores', (req, res) =>
    postScore(core, req, res, req.params.courseId, req.params.itemId),
  );
  router.get('/ags/courses/:courseId/line_items/:itemId/results', (req, res) =>
    getResults(core, req, res, req.params.courseId, req.params.itemId),
  );

  mountAssets(router);
  mountCoursePage(core, router);
  mountFrontPage(core, router);

  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: unknown }).status;
    // Body-parser errors carry a 4xx status; anything else is the platform's own fault.
    const code = typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
    res.status(code).type('text/plain').send(code === 500 ? `Test platform error: ${(err as Error).message}` : (err as Error).message);
  });
  return router;
}
