/**
 * The launch half of "OIDC Login with LTI Client Side postMessages" (1EdTech, §3.3): when the
 * id_token comes back without our state cookie and the login was made with the platform's storage
 * (oidc-login-flow.ts stored state and nonce there), a page reads them back through lti.get_data and
 * posts them to us with the id_token. The state is then accepted without its cookie only when:
 * - the post comes from our own origin (our page; a cross-site form cannot forge either header),
 * - the state is one we issued, for the token's issuer and client, not expired and never used
 *   (used here, atomically), the login offered platform storage,
 * - the platform's storage returned that state and our nonce, and the token carries that nonce.
 * ltijs is then handed the state cookie it would have had, and validates the token as usual.
 */
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { toolUrls } from '../config';
import { localeFromAcceptLanguage } from '../context/locale';
import { asyncHandler } from '../http/async-handler';
import { AppError } from '../http/errors';
import { renderPage } from '../http/render';
import type { Storage } from '../storage/port';
import type { OidcLogin } from '../storage/ports/oidc-logins';
import { decodeJwtPayload } from './claims';
import { newWindowLoginUrl } from './oidc-login-flow';
import { hasStateCookie, supplyStateCookie } from './state-cookie';

/** Fields our read-back page posts; never sent by a platform. */
export const STORED_STATE_FIELD = 'lv_stored_state';
export const STORED_NONCE_FIELD = 'lv_stored_nonce';

export function platformStorageLaunch(config: Config, storage: Storage, now: () => Date = () => new Date()): RequestHandler {
  const toolOrigin = new URL(config.baseUrl).origin;
  return asyncHandler(async (req, res, next) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const state = typeof body.state === 'string' ? body.state : '';
    if (!state || hasStateCookie(req, state)) return next();

    if (!(STORED_STATE_FIELD in body)) {
      const login = await storage.oidcLogins.findLogin(state, now());
      if (!login?.storageTarget) return next(); // the cookie path: ltijs refuses, the error page offers a new window
      return sendReadPage(res, req.headers['accept-language'], login, String(body.id_token), toolUrls(config.baseUrl).launch);
    }

    const refuse = (reason: string, login?: OidcLogin | null) => {
      if (login) res.locals.newWindowUrl = newWindowLoginUrl(config, login);
      return new AppError('LAUNCH_STATE_MISMATCH', { reason, via: 'platform storage' });
    };
    if (!postedByOurPage(req.headers, toolOrigin)) throw refuse(`posted from ${String(req.headers.origin)} (${String(req.headers['sec-fetch-site'])})`);
    const login = await storage.oidcLogins.useLogin(state, now());
    if (!login) throw refuse('state unknown, expired or already used');
    if (!login.storageTarget) throw refuse('the login did not use platform storage', login);
    if (body[STORED_STATE_FIELD] !== state || body[STORED_NONCE_FIELD] !== login.nonce) throw refuse('platform storage did not return our state and nonce', login);
    const claims = decodeJwtPayload(body.id_token);
    const audience = Array.isArray(claims?.aud) ? claims.aud : [claims?.aud];
    if (claims?.iss !== login.issuer || !audience.includes(login.clientId) || claims?.nonce !== login.nonce)
      throw refuse('the token was not issued for this login', login);
    supplyStateCookie(req, state, login.issuer, config.ltiKey);
    next();
  });
}

function sendReadPage(res: Parameters<RequestHandler>[1], acceptLanguage: string | undefined, login: OidcLogin, idToken: string, launchUrl: string): void {
  res.setHeader('Cache-Control', 'no-store');
  renderPage(res, 'launch/platform-storage', localeFromAcceptLanguage(acceptLanguage), {
    mode: 'read',
    storageTarget: login.storageTarget,
    platformOrigin: new URL(login.authUrl).origin,
    state: login.state,
    nonce: login.nonce,
    launchUrl,
    fields: { id_token: idToken, state: login.state, [STORED_STATE_FIELD]: '', [STORED_NONCE_FIELD]: '' },
  });
}

/**
 * Our pages are sent with Referrer-Policy: no-referrer, so browsers post them with `Origin: null`;
 * Sec-Fetch-Site then says same-origin. A foreign Origin, or a site other than ours, is refused.
 */
function postedByOurPage(headers: Record<string, string | string[] | undefined>, toolOrigin: string): boolean {
  const origin = headers.origin;
  const site = headers['sec-fetch-site'];
  if (origin === toolOrigin) return site === undefined || site === 'same-origin';
  return (origin === undefined || origin === 'null') && site === 'same-origin';
}
