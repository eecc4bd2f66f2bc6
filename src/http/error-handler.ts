/**
 * The one place where errors become responses: a page in the user's language inside the iframe, or
 * JSON when the request asks for it. AppErrors are expected (logged as warnings with their detail);
 * anything else is a bug, logged with a reference the user can quote.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Config } from '../config';
import { toolUrls } from '../config';
import type { Locale } from '../context/launch-context';
import { localeFromAcceptLanguage } from '../context/locale';
import { translate } from '../i18n/translate';
import type { MessageKey } from '../i18n/en';
import { InvalidCursorError } from '../storage/shared/cursor';
import { AppError, isAppError } from './errors';
import { maskUrl, type Logger } from './logger';

export function errorHandler(config: Config, logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const appError = toAppError(err, config, referenceOf(res));
    // Named on the response for whoever counts outcomes once it is sent (metrics/launch-outcome.ts).
    res.locals.errorCode = appError.code;
    // The request id is written here, not only by the logger's request scope: an error reached through
    // a dependency's callback must still name its request.
    const where = { reqId: referenceOf(res), method: req.method, url: maskUrl(req.originalUrl), code: appError.code, status: appError.status };
    if (appError.code === 'INTERNAL') logger.error({ ...where, err }, 'unexpected error');
    else logger.warn({ ...where, detail: appError.detail }, `request refused: ${appError.code}`);
    if (res.headersSent) return;
    sendError(res, req, appError, localeOf(req, res), config);
  };
}

/** Also used by routes that answer an error without throwing (ltijs callbacks). */
export function sendError(res: Response, req: Request, error: AppError, locale: Locale, config: Config): void {
  const urls = toolUrls(config.baseUrl);
  const params = { loginUrl: urls.login, launchUrl: urls.launch, minutes: config.sessionTtlMinutes, limit: config.maxBodyBytes, wait: waitText(locale, error.params.retryAfter), ...error.params };
  const text = (part: 'title' | 'message' | 'hint') => translate(locale, `error.${error.code}.${part}` as MessageKey, params);
  if (error.status === 429 && error.params.retryAfter) res.setHeader('Retry-After', String(error.params.retryAfter));
  res.status(error.status);
  // The read API (api/api-routes.ts) answers every refusal as RFC 9457 problem details, whatever Accept says.
  if (res.locals.problemJson === true) {
    res.type('application/problem+json').send(JSON.stringify({ type: `urn:learner-voice:error:${error.code}`, title: text('title'), status: error.status, detail: text('message'), code: error.code, hint: text('hint'), reference: referenceOf(res) }));
    return;
  }
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({ error: { code: error.code, title: text('title'), message: text('message'), hint: text('hint'), reference: referenceOf(res) } });
    return;
  }
  res.render('error', {
    locale,
    t: (key: MessageKey, p?: Record<string, string | number>) => translate(locale, key, p),
    code: error.code,
    title: text('title'),
    message: text('message'),
    hint: text('hint'),
    returnUrl: typeof res.locals.returnUrl === 'string' ? res.locals.returnUrl : undefined,
    // A launch that lost its state cookie: the same login in a top-level window (launch/oidc-login-flow.ts).
    newWindowUrl: typeof res.locals.newWindowUrl === 'string' ? res.locals.newWindowUrl : undefined,
    reference: referenceOf(res),
  });
}

/** The request id (request-scope.ts): the reference a user quotes and the admin finds in the logs. */
function referenceOf(res: Response): string {
  return typeof res.locals.requestId === 'string' ? res.locals.requestId : '-';
}

/**
 * Known failures of inputs become catalogue errors (4xx); anything else is a bug (500).
 * - Body parsers (ours and the ones ltijs runs on /lti/*) mark their refusals the http-errors way
 *   (`expose` and a 4xx `status`); a gzip body that does not inflate arrives as zlib's own error with
 *   status 400 added, without a `type`, so the status decides, not the type.
 * - Storage ports refuse a page cursor they did not write with InvalidCursorError.
 */
function toAppError(err: unknown, config: Config, reference: string): AppError {
  if (isAppError(err)) return err;
  if (err instanceof InvalidCursorError) return new AppError('INVALID_PAGE_LINK', { reason: err.message });
  if (err instanceof URIError) return new AppError('NOT_FOUND', { reason: 'bad URI encoding' });
  const status = clientErrorStatus(err);
  if (status !== undefined) {
    const detail = { status, type: (err as { type?: unknown }).type, reason: (err as Error).message };
    if (status === 413) return new AppError('REQUEST_TOO_LARGE', detail, { limit: config.maxBodyBytes });
    if (status === 415) return new AppError('UNSUPPORTED_ENCODING', detail);
    return new AppError('REQUEST_UNREADABLE', detail);
  }
  return new AppError('INTERNAL', { message: (err as Error)?.message }, { reference });
}

/** The 4xx status of an error that a library (body-parser via http-errors) made to be shown to the client. */
function clientErrorStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { expose, status } = err as { expose?: unknown; status?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** "45 seconds", "5 minutes": how long a refused client should wait, in the page's language. */
function waitText(locale: Locale, retryAfter: string | number | undefined): string {
  const seconds = Number(retryAfter);
  if (!Number.isFinite(seconds) || seconds <= 0) return translate(locale, 'error.wait.moment');
  const wholeSeconds = Math.ceil(seconds);
  if (wholeSeconds < 120) return translate(locale, 'error.wait.seconds', { count: wholeSeconds });
  return translate(locale, 'error.wait.minutes', { count: Math.ceil(wholeSeconds / 60) });
}

function localeOf(req: Request, res: Response): Locale {
  const fromSession = res.locals.locale;
  if (fromSession === 'en' || fromSession === 'fr') return fromSession;
  return localeFromAcceptLanguage(req.headers['accept-language']);
}
