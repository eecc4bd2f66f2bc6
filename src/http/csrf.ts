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

/** Whether `sent` is the session's token (compared in constant time). */
export function csrfTokenMatches(session: LaunchSession, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  // Bytes, not characters: a token of the right length with a multi-byte character must not reach timingSafeEqual's length throw.
  const given = Buffer.from(sent);
  const expected = Buffer.from(csrfTokenFor(session));
  return given.length === expected.length && timingSafeEqual(given, expected);
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
    if (!csrfTokenMatches(session, sent)) throw new AppError('CSRF_FAILED', { reason: 'missing or wrong token' });
    next();
  };
}
