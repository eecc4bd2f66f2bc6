/**
 * GET /listening: the courses of the manager's deployment, ranked, as a page or (?format=csv|json)
 * as a file. Parse → check → act → present. An instructor's scope is their own course: they are sent
 * to its page (303). The deployment comes from the stored session's scope, never from the URL.
 *
 * The page is rendered once per kept overview (listening/overview-cache.ts), sort, direction, page
 * and language, with holes for what is the viewer's own (session id, CSRF token, header, alerts,
 * admin links), and filled per request: at 1,000 courses presenting and rendering the table was
 * nearly all of a page's cost once the figures were kept.
 */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { fillHoles, holedPageBytes, holeMarker, splitHoles, type HoledPage } from '../../http/holed-page';
import { renderView, sendHtml, slotAsHole } from '../../http/render';
import { isPlatformAdmin } from '../../context/roles';
import { alertScopeOf, alertsOfScope } from './alerts-view';
import { sessionOf } from '../../http/session-loader';
import { translator } from '../../i18n/translate';
import { formatDate, formatTime } from '../../i18n/format';
import { toCsv, toJson } from '../../listening/charts';
import { OverviewCache, DEFAULT_OVERVIEW_MAX_AGE_MS, type KeptOverview } from '../../listening/overview-cache';
import type { Locale } from '../../context/launch-context';
import { catalogueChrome } from '../catalogue/catalogue-pages';
import type { PanelDeps } from '../panel-deps';
import { SharedPageCache } from '../reviews/shared-page-cache';
import { listeningScopeFrom } from './listening-scope';
import { overviewPage, overviewTable, PAGE_SIZE } from './overview-page';
import { parseOverviewQuery, type OverviewQuery } from './overview-query';

/** Rendered overview pages kept: sorts × directions × pages × languages of a few deployments. */
const PAGES_KEPT = 200;
const PAGE_BYTES_KEPT = 16 * 1024 * 1024;

export function overviewRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  // One per app: the assembled overview of each deployment, kept until one of its courses changes.
  const overviews = new OverviewCache(deps.storage, deps.now, {
    maxAgeMs: DEFAULT_OVERVIEW_MAX_AGE_MS,
    onBackgroundError: (err) => deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'listening overview refresh failed'),
  });
  const pages = new SharedPageCache<HoledPage>(PAGES_KEPT, { maxBytes: PAGE_BYTES_KEPT, weigh: holedPageBytes });
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

      const kept = await overviews.overviewOf(scope.deployment);
      // Figures change with every review: never kept by the browser or a proxy.
      res.setHeader('Cache-Control', 'no-store');
      if (query.format !== 'html') {
        const table = overviewTable(kept.overview, query, locale);
        const csv = query.format === 'csv';
        res.setHeader('Content-Type', csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="listening-courses.${query.format}"`);
        return res.send(csv ? toCsv(table) : toJson(table));
      }
      const { issuer, clientId, deploymentId } = scope.deployment;
      // A page past the last shows the last: one key for it, however large the number asked.
      const pageShown = Math.min(query.page, Math.max(1, Math.ceil(kept.overview.rows.length / PAGE_SIZE)));
      const shape = [issuer, clientId, deploymentId, locale, query.sort, query.dir, pageShown];
      const page = await pages.get(JSON.stringify([...shape, kept.version]), async () => splitHoles(renderOverview(kept, { ...query, page: pageShown }, locale)), { group: JSON.stringify(shape), order: [kept.version] });

      const chrome = catalogueChrome(session);
      const alerts = await alertsOfScope(deps.storage, alertScopeOf(scope), { locale, sessionId: session.id, csrfToken: chrome.csrfToken, sessionCourse: session.context.link, back: 'listening' });
      // What a training manager administers from here: platform administrators only (the pages check it again).
      const t = translator(locale);
      const adminLinks = isPlatformAdmin(session.context.roles)
        ? [
            { href: `${base}/listening/alerts`, label: t('alerts.admin.link') },
            { href: `${base}/listening/mentions`, label: t('mentions.heading') },
            { href: `${base}/listening/managers`, label: t('managers.heading') },
          ]
        : [];
      sendHtml(
        res,
        fillHoles(page, (hole) => {
          switch (hole.name) {
            case 'sid':
              return session.id;
            case 'csrf':
              return chrome.csrfToken;
            case 'header':
              return renderView('partials/panel-header', locale, { chrome });
            case 'alerts':
              return renderView('listening/_alerts', locale, { alerts });
            case 'admin':
              return renderView('listening/_admin-links', locale, { adminLinks });
            default:
              return undefined;
          }
        }),
      );
    }),
  );
  return router;
}

/** The page of one sort, direction and page, shared by every viewer of the deployment: nothing of theirs in it. */
function renderOverview(kept: KeptOverview, query: OverviewQuery, locale: Locale): string {
  const base = `/s/${holeMarker('sid')}`;
  const t = translator(locale);
  return renderView('listening/overview', locale, {
    chrome: { base, csrfToken: holeMarker('csrf') },
    page: overviewPage(kept.overview, query, base, locale),
    asOf: t('listening.overview.asOf', { date: formatDate(kept.asOf, locale), time: formatTime(kept.asOf, locale) }),
    slot: slotAsHole,
  });
}
