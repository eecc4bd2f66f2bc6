import express from 'express';
import { PANELS, type PanelId } from '../../context/launch-context';
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
  for (const panel of PANELS) {
    router.get(`/${panel}`, (_req, res) => {
      const context = contextOf(res);
      renderPage(res, 'launch/page', context.locale, { page: presentLaunchPage(context, panel as PanelId) });
    });
  }
  return router;
}
