import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { LaunchSession } from '../storage/port';
import { AppError } from './errors';

/**
 * Writes are limited per LTI user (platform + user id), never per IP: a whole class often shares
 * one school address. Launch endpoints are limited per IP, since no user is known yet.
 */
export function perUserWriteLimit(options: { windowMs: number; limit: number }): RequestHandler {
  const limiter = rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => {
      const session = res.locals.session as LaunchSession | undefined;
      const link = session?.context.link;
      return link ? JSON.stringify([link.issuer, link.clientId, session.context.userId]) : 'anonymous';
    },
    handler: (_req, _res, next, opts) => next(new AppError('RATE_LIMITED', {}, { retryAfter: Math.ceil(opts.windowMs / 1000) })),
  });
  // Reads never count: skip the limiter's bookkeeping entirely on them (it showed in the panel's profile).
  return (req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : limiter(req, res, next));
}

export function perIpLaunchLimit(options: { windowMs: number; limit: number }): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next, opts) => next(new AppError('RATE_LIMITED', {}, { retryAfter: Math.ceil(opts.windowMs / 1000) })),
  });
}
