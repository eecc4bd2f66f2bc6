import type { RequestHandler } from 'express';
import { rateLimit, type RateLimitExceededEventHandler } from 'express-rate-limit';
import type { LaunchLimitsConfig } from '../config';
import type { LaunchSession } from '../storage/port';
import { AppError } from './errors';

/**
 * Limits key on what identifies abuse, never on a school's shared address alone: a whole class often
 * reaches the tool through one NAT. Writes are limited per LTI user (platform + user id). Launches are
 * limited per user and per platform once the id_token is verified (launch/launch-limits.ts); before
 * that, an address is limited on the requests it gets refused (garbage), with a second, campus-sized
 * ceiling on all its requests (a login initiation succeeds for anyone and stores a state record).
 * Counters live in the process: with several processes each one counts its own share.
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
    handler: refuse,
  });
  // Reads never count: skip the limiter's bookkeeping entirely on them (it showed in the panel's profile).
  return (req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : limiter(req, res, next));
}

/** Every request from one address counts. Kept for endpoints with no user at all (registration). */
export function perIpLaunchLimit(options: { windowMs: number; limit: number }): RequestHandler {
  return rateLimit({ windowMs: options.windowMs, limit: options.limit, standardHeaders: 'draft-7', legacyHeaders: false, handler: refuse });
}

/**
 * Only requests that end refused (4xx/5xx) count against the address: a class launching successfully
 * is never limited by it, while an address sending garbage is, beyond `limit` refusals per window.
 * A 429 is not garbage: it is a verified user or platform over its own limit (or the address already
 * refused), and counting it would let one keen learner lock their whole school's address out.
 */
export function perIpFailureLimit(options: { windowMs: number; limit: number }): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode < 400 || res.statusCode === 429,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: refuse,
  });
}

/** The address limits in front of /lti/login and /lti/launch. */
export function launchAddressLimits(limits: LaunchLimitsConfig): RequestHandler[] {
  const windowMs = limits.windowSeconds * 1000;
  return [perIpFailureLimit({ windowMs, limit: limits.failuresPerIp }), perIpLaunchLimit({ windowMs, limit: limits.requestsPerIp })];
}

/** A refused request gets the catalogue's page, saying when its window ends (sendError also sets Retry-After). */
const refuse: RateLimitExceededEventHandler = (req, _res, next, options) => {
  const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  next(new AppError('RATE_LIMITED', { limit: options.limit }, { retryAfter: resetTime ? secondsUntil(resetTime.getTime()) : Math.ceil(options.windowMs / 1000) }));
};

/** Whole seconds until `time`, at least 1 (a Retry-After of 0 invites an immediate retry). */
export function secondsUntil(time: number, now = Date.now()): number {
  return Math.max(1, Math.ceil((time - now) / 1000));
}

/**
 * A fixed-window count per key, for limits a use case applies once it knows who is asking (the
 * launch, after the id_token is verified). Expired windows are swept once per window length.
 */
export class WindowCounter {
  private readonly windows = new Map<string, { hits: number; resetAt: number }>();
  private nextSweep = 0;

  constructor(private readonly windowMs: number) {}

  /** Counts one hit for `key`; returns the hits in its current window and when that window ends. */
  hit(key: string, now = Date.now()): { hits: number; resetAt: number } {
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { hits: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.hits++;
    return { hits: window.hits, resetAt: window.resetAt };
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    this.nextSweep = now + this.windowMs;
  }
}
