/**
 * GET /listening/courses/:contextId            one course over time, and what its learners write about
 * GET /listening/courses/:contextId?format=csv|json&table=…   any table of that page as a file
 * GET /listening/courses/:contextId/topics/:topic              the texts behind one topic
 * Mounted behind requireListeningScope. The deployment always comes from the session's scope; the URL
 * only names a course inside it: an instructor's scope covers their own course (403 otherwise), and a
 * course the deployment never launched is 404.
 */
import express, { type Response } from 'express';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { renderPage } from '../../http/render';
import { sessionOf } from '../../http/session-loader';
import { translator } from '../../i18n/translate';
import { scopeCovers, scopeDeployment, type ListeningScope } from '../../listening/access';
import { toCsv, toJson, type ChartTable } from '../../listening/charts';
import type { CourseVoices } from '../../listening/course/course-voices';
import { VoicesCache } from '../../listening/course/voices-cache';
import type { LaunchSession } from '../../storage/port';
import type { CatalogueCourse } from '../../storage/ports/catalogue';
import { panelChrome } from '../chrome';
import { csrfTokenFor } from '../../http/csrf';
import { alertsOfScope } from './alerts-view';
import { courseMentions } from './course-mentions';
import type { PanelDeps } from '../panel-deps';
import { courseSettings } from '../settings/settings-defaults';
import { loadCoursePage, voicesOf } from './course-page';
import { parseBucket, parseContextId, parseExport, parseTopicKey, type ExportFormat } from './course-params';
import { listeningScopeFrom } from './listening-scope';
import { topicPage } from './topic-page';

export function courseRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  const pageDeps = { storage: deps.storage, now: deps.now, voices: new VoicesCache<CourseVoices>() };

  router.get(
    '/listening/courses/:contextId',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const locale = session.context.locale;
      const contextId = parseContextId(req.params.contextId, locale);
      const by = parseBucket(req.query as Record<string, unknown>, locale);
      const scope = listeningScopeFrom(res);
      const known = await knownCourse(deps, scope, contextId);
      const pageUrl = courseUrl(session, contextId);
      const page = await loadCoursePage(pageDeps, { course: known, by, locale, pageUrl });
      const wanted = parseExport(req.query as Record<string, unknown>, [...page.tables.keys()], locale);
      if (wanted) return sendTable(res, page.tables.get(wanted.table)!, wanted.format, wanted.table);
      const [frame, alerts, mentions] = await Promise.all([
        frameOf(deps, session, scope),
        alertsOfScope(deps.storage, { kind: 'course', course: known.course }, { locale, sessionId: session.id, csrfToken: csrfTokenFor(session), sessionCourse: session.context.link, back: 'listening' }),
        courseMentions(deps.storage, known.course, { locale }),
      ]);
      renderPage(res, 'listening/course', locale, { ...page, frame, alerts, mentions });
    }),
  );

  router.get(
    '/listening/courses/:contextId/topics/:topic',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const locale = session.context.locale;
      const contextId = parseContextId(req.params.contextId, locale);
      const key = parseTopicKey(req.params.topic, locale);
      const scope = listeningScopeFrom(res);
      const known = await knownCourse(deps, scope, contextId);
      const voices = await voicesOf(pageDeps, known.course, locale);
      const topic = voices.topics.find((found) => found.key === key);
      if (!topic) throw new AppError('NOT_FOUND', { reason: 'no such topic in the course' });
      const page = topicPage(voices, topic, known.title, courseUrl(session, contextId), locale);
      renderPage(res, 'listening/topic', locale, { ...page, frame: await frameOf(deps, session, scope) });
    }),
  );

  return router;
}

/** The course the URL names, if the scope covers it and the session's deployment launched it. */
async function knownCourse(deps: PanelDeps, scope: ListeningScope, contextId: string): Promise<CatalogueCourse> {
  if (!scopeCovers(scope, contextId)) throw new AppError('FORBIDDEN_ROLE', { reason: 'course outside the listening scope' });
  const known = await deps.storage.catalogue.findCourse({ ...scopeDeployment(scope), contextId });
  if (!known) throw new AppError('NOT_FOUND', { reason: 'course unknown in the deployment' });
  return known;
}

const courseUrl = (session: LaunchSession, contextId: string) => `/s/${session.id}/listening/courses/${encodeURIComponent(contextId)}`;

/**
 * What frames the page: an instructor's course strip (panelChrome, the Listening tab current), or
 * for a training manager a plain header with the way back to the overview.
 */
async function frameOf(deps: PanelDeps, session: LaunchSession, scope: ListeningScope) {
  if (scope.kind === 'course') {
    return { kind: 'course' as const, chrome: panelChrome(session, await courseSettings(deps.storage.settings, scope.course), 'listening') };
  }
  const t = translator(session.context.locale);
  return { kind: 'deployment' as const, back: { href: `/s/${session.id}/listening`, label: t('lcourse.back') } };
}

function sendTable(res: Response, table: ChartTable, format: ExportFormat, name: string): void {
  res.setHeader('Content-Disposition', `attachment; filename="listening-course-${name}.${format}"`);
  res.setHeader('Cache-Control', 'no-store');
  if (format === 'csv') res.type('text/csv; charset=utf-8').send(toCsv(table));
  else res.type('application/json; charset=utf-8').send(toJson(table));
}
