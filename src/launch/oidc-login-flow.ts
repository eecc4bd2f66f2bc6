/**
 * What the tool adds to ltijs's OIDC login (LTI Security Framework §5.1.1) so that a launch does not
 * depend on a third-party cookie it cannot have:
 * - every login ltijs answers is recorded by its state (storage/ports/oidc-logins.ts);
 * - when the platform offers client-side storage (`lti_storage_target`, 1EdTech "OIDC Login with LTI
 *   Client Side postMessages" §3), a small page stores state and nonce there before going on to the
 *   platform (platform-storage.ts reads them back at launch), or to the cookie probe if it could not;
 * - otherwise, when the login runs in a frame, the state cookie is checked on our own origin before
 *   the platform is asked (the cookie probe: /login/check); a browser that dropped it gets a page that
 *   opens the same login in a new top-level window, where the cookie is first-party. Checking before
 *   the round trip matters: Moodle and Canvas accept a login's lti_message_hint only once.
 */
import express, { type Request, type Response } from 'express';
import type { Config } from '../config';
import { toolUrls } from '../config';
import { localeFromAcceptLanguage } from '../context/locale';
import { asyncHandler } from '../http/async-handler';
import { renderPage } from '../http/render';
import type { Storage } from '../storage/port';
import type { OidcLogin } from '../storage/ports/oidc-logins';
import { hasStateCookie } from './state-cookie';

/** Long enough to click "open in a new window" after a refused launch; ltijs's own cookie lives 1 minute. */
const LOGIN_LIFETIME_MS = 10 * 60_000;
/** A frame name the platform may give as lti_storage_target (HTML allows more; none needs more). */
const STORAGE_TARGET = /^[A-Za-z0-9_.-]{1,64}$/;

export function oidcLoginFlow(config: Config, storage: Storage, now: () => Date = () => new Date()): express.Router {
  const router = express.Router();
  const urls = toolUrls(config.baseUrl);

  router.all('/login', (req, res, next) => {
    const params = loginParamsOf(req);
    const original = res.redirect.bind(res) as (...args: unknown[]) => void;
    const redirect = (url: string) => original(302, url);
    // ltijs answers a valid login with one redirect to the platform's registered auth endpoint.
    res.redirect = ((...args: unknown[]) => {
      const location = String(args[args.length - 1]);
      const login = loginFromAuthRedirect(location, params, now());
      if (!login) return original(...args);
      storage.oidcLogins
        .saveLogin(login)
        .then(() => {
          const probeUrl = `${urls.login}/check?state=${encodeURIComponent(login.state)}`;
          if (login.storageTarget) return sendStoragePage(res, req, login, probeUrl);
          if (isFramed(req)) return redirect(probeUrl);
          return redirect(location);
        })
        .catch(next);
    }) as Response['redirect'];
    next();
  });

  // The cookie probe: the state cookie set one redirect ago came back, or the browser refused it.
  router.get(
    '/login/check',
    asyncHandler(async (req, res) => {
      const state = typeof req.query.state === 'string' ? req.query.state : '';
      const login = state ? await storage.oidcLogins.findLogin(state, now()) : null;
      if (login && hasStateCookie(req, state)) return res.redirect(302, login.authUrl);
      const locale = localeFromAcceptLanguage(req.headers['accept-language']);
      res.setHeader('Cache-Control', 'no-store');
      renderPage(res, 'launch/new-window', locale, { newWindowUrl: login ? newWindowLoginUrl(config, login) : undefined, lostState: false }, login ? 200 : 400);
    }),
  );
  return router;
}

/** The same login again, for a top-level window (no lti_storage_target: there the cookie works). */
export function newWindowLoginUrl(config: Config, login: OidcLogin): string {
  const query = new URLSearchParams({ iss: login.issuer, login_hint: login.params.loginHint, target_link_uri: login.params.targetLinkUri, client_id: login.clientId });
  if (login.params.ltiMessageHint !== undefined) query.set('lti_message_hint', login.params.ltiMessageHint);
  if (login.params.deploymentId !== undefined) query.set('lti_deployment_id', login.params.deploymentId);
  return `${toolUrls(config.baseUrl).login}?${query.toString()}`;
}

/** The page stores state and nonce, then goes on to the platform; if the platform does not answer, to the cookie probe. */
function sendStoragePage(res: Response, req: Request, login: OidcLogin, probeUrl: string): void {
  const locale = localeFromAcceptLanguage(req.headers['accept-language']);
  res.setHeader('Cache-Control', 'no-store');
  renderPage(res, 'launch/platform-storage', locale, {
    mode: 'store',
    storageTarget: login.storageTarget,
    platformOrigin: new URL(login.authUrl).origin,
    state: login.state,
    nonce: login.nonce,
    continueUrl: login.authUrl,
    fallbackUrl: probeUrl,
  });
}

/** Sec-Fetch-Dest is sent by every current browser; without it (old browsers, tests) nothing is probed. */
function isFramed(req: Request): boolean {
  const dest = req.headers['sec-fetch-dest'];
  return dest === 'iframe' || dest === 'frame';
}

function loginParamsOf(req: Request): Record<string, string> {
  const merged: Record<string, unknown> = { ...req.query, ...(req.body && typeof req.body === 'object' ? req.body : {}) };
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) if (typeof value === 'string') out[key] = value;
  return out;
}

function loginFromAuthRedirect(location: string, params: Record<string, string>, at: Date): OidcLogin | null {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return null;
  }
  const q = url.searchParams;
  const state = q.get('state');
  const nonce = q.get('nonce');
  const clientId = q.get('client_id');
  const redirectUri = q.get('redirect_uri');
  if (!state || !nonce || !clientId || !redirectUri || !params.iss || !params.login_hint) return null;
  const storageTarget = params.lti_storage_target;
  return {
    state,
    issuer: params.iss,
    clientId,
    nonce,
    params: {
      loginHint: params.login_hint,
      ltiMessageHint: params.lti_message_hint,
      deploymentId: params.lti_deployment_id,
      targetLinkUri: params.target_link_uri ?? redirectUri,
    },
    authUrl: url.href,
    storageTarget: storageTarget && STORAGE_TARGET.test(storageTarget) ? storageTarget : undefined,
    createdAt: at,
    expiresAt: new Date(at.getTime() + LOGIN_LIFETIME_MS),
  };
}

/** For the page of a launch that lost its state cookie: the login to run again in a new window, if we know it. */
export async function offerNewWindow(config: Config, storage: Storage, req: Request, res: Response, now = new Date()): Promise<void> {
  const state = (req.body as Record<string, unknown> | undefined)?.state;
  if (typeof state !== 'string' || state === '') return;
  const login = await storage.oidcLogins.findLogin(state, now);
  if (login) res.locals.newWindowUrl = newWindowLoginUrl(config, login);
}
