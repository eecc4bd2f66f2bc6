/**
 * /listening/mentions (issue 15, mentions outside the LMS), behind the Listening scope:
 * - GET  /listening/mentions                                 feeds and courses (training managers); an instructor is sent to their course
 * - POST /listening/mentions/feeds, /feeds/:id/remove        add or remove a feed (training managers only: the server fetches it)
 * - GET  /listening/mentions/courses/:contextId              a course's keywords and mentions
 * - POST /listening/mentions/courses/:contextId/keywords     set them (training managers, and the course's own instructors)
 * The deployment always comes from the session; the course id from the URL is checked against the
 * scope and, for managers, against the courses the deployment has launched. CSRF and the per-user
 * write limit apply where app.ts mounts the session routes.
 */
import express, { type Response } from 'express';
import { feedSettings } from '../../catalogue/external/feed-settings';
import { parseSourceInput } from '../../catalogue/external/source-input';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { renderPage } from '../../http/render';
import { sessionOf } from '../../http/session-loader';
import { scopeCovers, scopeDeployment, type ListeningScope } from '../../listening/access';
import { KEYWORDS_FIELD_CHARS, parseKeywords, type KeywordProblem } from '../../listening/mentions/keyword-input';
import type { LaunchSession } from '../../storage/port';
import { MENTION_LIMITS } from '../../storage/ports/mentions';
import { panelChrome } from '../chrome';
import type { PanelDeps } from '../panel-deps';
import { courseSettings } from '../settings/settings-defaults';
import { courseMentions } from './course-mentions';
import { listeningScopeFrom } from './listening-scope';
import { coursePage, feedsPage, type FeedProblems } from './mention-page';

const FEED_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** LTI context ids are at most 255 characters (LTI 1.3 core, context claim). */
const CONTEXT_ID = /^[\x21-\x7e]{1,255}$/;

export function mentionRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  const allowHttp = feedSettings(deps.config.feeds).fetch.policy.allowHttp;

  router.get('/listening/mentions', asyncHandler(async (req, res) => {
    const scope = listeningScopeFrom(res);
    const session = sessionOf(res);
    if (scope.kind === 'course') return res.redirect(303, `/s/${session.id}/listening/mentions/courses/${encodeURIComponent(scope.course.contextId)}`);
    await renderFeeds(res, session, scope, { done: req.query.done });
  }));

  router.post('/listening/mentions/feeds', asyncHandler(async (req, res) => {
    const scope = managerScope(res);
    const session = sessionOf(res);
    const values = { name: text(req.body?.name, 1_000), url: text(req.body?.url, 5_000) };
    const parsed = parseSourceInput(values, allowHttp);
    let problems: FeedProblems | undefined = parsed.ok ? undefined : parsed.problems;
    if (parsed.ok) {
      if ((await deps.storage.mentions.listFeeds(scope.deployment)).length >= MENTION_LIMITS.feedsPerDeployment) problems = { url: 'too-many' };
      else if (!(await deps.storage.mentions.addFeed({ deployment: scope.deployment, title: parsed.input.name, url: parsed.input.url, addedBy: session.context.userId }, deps.now()))) problems = { url: 'duplicate' };
    }
    if (problems) return renderFeeds(res, session, scope, { problems, values }, 422);
    res.redirect(303, `/s/${session.id}/listening/mentions?done=feedAdded`);
  }));

  router.post('/listening/mentions/feeds/:id/remove', asyncHandler(async (req, res) => {
    const scope = managerScope(res);
    const id = req.params.id;
    if (!FEED_ID.test(id) || !(await deps.storage.mentions.removeFeed(scope.deployment, id))) throw new AppError('NOT_FOUND');
    res.redirect(303, `/s/${sessionOf(res).id}/listening/mentions?done=feedRemoved`);
  }));

  router.get('/listening/mentions/courses/:contextId', asyncHandler(async (req, res) => {
    const course = await coveredCourse(res, req.params.contextId);
    const keywords = await deps.storage.mentions.findKeywords(course.key);
    await renderCourse(res, course, { keywordsText: keywords?.terms.join('\n') ?? '', done: req.query.done });
  }));

  router.post('/listening/mentions/courses/:contextId/keywords', asyncHandler(async (req, res) => {
    const course = await coveredCourse(res, req.params.contextId);
    // The form always sends the field: anything else (absent, repeated) must not clear the course's terms.
    if (typeof req.body?.keywords !== 'string') throw new AppError('INVALID_INPUT');
    const typed = text(req.body.keywords, KEYWORDS_FIELD_CHARS + 1);
    const parsed = parseKeywords(typed);
    if (!parsed.ok) return renderCourse(res, course, { keywordsText: typed.slice(0, KEYWORDS_FIELD_CHARS), problem: parsed.problem }, 422);
    await deps.storage.mentions.setKeywords(course.key, parsed.terms, sessionOf(res).context.userId, deps.now());
    res.redirect(303, `/s/${sessionOf(res).id}/listening/mentions/courses/${encodeURIComponent(course.key.contextId)}?done=keywordsSaved`);
  }));

  /** The course of the URL, if the scope covers it and the deployment knows it (its title comes from the store or the session). */
  async function coveredCourse(res: Response, contextId: string) {
    const scope = listeningScopeFrom(res);
    if (!CONTEXT_ID.test(contextId)) throw new AppError('NOT_FOUND');
    if (!scopeCovers(scope, contextId)) throw new AppError('FORBIDDEN_ROLE');
    const key = { ...scopeDeployment(scope), contextId };
    if (scope.kind === 'course') return { key, title: sessionOf(res).context.contextTitle, scope };
    const known = await deps.storage.catalogue.findCourse(key);
    if (!known) throw new AppError('NOT_FOUND');
    return { key, title: known.title || contextId, scope };
  }

  async function chromeOf(session: LaunchSession) {
    const chrome = panelChrome(session, await courseSettings(deps.storage.settings, session.context.link), 'settings');
    // These pages are no tab of their own: none is marked current.
    return { ...chrome, tabs: chrome.tabs.map((tab) => ({ ...tab, current: false })) };
  }

  async function renderFeeds(res: Response, session: LaunchSession, scope: Extract<ListeningScope, { kind: 'deployment' }>, extra: { problems?: FeedProblems; values?: { name: string; url: string }; done?: unknown }, status = 200) {
    const [feeds, courses, keywords] = await Promise.all([
      deps.storage.mentions.listFeeds(scope.deployment),
      deps.storage.catalogue.listCourses(scope.deployment),
      deps.storage.mentions.listKeywords(scope.deployment),
    ]);
    const locale = session.context.locale;
    const model = feedsPage({
      chrome: await chromeOf(session),
      locale,
      feeds,
      courses: courses.map(({ course }) => ({ contextId: course.course.contextId, title: course.title })).sort((a, b) => a.title.localeCompare(b.title, locale)),
      keywords,
      ...extra,
    });
    renderPage(res, 'listening/mentions', locale, model, status);
  }

  async function renderCourse(res: Response, course: Awaited<ReturnType<typeof coveredCourse>>, extra: { keywordsText: string; problem?: KeywordProblem; done?: unknown }, status = 200) {
    const session = sessionOf(res);
    const locale = session.context.locale;
    const model = coursePage({
      chrome: await chromeOf(session),
      locale,
      courseTitle: course.title,
      contextId: course.key.contextId,
      mentions: await courseMentions(deps.storage, course.key, { locale }),
      showBack: course.scope.kind === 'deployment',
      ...extra,
    });
    renderPage(res, 'listening/mention-course', locale, model, status);
  }

  return router;
}

/** Feeds are fetched by the server for the whole deployment: training managers only. */
function managerScope(res: Response): Extract<ListeningScope, { kind: 'deployment' }> {
  const scope = listeningScopeFrom(res);
  if (scope.kind !== 'deployment') throw new AppError('FORBIDDEN_ROLE');
  return scope;
}

/** A form field as a bounded string, whatever a client sends. */
function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}
