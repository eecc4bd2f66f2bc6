/**
 * GET /listening: the courses of the manager's deployment, ranked, as a page or (?format=csv|json)
 * as a file. Parse → check → act → present. An instructor's scope is their own course: they are sent
 * to its page (303). The deployment comes from the stored session's scope, never from the URL.
 */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { renderPage } from '../../http/render';
import { csrfTokenFor } from '../../http/csrf';
import { isPlatformAdmin } from '../../context/roles';
import { alertScopeOf, alertsOfScope } from './alerts-view';
import { sessionOf } from '../../http/session-loader';
import { translator } from '../../i18n/translate';
import { formatDate, formatTime } from '../../i18n/format';
import { toCsv, toJson } from '../../listening/charts';
import { OverviewCache, DEFAULT_OVERVIEW_MAX_AGE_MS } from '../../listening/overview-cache';
import { catalogueChrome } from '../catalogue/catalogue-pages';
import type { PanelDeps } from '../panel-deps';
import { listeningScopeFrom } from './listening-scope';
import { overviewPage, overviewTable } from './overview-page';
import { parseOverviewQuery } from './overview-query';

export function overviewRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  // One per app: the assembled overview of each deployment, kept until one of its courses changes.
  const overviews = new OverviewCache(deps.storage, deps.now, {
    maxAgeMs: DEFAULT_OVERVIEW_MAX_AGE_MS,
    onBackgroundError: (err) => deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'listening overview refresh failed'),
  });
  router.get(
    '/listening',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const locale = session.context.locale;
      const base = `/s/${session.id}`;
      const query = parseOverviewQuery(req.query as Record<string, unknown>);
      if ('field' in query) throw new AppError('INVALID_INPUT', { field: query.field }, { problem: translator(locale)('listening.invalid', { field: query.field }) });

      const scope = listeningScopeFrom(res);
      if (scope.kind === 'course') return res.redirect(303, `${base}/listening/courses/${encodeURIComponent(scope.course.contextId)}`);

      const { overview, asOf } = await overviews.overviewOf(scope.deployment);
      // Figures change with every review: never kept by the browser or a proxy.
      res.setHeader('Cache-Control', 'no-store');
      if (query.format !== 'html') {
        const table = overviewTable(overview, query, locale);
        const csv = query.format === 'csv';
        res.setHeader('Content-Type', csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="listening-courses.${query.format}"`);
        return res.send(csv ? toCsv(table) : toJson(table));
      }
      const alerts = await alertsOfScope(deps.storage, alertScopeOf(scope), { locale, sessionId: session.id, csrfToken: csrfTokenFor(session), sessionCourse: session.context.link, back: 'listening' });
      // What a training manager administers from here: platform administrators only (the pages check it again).
      const t = translator(locale);
      const adminLinks = isPlatformAdmin(session.context.roles)
        ? [
            { href: `${base}/listening/alerts`, label: t('alerts.admin.link') },
            { href: `${base}/listening/mentions`, label: t('mentions.heading') },
            { href: `${base}/listening/managers`, label: t('managers.heading') },
          ]
        : [];
      renderPage(res, 'listening/overview', locale, { chrome: catalogueChrome(session), page: overviewPage(overview, query, base, locale), asOf: t('listening.overview.asOf', { date: formatDate(asOf, locale), time: formatTime(asOf, locale) }), alerts, adminLinks });
    }),
  );
  return router;
}
