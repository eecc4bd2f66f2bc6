/**
 * The catalogue: GET /catalogue searches the deployment's courses (and its external sources) and
 * shows them, the whole page or only the results (?partial=1, for the page's script as one types);
 * GET /catalogue/open/:contextId counts the learner's visit (buy-in) and sends them to the course in
 * the LMS. Open to every role; tenancy is the session's deployment, never a parameter.
 *
 * A results page is the same for everyone of the deployment who asks the same question in the same
 * language: it is rendered once per index version with holes for the session (catalogue-pages.ts)
 * and filled per request, so a search that many learners type costs one render, not one each.
 */
import { listeningScopeOf } from '../../listening/access';
import { managerDirectoryOf } from '../../listening/manager-directory';
import express from 'express';
import type { Catalogue } from '../../catalogue/catalogue-service';
import { visitorOf } from '../../catalogue/visitor';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { sendHtml } from '../../http/render';
import { sessionOf } from '../../http/session-loader';
import { translator } from '../../i18n/translate';
import type { PanelDeps } from '../panel-deps';
import { catalogueChrome, CataloguePages } from './catalogue-pages';
import { parseCatalogueQuery, QUERY_MAX } from './catalogue-query';

export interface CatalogueDeps extends PanelDeps {
  readonly catalogue: Catalogue;
  /** Whether this person administers the platform (the link to the external sources). */
  readonly isPlatformAdmin?: (roles: readonly string[]) => boolean;
}

export function catalogueRoutes(deps: CatalogueDeps): express.Router {
  const router = express.Router();
  const pages = new CataloguePages();
  const managers = managerDirectoryOf(deps.storage);
  router.get(
    '/catalogue',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const context = session.context;
      const query = parseCatalogueQuery(req.query as Record<string, unknown>);
      if ('field' in query) throw new AppError('INVALID_INPUT', { field: query.field }, { problem: translator(context.locale)('catalogue.invalid', { field: query.field, max: QUERY_MAX }) });
      const catalogue = await deps.catalogue.indexFor(context.link);
      const admin = deps.isPlatformAdmin?.(context.roles) ?? false;
      // Training managers (administrators, or designated) get the link to the Listening view of every course.
      const listening = (await listeningScopeOf(context, managers))?.kind === 'deployment';
      const page = await pages.page(catalogue, { deployment: context.link, locale: context.locale, admin, listening, query, now: deps.now() });
      // Results change with every write: never cached by the browser or a proxy.
      res.setHeader('Cache-Control', 'no-store');
      sendHtml(res, pages.fill(page, session, catalogueChrome(session)));
    }),
  );

  router.get(
    '/catalogue/open/:contextId',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const context = session.context;
      const contextId = String(req.params.contextId);
      const { index } = await deps.catalogue.indexFor(context.link);
      const entry = index.get(`c:${contextId}`);
      // Only a course listed in this deployment's catalogue, with a link: anything else is not found.
      if (!entry || entry.kind !== 'course' || !entry.courseUrl) throw new AppError('NOT_FOUND', { what: 'catalogue course' });
      await deps.storage.catalogue.recordOpen({ ...context.link, contextId }, visitorOf(deps.config.ltiKey, context.link, context.userId), deps.now());
      res.redirect(303, entry.courseUrl);
    }),
  );
  return router;
}
