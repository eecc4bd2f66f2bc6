/**
 * The read API, mounted at /api (app.ts): GET /api/openapi.json (no token: the description is
 * public), and under /api/v1 the token's courses, a course's summary, reviews and topics, and the
 * alerts of the token's courses. Outside
 * the /s/:sid session routes: no cookie and no session is read, so no CSRF protection is needed.
 * Every answer, refusals included, is JSON with Cache-Control: no-store (a token's data must not sit
 * in a shared cache); refusals are problem+json (error-handler.ts). CORS is not enabled: the API is
 * for servers (a BI tool, a script), and a browser page holding a token would be where it leaks.
 *
 * Each route reads as parse → check → act → present; the use cases live in their own files.
 */
import express, { type Request, type Response, type Router } from 'express';
import { asyncHandler } from '../http/async-handler';
import { AppError } from '../http/errors';
import type { Logger } from '../http/logger';
import { perTokenReadLimit } from '../http/rate-limits';
import { localeFromAcceptLanguage } from '../context/locale';
import type { Storage } from '../storage/port';
import type { ApiToken } from '../storage/ports/api-tokens';
import type { RateLimitStore } from '../storage/ports/rate-limits';
import { ALERT_LIMIT, listApiAlerts, readAlertState } from './alerts';
import { apiTokenOf, bearerAuth } from './api-auth';
import { readPageParams, readLimit, readQuery } from './api-query';
import { COURSE_LIMIT, courseSummary, listCourseSummaries } from './course-summaries';
import { findTokenCourse } from './course-scope';
import { courseTopics, TOPIC_LIMIT } from './course-topics';
import { openApiDocument } from './openapi';
import { listPublicReviews, REVIEW_LIMIT } from './public-reviews';

export interface ApiDeps {
  readonly storage: Storage;
  readonly baseUrl: string;
  readonly requestsPerMinute: number;
  readonly windows: RateLimitStore;
  readonly logger: Logger;
  readonly now: () => Date;
}

export function apiRoutes(deps: ApiDeps): Router {
  const { storage, now } = deps;
  const router = express.Router();
  router.use((_req, res, next) => {
    res.locals.problemJson = true;
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const document = openApiDocument(deps.baseUrl);
  router.get('/openapi.json', (req, res) => {
    readQuery(req, []);
    res.json(document);
  });

  router.use('/v1', bearerAuth(storage, now), perTokenReadLimit({ windows: deps.windows, logger: deps.logger }, { windowMs: 60_000, limit: deps.requestsPerMinute }));

  router.get('/v1/courses', asyncHandler(async (req, res) => {
    const page = readPageParams(req, COURSE_LIMIT);
    res.json(await listCourseSummaries(storage, apiTokenOf(res), page, now()));
  }));

  router.get('/v1/courses/:courseId', asyncHandler(async (req, res) => {
    readQuery(req, []);
    res.json(await courseSummary(storage, await courseOf(req, res), now()));
  }));

  router.get('/v1/courses/:courseId/reviews', asyncHandler(async (req, res) => {
    const page = readPageParams(req, REVIEW_LIMIT);
    const course = await courseOf(req, res);
    res.json(await listPublicReviews(storage, course, page, localeFromAcceptLanguage(req.headers['accept-language']), now()));
  }));

  router.get('/v1/courses/:courseId/topics', asyncHandler(async (req, res) => {
    const limit = readLimit(readQuery(req, ['limit']).limit, TOPIC_LIMIT);
    const course = await courseOf(req, res);
    res.json(await courseTopics(storage, course, limit, now()));
  }));

  router.get('/v1/alerts', asyncHandler(async (req, res) => {
    const query = readQuery(req, ['limit', 'cursor', 'course', 'state']);
    const limit = readLimit(query.limit, ALERT_LIMIT);
    const state = readAlertState(query.state);
    const course = query.course !== undefined ? await findCourse(apiTokenOf(res), query.course) : undefined;
    res.json(await listApiAlerts(storage, apiTokenOf(res), { limit, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}), ...(course ? { course } : {}), ...(state ? { state } : {}) }));
  }));

  // Anything else under /api, any method: a problem+json 404 (never the tool's HTML page).
  router.use((_req, _res, next) => next(new AppError('API_NOT_FOUND')));

  async function courseOf(req: Request, res: Response) {
    return findCourse(apiTokenOf(res), String(req.params.courseId));
  }

  /** The course an id names within the token's reach; any other id is the same 404. */
  async function findCourse(token: ApiToken, courseId: string) {
    const course = await findTokenCourse(storage, token, courseId);
    if (!course) throw new AppError('API_NOT_FOUND', { reason: 'no such course for this token' });
    return course;
  }

  return router;
}
