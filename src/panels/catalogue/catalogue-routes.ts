/**
 * The catalogue: GET /catalogue searches the deployment's courses (and its external sources) and
 * shows them, the whole page or only the results (?partial=1, for the page's script as one types);
 * GET /catalogue/open/:contextId counts the learner's visit (buy-in) and sends them to the course in
 * the LMS. Open to every role; tenancy is the session's deployment, never a parameter.
 */
import express from 'express';
import type { Catalogue } from '../../catalogue/catalogue-service';
import { visitorOf } from '../../catalogue/visitor';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { renderPage } from '../../http/render';
import { sessionOf } from '../../http/session-loader';
import { csrfTokenFor } from '../../http/csrf';
import { knownName } from '../../context/person-name';
import { translator } from '../../i18n/translate';
import type { LaunchSession } from '../../storage/port';
import type { PanelDeps } from '../panel-deps';
import { parseCatalogueQuery, PAGE_SIZE, QUERY_MAX } from './catalogue-query';
import { presentResults } from './catalogue-presenter';

export interface CatalogueDeps extends PanelDeps {
  readonly catalogue: Catalogue;
  /** Whether this person administers the platform (the link to the external sources). */
  readonly isPlatformAdmin?: (roles: readonly string[]) => boolean;
}

export function catalogueRoutes(deps: CatalogueDeps): express.Router {
  const router = express.Router();
  router.get(
    '/catalogue',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const context = session.context;
      const t = translator(context.locale);
      const query = parseCatalogueQuery(req.query as Record<string, unknown>);
      if ('field' in query) throw new AppError('INVALID_INPUT', { field: query.field }, { problem: t('catalogue.invalid', { field: query.field, max: QUERY_MAX }) });
      const index = await deps.catalogue.indexFor(context.link);
      const now = deps.now();
      const result = index.search({
        text: query.text,
        ...(query.minRating !== undefined ? { minRating: query.minRating } : {}),
        ...(query.language ? { language: query.language } : {}),
        openConsultation: query.openConsultation,
        improved: query.improved,
        limit: PAGE_SIZE,
        offset: query.offset,
        now,
      });
      const base = `/s/${session.id}`;
      const results = presentResults(result, query, base, context.locale);
      // Results change with every write: never cached by the browser or a proxy.
      res.setHeader('Cache-Control', 'no-store');
      if (query.partial) return renderPage(res, 'catalogue/_results', context.locale, { results, empty: index.size === 0 });
      renderPage(res, 'catalogue/page', context.locale, {
        chrome: catalogueChrome(session),
        query,
        results,
        empty: index.size === 0,
        sourcesHref: deps.isPlatformAdmin?.(context.roles) ? `${base}/catalogue/sources` : null,
      });
    }),
  );

  router.get(
    '/catalogue/open/:contextId',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const context = session.context;
      const contextId = String(req.params.contextId);
      const index = await deps.catalogue.indexFor(context.link);
      const entry = index.get(`c:${contextId}`);
      // Only a course listed in this deployment's catalogue, with a link: anything else is not found.
      if (!entry || entry.kind !== 'course' || !entry.courseUrl) throw new AppError('NOT_FOUND', { what: 'catalogue course' });
      await deps.storage.catalogue.recordOpen({ ...context.link, contextId }, visitorOf(deps.config.ltiKey, context.link, context.userId), deps.now());
      res.redirect(303, entry.courseUrl);
    }),
  );
  return router;
}

/** The strip on top of the catalogue: the platform rather than a course, and no course tabs. */
function catalogueChrome(session: LaunchSession) {
  const context = session.context;
  const t = translator(context.locale);
  return {
    base: `/s/${session.id}`,
    csrfToken: csrfTokenFor(session),
    contextTitle: context.platformName || context.contextTitle || t('panel.catalogue'),
    userName: knownName({ id: context.userId, name: context.userName }),
    role: context.role,
    roleLabel: t(`role.${context.role}`),
    tabs: [],
  };
}
