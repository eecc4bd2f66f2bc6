/**
 * The cookies of the launch flow (ltijs's `state<state>` cookie, set at /lti/login and cleared at
 * /lti/launch) carry `Partitioned` over HTTPS (CHIPS, https://developer.mozilla.org/en-US/docs/Web/Privacy/Guides/Privacy_sandbox/Partitioned_cookies).
 * Inside an LMS iframe the cookie is third-party: a browser that blocks third-party cookies still
 * keeps a partitioned one, in a jar keyed by the LMS's site, which is exactly where the id_token
 * comes back. A browser without CHIPS ignores the attribute.
 *
 * ltijs copies only secure, sameSite and domain from its cookie options, so the attribute is added
 * here, on every cookie ltijs writes through this response (Express's clearCookie goes through
 * res.cookie too, so the clearing cookie matches the one it clears, as CHIPS requires).
 */
import type { CookieOptions, RequestHandler, Response } from 'express';

export function partitionedLaunchCookies(https: boolean): RequestHandler {
  return (_req, res, next) => {
    if (https) {
      const setCookie = res.cookie.bind(res) as (name: string, value: unknown, options: CookieOptions) => Response;
      res.cookie = ((name: string, value: unknown, options: CookieOptions = {}) =>
        setCookie(name, value, { ...options, secure: true, partitioned: true })) as Response['cookie'];
    }
    next();
  };
}
