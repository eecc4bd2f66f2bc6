/**
 * Every request runs inside a scope that carries its id, so that every log line written while it is
 * served (ours, a dependency's, an unhandled rejection's) names it, and an error page can show it as
 * the reference a user quotes to the admin.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';

export interface RequestScope {
  readonly id: string;
  readonly method: string;
  /** Masked (see logger.ts): never a session id or an LTI hint. */
  readonly url: string;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** A proxy's id is kept only when it cannot smuggle anything into a log line or a page. */
const FORWARDED_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestScope(maskUrl: (url: string) => string): RequestHandler {
  return (req, res, next) => {
    const forwarded = req.headers['x-request-id'];
    const id = typeof forwarded === 'string' && FORWARDED_ID.test(forwarded) ? forwarded : randomBytes(6).toString('base64url');
    res.setHeader('X-Request-Id', id);
    res.locals.requestId = id;
    scopes.run({ id, method: req.method, url: maskUrl(req.originalUrl) }, next);
  };
}

export function currentRequest(): RequestScope | undefined {
  return scopes.getStore();
}
