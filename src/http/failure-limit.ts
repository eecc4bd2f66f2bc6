/**
 * The address limit on refusals in front of the launch (rate-limits.ts, perIpFailureLimit): only
 * requests that end refused count against their address, so a class launching through one NAT is
 * never limited by it, while an address sending garbage is, beyond `limit` refusals per window.
 *
 * A request reads its address's window (one read, nothing counted) and is refused once the window
 * holds `limit` refusals; a response that ends refused then counts one hit. express-rate-limit
 * counts every request and takes a success back (two writes per successful launch step, four per
 * launch); this costs a read per request and a write per refusal. Refusals racing on one address may
 * each pass the read before any is counted, so the limit can be passed by the requests in flight at
 * that moment: a limit on garbage, not an exact quota.
 *
 * A 429 is not counted: it is a verified user or platform over its own limit (or the address already
 * refused), and counting it would let one keen learner lock their whole school's address out. When
 * the store cannot be read, the request goes on uncounted and one error line says so.
 */
import type { RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { AppError } from './errors';
import type { SharedWindows } from './rate-limits';
import { secondsUntil } from './retry-after';

export interface FailureLimitOptions {
  readonly windowMs: number;
  readonly limit: number;
}

const NAME = 'ip-failures';

/** Refused by the tool itself, not over a limit. */
const isRefusal = (status: number) => status >= 400 && status !== 429;

export function addressFailureLimit(shared: SharedWindows, options: FailureLimitOptions, now: () => Date = () => new Date()): RequestHandler {
  const logger = shared.logger.child({ limiter: NAME });
  return (req, res, next) => {
    // IPv6 addresses are counted per /56, as express-rate-limit does: one host holds many addresses.
    const key = `${NAME}:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    shared.windows.peek(key, now()).then(
      (window) => {
        if (window && window.hits >= options.limit) return next(new AppError('RATE_LIMITED', { limit: options.limit }, { retryAfter: secondsUntil(window.resetAt.getTime()) }));
        res.once('finish', () => {
          if (!isRefusal(res.statusCode)) return;
          shared.windows.hit(key, options.windowMs, now()).catch((err: unknown) => logger.error({ err }, 'rate limit store failed: a refusal was not counted'));
        });
        next();
      },
      (err: unknown) => {
        logger.error({ err }, 'rate limit store failed: request let through uncounted');
        next();
      },
    );
  };
}
