import type { RequestHandler } from 'express';
import { rateLimit, type Options, type RateLimitExceededEventHandler } from 'express-rate-limit';
import type { LaunchLimitsConfig } from '../config';
import type { LaunchSession } from '../storage/port';
import type { RateLimitStore } from '../storage/ports/rate-limits';
import { AppError } from './errors';
import type { Logger } from './logger';
import { addressFailureLimit } from './failure-limit';
import { secondsUntil } from './retry-after';
import { SharedLimitStore } from './shared-limit-store';

/**
 * Limits key on what identifies abuse, never on a school's shared address alone: a whole class often
 * reaches the tool through one NAT. Writes are limited per LTI user (platform + user id). Launches are
 * limited per user and per platform once the id_token is verified (launch/launch-limits.ts); before
 * that, an address is limited on the requests it gets refused (garbage), with a second, campus-sized
 * ceiling on all its requests (a login initiation succeeds for anyone and stores a state record).
 *
 * Counters live in the store (storage/ports/rate-limits.ts), so a limit holds once for every process
 * of a deployment, not once per process. When the store cannot count, the request goes on uncounted
 * and one error line says so: a limit is protection, not a reason to refuse a learner's page.
 */
export interface SharedWindows {
  readonly windows: RateLimitStore;
  readonly logger: Logger;
}

interface LimitOptions {
  readonly windowMs: number;
  readonly limit: number;
}

/** What every limiter shares: the 429 page, draft-7 headers, and where it counts. */
function counted(shared: SharedWindows | undefined, name: string, options: LimitOptions): Partial<Options> {
  const common: Partial<Options> = { windowMs: options.windowMs, limit: options.limit, standardHeaders: 'draft-7', legacyHeaders: false, handler: refuse };
  if (!shared) return common;
  return {
    ...common,
    store: new SharedLimitStore(shared.windows, `${name}:`, options.windowMs),
    passOnStoreError: true,
    logger: shared.logger.child({ limiter: name }),
  };
}

export function perUserWriteLimit(shared: SharedWindows, options: LimitOptions): RequestHandler {
  const limiter = rateLimit({
    ...counted(shared, 'write', options),
    keyGenerator: (_req, res) => {
      const session = res.locals.session as LaunchSession | undefined;
      const link = session?.context.link;
      return link ? JSON.stringify([link.issuer, link.clientId, session.context.userId]) : 'anonymous';
    },
  });
  // Reads never count: skip the limiter's bookkeeping entirely on them (it showed in the panel's profile).
  return (req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : limiter(req, res, next));
}

/**
 * Every request from one address counts. Kept for endpoints with no user at all (launch, registration),
 * counted under `name` in the shared windows. Without them (the public badge image: read-only, cached
 * by browsers, and a store write per image would cost more than it guards) each process counts its own.
 */
export function perIpLaunchLimit(options: LimitOptions & { readonly name: string }, shared?: SharedWindows): RequestHandler {
  return rateLimit(counted(shared, options.name, options));
}

/** Only refusals count against an address (failure-limit.ts). */
export const perIpFailureLimit = addressFailureLimit;

/**
 * The address limits in front of /lti/login and /lti/launch: refusals count on both; the campus-sized
 * ceiling counts login initiations only. A login succeeds for anyone and stores a state record; an
 * id_token post stores nothing until its signature is verified (a forged or replayed one is a
 * refusal, counted), and once verified it counts against its user and its platform
 * (launch/launch-limits.ts). Counting it under the address too protected nothing more, and cost a
 * store write per launch.
 */
export function launchAddressLimits(shared: SharedWindows, limits: LaunchLimitsConfig): { refusals: RequestHandler; logins: RequestHandler } {
  const windowMs = limits.windowSeconds * 1000;
  return { refusals: perIpFailureLimit(shared, { windowMs, limit: limits.failuresPerIp }), logins: perIpLaunchLimit({ name: 'ip-launch', windowMs, limit: limits.requestsPerIp }, shared) };
}

/**
 * Read-API requests per token (api/api-routes.ts), after the token is verified: one client, however
 * many addresses it calls from, shares one window, and one client's burst never limits another's.
 */
export function perTokenReadLimit(shared: SharedWindows, options: LimitOptions): RequestHandler {
  return rateLimit({
    ...counted(shared, 'api-token', options),
    keyGenerator: (_req, res) => String((res.locals.apiToken as { id?: string } | undefined)?.id ?? 'anonymous'),
  });
}

/** A refused request gets the catalogue's page, saying when its window ends (sendError also sets Retry-After). */
const refuse: RateLimitExceededEventHandler = (req, _res, next, options) => {
  const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  next(new AppError('RATE_LIMITED', { limit: options.limit }, { retryAfter: resetTime ? secondsUntil(resetTime.getTime()) : Math.ceil(options.windowMs / 1000) }));
};
