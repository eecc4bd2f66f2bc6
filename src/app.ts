/**
 * createApp wires everything and never listens: main.ts listens, tests drive it in-process.
 * The flow reads top to bottom: security headers → static → health → badge → read API (/api, Bearer
 * tokens, no session) → body parsing → LTI (/lti) →
 * tool sessions (/s/:sid) with CSRF and write limits → panels → demo → errors.
 */
import path from 'node:path';
import express from 'express';
import type { LtiProvider } from 'ltijs';
import type { Config } from './config';
import { toolUrls } from './config';
import { asyncHandler } from './http/async-handler';
import { csrfProtection } from './http/csrf';
import { refuseDeclaredOversize } from './http/declared-length';
import { errorHandler } from './http/error-handler';
import { AppError } from './http/errors';
import { FrameAncestors } from './http/frame-ancestors';
import { maskUrl, type Logger } from './http/logger';
import { launchAddressLimits, perIpLaunchLimit, perUserWriteLimit } from './http/rate-limits';
import { renderPage, VIEW_OPTIONS, VIEWS_ROOT } from './http/render';
import { requestLog } from './http/request-log';
import { requestScope } from './http/request-scope';
import { securityHeaders } from './http/security-headers';
import { requireSession, sessionLoader } from './http/session-loader';
import { localeFromAcceptLanguage } from './context/locale';
import { canvasJsonConfiguration } from './launch/canvas-config';
import { deepLinkingRoutes } from './launch/deep-linking';
import { dynamicRegistrationHandler } from './launch/dynamic-registration';
import { LaunchLimits } from './launch/launch-limits';
import { ltiRoutes, newLtiProvider } from './launch/lti-provider';
import { PlatformRegistry } from './launch/platform-registry';
import { panelRoutes } from './panels';
import { contributionUploadBody } from './panels/contributions/upload-body';
import { Catalogue } from './catalogue/catalogue-service';
import { storeExternalEntries } from './catalogue/external/store-entries';
import { isPlatformAdmin } from './context/roles';
import { badgeRoutes } from './catalogue/badge/badge-routes';
import { storeBadgeSource } from './catalogue/badge/store-badges';
import { ltijsRoster } from './launch/roster';
import { ltijsGradebook } from './launch/gradebook';
import { GradeOutboxWorker } from './launch/grade-outbox-worker';
import { gradeOutboxSettings } from './launch/grade-outbox-schedule';
import { AlertWorker } from './listening/alerts/alert-worker';
import { alertMailer, alertWorkerSettings } from './listening/alerts/alert-settings';
import { apiRoutes } from './api/api-routes';
import type { Storage } from './storage/port';
import { createMetrics, type ToolMetrics } from './metrics/tool-metrics';
import { httpMetrics } from './metrics/http-metrics';
import { timedStorage } from './metrics/timed-storage';
import { PlatformReadCache, withCachedPlatformReads, withPlatformWritesSeen } from './storage/cached-platform-reads';
import { metricsRoute } from './metrics/metrics-route';
import { metricsPlace } from './metrics/metrics-config';

const ROOT = path.resolve(__dirname, '..');

export interface ToolApp {
  readonly app: express.Express;
  readonly lti: LtiProvider;
  readonly registry: PlatformRegistry;
  readonly frames: FrameAncestors;
  /** Sends the grade outbox; main.ts starts it, tests call its runOnce(). */
  readonly gradeOutbox: GradeOutboxWorker;
  /** Evaluates alert rules and sends alerts; main.ts starts it, tests call its runOnce(). */
  readonly alerts: AlertWorker;
  /** What /metrics shows (main.ts serves it on the admin port when METRICS_PORT is set). */
  readonly metrics: ToolMetrics;
  /**
   * Stops the grade outbox worker (waiting for its send in flight, which needs ltijs), then ltijs.
   * The storage stays open in both modes (its owner closes it): ltijs persists through the
   * storage's plugin, whose Close() does nothing, and has no connection of its own to close.
   */
  close(): Promise<void>;
}

export async function createApp(deps: { config: Config; storage: Storage; logger: Logger; now?: () => Date; metrics?: ToolMetrics }): Promise<ToolApp> {
  const { config, logger } = deps;
  const metrics = deps.metrics ?? createMetrics();
  // Every store call the app makes is timed (lv_store_call_duration_seconds); behaviour is unchanged.
  // The platform records each launch reads several times are kept for a second for the launch (ltijs
  // and the launch routes get launchStorage); every platform write in this process empties them.
  // Both over the timed store, side by side: the launch's store calls go through one wrapper, not two.
  const platformReads = new PlatformReadCache();
  const timed = timedStorage(deps.storage, metrics.storeCallDuration);
  const storage = withPlatformWritesSeen(timed, platformReads);
  const launchStorage = withCachedPlatformReads(timed, platformReads);
  const selfOrigin = new URL(config.baseUrl).origin;
  const frames = new FrameAncestors(storage, selfOrigin);
  const lti = await startLti(config, launchStorage);
  const registry = new PlatformRegistry(lti, storage, { allowHttp: config.env !== 'production', encryptionKey: config.ltiKey });
  const fail = errorHandler(config, logger);
  // Every rate limit counts in the store, so that it holds once across the deployment's processes.
  const limitWindows = { windows: storage.rateLimits, logger };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // Every session page is personal and sent with no-store (below), so an ETag (a hash of each body) is never used:
  // it cost ~8% of a panel view's CPU. Static files keep theirs (express.static has its own).
  app.set('etag', false);
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_ROOT);
  app.set('view options', VIEW_OPTIONS);

  app.use(requestScope(maskUrl));
  app.use(httpMetrics(metrics));
  // One short line per request: method, masked URL, status (response headers would be most of each line),
  // and the scope's request id (request-log.ts).
  app.use(requestLog(logger, maskUrl));
  app.use(sessionLoader(storage, frames));
  app.use(securityHeaders());
  app.use('/static', express.static(path.join(ROOT, 'public'), { index: false, maxAge: config.env === 'production' ? '1d' : 0 }));
  // Browsers ask for /favicon.ico before they read the page's <link rel="icon">.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/favicon.svg'));
  app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
  app.get('/readyz', asyncHandler(async (_req, res) => {
    try {
      await storage.ping();
      res.json({ status: 'ready', store: storage.kind });
    } catch (err) {
      logger.error({ err }, 'store unreachable');
      res.status(503).json({ status: 'unavailable', store: storage.kind });
    }
  }));

  if (metricsPlace(config.metrics) === 'main-port') app.use(metricsRoute(metrics, { token: config.metrics.token }));

  // The public rating badge: no session, same for everyone (catalogue/badge/badge-routes.ts).
  app.use(badgeRoutes({ source: storeBadgeSource(storage, deps.now ?? (() => new Date())), logger }));

  // The read API: Bearer tokens only, no session, no cookie, no body (api/api-routes.ts).
  app.use('/api', apiRoutes({ storage, baseUrl: config.baseUrl, requestsPerMinute: config.api.requestsPerMinute, windows: storage.rateLimits, logger, now: deps.now ?? (() => new Date()) }));

  // Before the body parsers, so that a body they refuse counts as a failure of its address too.
  const addressLimits = launchAddressLimits(limitWindows, config.launchLimits);
  app.use(['/lti/login', '/lti/launch'], addressLimits.refusals);
  app.use('/lti/login', addressLimits.logins);
  app.use(refuseDeclaredOversize(config.maxBodyBytes));
  app.use(express.urlencoded({ extended: false, limit: config.maxBodyBytes, parameterLimit: 200 }));
  app.use(express.json({ limit: config.maxBodyBytes }));

  app.get('/lti/canvas.json', (_req, res) => res.json(canvasJsonConfiguration(config.baseUrl)));
  app.use('/lti/register', perIpLaunchLimit({ name: 'ip-register', windowMs: 3_600_000, limit: config.dynamicRegistration.requestsPerHour }, limitWindows));
  app.use(
    '/lti',
    ltiRoutes(lti, {
      config,
      storage: launchStorage,
      frames,
      launchLimits: new LaunchLimits(config.launchLimits, limitWindows),
      fail,
      registrationHandler: dynamicRegistrationHandler({ config, registry, frames, logger }),
      logger,
    }),
  );

  const session = express.Router({ mergeParams: true });
  // Panels show a person's own data and tokens: no cache (browser back/forward, proxies) may keep them.
  session.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const gradebook = ltijsGradebook(lti);
  const now = deps.now ?? (() => new Date());
  // The contributions' share form is multipart: read before the CSRF check, which needs its token (panels/contributions/upload-body.ts).
  const contributionUploads = contributionUploadBody({ config, storage, logger, roster: ltijsRoster(lti, logger), gradebook, now });
  session.use(requireSession, perUserWriteLimit(limitWindows, { windowMs: 60_000, limit: 30 }), contributionUploads, csrfProtection(selfOrigin));
  const gradeOutbox = new GradeOutboxWorker({ store: storage.gradeOutbox, gradebook, settings: gradeOutboxSettings(config.gradeOutbox), logger, now });
  const catalogue = new Catalogue(storage, now, storeExternalEntries(storage));
  const nudgeGradeOutbox = () => gradeOutbox.nudge();
  const alerts = new AlertWorker({ storage, settings: alertWorkerSettings(config.alerts), logger, mailer: alertMailer(config.alerts), ltiKey: config.ltiKey, now });
  const nudgeAlerts = (course: Parameters<AlertWorker['nudgeCourse']>[0]) => alerts.nudgeCourse(course);
  session.use(panelRoutes({ config, storage, logger, roster: ltijsRoster(lti, logger), gradebook, now, nudgeGradeOutbox, nudgeAlerts }, { catalogue, isPlatformAdmin }));
  session.use(deepLinkingRoutes(lti, config, { storage, gradebook, logger }));
  app.use('/s/:sid', session);

  // Loaded only when on: the demo's test platform (and jose with it) is 29 modules production never runs.
  if (config.demoEnabled) {
    const { demoRoutes } = await import('./demo/demo-routes');
    app.use(await demoRoutes({ config, registry, storage, logger }));
  }
  app.get('/', (req, res) => {
    const locale = localeFromAcceptLanguage(req.headers['accept-language']);
    renderPage(res, 'home', locale, { urls: toolUrls(config.baseUrl), demoEnabled: config.demoEnabled });
  });
  app.use((_req, _res, next) => next(new AppError('NOT_FOUND')));
  app.use(fail);

  return {
    app,
    lti,
    registry,
    frames,
    gradeOutbox,
    alerts,
    metrics,
    close: async () => {
      await Promise.all([gradeOutbox.stop(), alerts.stop()]);
      await lti.close({ silent: true });
    },
  };
}

/** ltijs's deploy() adds a SIGINT handler that exits the process; main.ts owns shutdown instead. */
async function startLti(config: Config, storage: Storage): Promise<LtiProvider> {
  const before = new Set(process.listeners('SIGINT'));
  const lti = newLtiProvider(config, storage);
  await lti.deploy({ serverless: true, silent: true });
  for (const listener of process.listeners('SIGINT')) if (!before.has(listener)) process.removeListener('SIGINT', listener);
  return lti;
}
