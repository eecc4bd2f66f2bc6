import express from 'express';
import { renderPage } from '../../http/render';
import { contextOf } from '../../http/session-loader';
import { presentLaunchPage } from './launch-page-model';

/** GET /s/:sid/ (course page) and /s/:sid/<panel> (a deep-linked panel). */
export function launchPageRoutes(): express.Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    const context = contextOf(res);
    renderPage(res, 'launch/page', context.locale, { page: presentLaunchPage(context, context.panel) });
  });
  // /consumer-group has its own routes (panels/consumer-group/); /reviews stays a placeholder until that panel lands.
  router.get('/reviews', (_req, res) => {
    const context = contextOf(res);
    renderPage(res, 'launch/page', context.locale, { page: presentLaunchPage(context, 'reviews') });
  });
  return router;
}
