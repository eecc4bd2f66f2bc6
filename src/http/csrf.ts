/**
 * CSRF protection for every state-changing request under a session: a token derived from the
 * session's secret (HMAC, so nothing extra is stored) must come back in the form or in the
 * X-CSRF-Token header, and the request must not come from another site (Origin / Sec-Fetch-Site).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { LaunchSession } from '../storage/port';
import { AppError } from './errors';

export function csrfTokenFor(session: LaunchSession): string {
  return createHmac('sha256', session.csrfSecret).update(`csrf:${session.id}`).digest('base64url');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfProtection(selfOrigin: string): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const session = res.locals.session as LaunchSession | undefined;
    if (!session) throw new AppError('SESSION_EXPIRED');
    const fetchSite = req.headers['sec-fetch-site'];
    if (fetchSite === 'cross-site') throw new AppError('CSRF_FAILED', { reason: 'cross-site request', fetchSite });
    const origin = req.headers.origin;
    if (origin && origin !== 'null' && origin !== selfOrigin) throw new AppError('CSRF_FAILED', { reason: 'foreign origin', origin });
    const sent = (req.body && typeof req.body._csrf === 'string' ? req.body._csrf : undefined) ?? req.headers['x-csrf-token'];
    const expected = csrfTokenFor(session);
    if (typeof sent !== 'string' || sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(expected)))
      throw new AppError('CSRF_FAILED', { reason: 'missing or wrong token' });
    next();
  };
}
