/**
 * The only file that sets ltijs up. ltijs runs its own Express 4 app (OIDC login, id_token
 * validation, keyset); we mount it at /lti and put our guards in front of it.
 *
 * ltijs is used in its "ltiaas" mode: after validating an id_token it hands the request on instead
 * of redirecting with an "ltik", so our own checks (launch-checks.ts) run on the very request that
 * carried the token, and the tool's own session (not ltijs's cookie) carries the user afterwards.
 */
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { Provider, type LtiIdToken, type LtiProvider } from 'ltijs';
import type { Config } from '../config';
import { asyncHandler } from '../http/async-handler';
import { catchAsyncLayers } from '../http/catch-async-layers';
import { AppError } from '../http/errors';
import type { Logger } from '../http/logger';
import type { Storage } from '../storage/port';
import { localeFrom } from '../context/locale';
import { CLAIM, decodeJwtPayload } from './claims';
import { completeLaunch, type LaunchDeps } from './complete-launch';
import { precheckLaunchPost } from './launch-checks';
import { partitionedLaunchCookies } from './launch-cookies';
import { useCachedPlatformKeys } from './ltijs-cached-keys';
import { dropLtijsHelmet } from './ltijs-helmet';
import { limitLtijsPlatformCalls } from './ltijs-http-limits';
import { signWithPreparedKey } from './ltik-key';
import { withoutUnreadLaunchRecords } from './ltijs-unread-records';
import { loginGuard } from './login-guard';
import { offerNewWindow, oidcLoginFlow } from './oidc-login-flow';
import { PlatformKeysets } from './platform-keysets';
import { platformStorageLaunch } from './platform-storage';
import { notActiveError } from './platform-status';
import { checkLaunchParams, checkLtiRequest } from './lti-params';
import { appErrorFromLtijs } from './ltijs-errors';

export interface LtiDeps extends LaunchDeps {
  /** The app's error handler, used to answer from inside ltijs callbacks. */
  readonly fail: ErrorRequestHandler;
  readonly registrationHandler: express.RequestHandler;
  /** Where a platform keyset that cannot be fetched is reported (platform-keysets.ts). */
  readonly logger: Pick<Logger, 'warn'>;
}

/** ltijs exports a singleton; its constructor gives a fresh instance per app (tests create many). */
export function newLtiProvider(config: Config, storage: Storage): LtiProvider {
  const FreshProvider = (Provider as unknown as { constructor: new () => LtiProvider }).constructor;
  const lti = new FreshProvider();
  const https = config.baseUrl.startsWith('https://');
  signWithPreparedKey(config.ltiKey);
  limitLtijsPlatformCalls();
  const database = storage.ltiDatabase();
  lti.setup(config.ltiKey, { ...database, plugin: withoutUnreadLaunchRecords(database.plugin) }, {
    appRoute: '/launch',
    loginRoute: '/login',
    keysetRoute: '/keys',
    dynRegRoute: '/register',
    ltiaas: true,
    devMode: false,
    // ltijs refuses tokens older than this (iat to now); the platform's clock may be behind ours.
    tokenMaxAge: config.idTokenMaxAgeSeconds + config.clockSkewSeconds,
    // Inside an LMS iframe the state cookie is third-party: it must be SameSite=None; Secure (HTTPS),
    // and Partitioned (launch-cookies.ts) so that browsers blocking third-party cookies keep it.
    cookies: https ? { secure: true, sameSite: 'None' } : { secure: false, sameSite: 'Lax' },
    // CORS stays off: nothing here is meant to be called from other origins' scripts.
    cors: false,
    // ltijs only routes /register when this is set; our own handler does the work (see dynamic-registration.ts).
    dynReg: { url: config.baseUrl + '/lti', name: 'Learner Voice' },
  });
  return lti;
}

/** Wires guards and callbacks; returns the Express app to mount at /lti. */
export function ltiRoutes(lti: LtiProvider, deps: LtiDeps): express.Express {
  const fail = (req: Request, res: Response, error: AppError) => {
    useTokenLocale(req, res);
    deps.fail(error, req, res, () => undefined);
  };
  const lookupHints = async (req: Request) => hintsFrom(req, deps.storage);

  lti.onConnect(launchCallback(deps, fail));
  lti.onDeepLinking(launchCallback(deps, fail));
  lti.onDynamicRegistration(deps.registrationHandler);
  lti.onInvalidToken(async (req, res) => {
    const message = String((res.locals.err as { details?: { message?: string } } | undefined)?.details?.message ?? 'unknown');
    const hints = await lookupHints(req);
    const error = appErrorFromLtijs(message, hints);
    if (message === 'MISSING_VALIDATION_COOKIE') await offerNewWindow(deps.config, deps.storage, req, res);
    // ltijs finds the platform by (iss, aud): a known issuer with an unknown audience is a wrong audience.
    if (error.code === 'LAUNCH_UNKNOWN_PLATFORM' && hints.issuerKnown) return fail(req, res, new AppError('LAUNCH_WRONG_AUDIENCE', { ltijs: message, ...hints }));
    if (error.code === 'LAUNCH_PLATFORM_INACTIVE' && hints.issuer) return fail(req, res, await notActiveError(deps.storage, hints.issuer, hints.clientId));
    return fail(req, res, error);
  });
  lti.onSessionTimeout(async (req, res) => fail(req, res, new AppError('SESSION_EXPIRED')));
  lti.onUnregisteredPlatform(async (req, res) => fail(req, res, new AppError('LAUNCH_UNKNOWN_PLATFORM', {}, { issuer: paramOf(req, 'iss') })));
  lti.onInactivePlatform(async (req, res) => {
    const clientId = paramOf(req, 'client_id');
    fail(req, res, await notActiveError(deps.storage, paramOf(req, 'iss'), clientId === '?' ? undefined : clientId));
  });

  const guarded = express();
  guarded.disable('x-powered-by');
  guarded.use(partitionedLaunchCookies(deps.config.baseUrl.startsWith('https://')));
  guarded.use((req, _res, next) => {
    checkLtiRequest(req);
    next();
  });
  guarded.all('/login', loginGuard(deps.config, deps.storage));
  guarded.all('/launch', (req, res, next) => {
    useTokenLocale(req, res);
    if (req.method !== 'POST') throw new AppError('LAUNCH_NO_TOKEN', { method: req.method });
    precheckLaunchPost(req.body ?? {});
    checkLaunchParams(req);
    next();
  });
  guarded.post('/launch', platformStorageLaunch(deps.config, deps.storage));
  // Keysets are kept per app: ltijs would otherwise fetch the platform's keyset on every launch.
  guarded.post('/launch', useCachedPlatformKeys(lti, new PlatformKeysets({ logger: deps.logger })));
  guarded.use(oidcLoginFlow(deps.config, deps.storage));
  dropLtijsHelmet(lti.app);
  catchAsyncLayers(lti.app);
  guarded.use(lti.app);
  return guarded;
}

function launchCallback(deps: LtiDeps, fail: (req: Request, res: Response, error: AppError) => void) {
  return (token: LtiIdToken, req: Request, res: Response) =>
    asyncHandler(async () => {
      const claims = decodeJwtPayload(req.body?.id_token);
      if (!claims) throw new AppError('LAUNCH_MALFORMED_TOKEN');
      const { location } = await completeLaunch(deps, claims, token.clientId);
      res.redirect(303, location);
    })(req, res, (err: unknown) => {
      if (err instanceof AppError) return fail(req, res, err);
      return deps.fail(err, req, res, () => undefined);
    });
}

async function hintsFrom(req: Request, storage: Storage): Promise<{ issuer?: string; clientId?: string; issuerKnown: boolean }> {
  const claims = decodeJwtPayload(req.body?.id_token);
  const issuer = typeof claims?.iss === 'string' ? claims.iss : undefined;
  const aud = claims?.aud;
  const clientId = typeof aud === 'string' ? aud : Array.isArray(aud) ? String(claims?.azp ?? aud[0]) : undefined;
  const issuerKnown = issuer ? (await storage.platforms.listPlatforms()).some((p) => p.issuer === issuer) : false;
  return { issuer, clientId, issuerKnown };
}

/**
 * A refused launch is explained in the language the LMS asked for. The locale is read from the
 * token even when its signature failed: it only picks the wording of the error page.
 */
function useTokenLocale(req: Request, res: Response): void {
  const presentation = decodeJwtPayload(req.body?.id_token)?.[CLAIM.launchPresentation] as { locale?: unknown } | undefined;
  if (presentation?.locale) res.locals.locale = localeFrom(presentation.locale);
}

function paramOf(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name] ?? req.query[name];
  return typeof value === 'string' ? value : '?';
}
