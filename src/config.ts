/**
 * The one typed configuration object, read from the environment once in main.ts and passed in.
 * readConfig lists every problem at once, so an admin fixes a .env file in one go.
 * Every variable is documented in .env.example.
 */
import net from 'node:net';
import path from 'node:path';
import { readTrustProxy, type TrustProxy } from './trust-proxy';
import { readRetentionPolicy } from './retention/retention-policy';
import type { RetentionPolicy } from './storage/ports/retention';
import { readMetricsConfig, type MetricsConfig } from './metrics/metrics-config';
import { readAlertsConfig, type AlertsConfig } from './listening/alerts/alerts-config';
import { readContributionConfig, type ContributionConfig } from './contributions/contribution-config';

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  /** Public URL of the tool as the LMS and browsers reach it, without trailing slash. */
  readonly baseUrl: string;
  readonly port: number;
  readonly host: string;
  /** Secret ltijs uses to encrypt platform keys and sign its tokens; also derives our CSRF tokens. */
  readonly ltiKey: string;
  readonly dataDir: string;
  /** MongoDB connection string; when absent the embedded SQLite file in dataDir is used. */
  readonly mongodbUri?: string;
  /** Express "trust proxy" setting: false, true, a hop count or a list of addresses. */
  readonly trustProxy: TrustProxy;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly dynamicRegistration: {
    readonly enabled: boolean;
    readonly autoActivate: boolean;
    /** Requests to /lti/register accepted per IP address and hour (each one makes the tool fetch a URL). */
    readonly requestsPerHour: number;
  };
  /** The demo course (a built-in test platform) at /demo; never in production. */
  readonly demoEnabled: boolean;
  /** Clock difference tolerated between platform and tool, in seconds. */
  readonly clockSkewSeconds: number;
  /** Maximum age of an id_token at the time it reaches the tool (iat to now), in seconds. */
  readonly idTokenMaxAgeSeconds: number;
  readonly sessionTtlMinutes: number;
  /** Largest accepted request body (launch form posts included), in bytes. */
  readonly maxBodyBytes: number;
  /** How many launches each kind of caller may make per window (see README, "Launch rate limits"). */
  readonly launchLimits: LaunchLimitsConfig;
  /** External catalogue sources (feeds an admin adds): the worker's schedule and every fetch's limits. */
  readonly feeds: FeedsConfig;
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before their connections are cut. */
  readonly shutdownDrainSeconds: number;
  /** How many processes serve the port (WORKERS, README "Several cores"): 1 is one process, as before. */
  readonly workers: number;
  /** Who may read /metrics and where: a Bearer token, an admin port, or neither (no /metrics). */
  readonly metrics: MetricsConfig;
  /** How long each kind of record is kept (RETENTION_*, README "Retention"); purged with the expired sessions. */
  readonly retention: RetentionPolicy;
  /** The worker that sends grade credits (launch/grade-outbox-worker.ts). */
  readonly gradeOutbox: GradeOutboxConfig;
  /** The read API (api/): requests each token may make per minute, counted across processes. */
  readonly api: { readonly requestsPerMinute: number };
  /** Alerts: the worker's schedule, webhook limits, SMTP for e-mails (listening/alerts/alerts-config.ts). */
  readonly alerts: AlertsConfig;
  /** Learners' contributions: the file size limit (CONTRIBUTION_MAX_BYTES). */
  readonly contributions: ContributionConfig;
}

export interface GradeOutboxConfig {
  /** Whether this process runs the worker (several processes may: claims keep them from sending a score twice). */
  readonly enabled: boolean;
  /** How often the worker looks for scores due (a learner's post also wakes it at once). */
  readonly tickSeconds: number;
  /** Scores claimed at once and sent one after the other. */
  readonly batch: number;
  /** A platform that has not answered a score after this long counts as refusing it (retried later). */
  readonly sendTimeoutSeconds: number;
}

export interface FeedsConfig {
  /** Whether this process runs the worker that fetches feeds (the admin page and CLI work either way). */
  readonly enabled: boolean;
  /** How long a feed fetched successfully waits before the next fetch. */
  readonly intervalMinutes: number;
  /** How often the worker looks for sources due. */
  readonly tickSeconds: number;
  /** Whole fetch, redirects and body included. */
  readonly timeoutSeconds: number;
  /** Largest body read; the stream is cut past it. */
  readonly maxBytes: number;
  /** http:// feeds (https only in production unless set). */
  readonly allowHttp: boolean;
  /** Feeds on loopback, private or link-local addresses (refused in production unless set: SSRF). */
  readonly allowPrivateAddresses: boolean;
}

export interface LaunchLimitsConfig {
  readonly windowSeconds: number;
  /** Verified launches of one user (issuer, client id, sub). */
  readonly perUser: number;
  /** Verified launches from one platform registration (issuer, client id). */
  readonly perPlatform: number;
  /** Refused requests (4xx) to /lti/login and /lti/launch from one address: garbage, not people. */
  readonly failuresPerIp: number;
  /** All requests to /lti/login and /lti/launch from one address: a ceiling for a whole campus behind one NAT. */
  readonly requestsPerIp: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super('Invalid configuration:\n  - ' + problems.join('\n  - '));
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const WEAK_KEYS = new Set(['changeme', 'change-me', 'secret', 'replace-with-a-long-random-secret']);
/** Used only outside production so that a fresh clone starts with no set-up. */
const DEVELOPMENT_KEY = 'learner-voice-development-key-not-for-production';

export function readConfig(env: Env): Config {
  const problems: string[] = [];
  const nodeEnv = readNodeEnv(env.NODE_ENV, problems);
  const production = nodeEnv === 'production';

  const port = integer(env.PORT, 3000, 'PORT', problems, { min: 0, max: 65535 });
  const host = readHost(env.HOST, problems);
  const baseUrl = readBaseUrl(env.BASE_URL, port, production, problems);

  let ltiKey = env.LTI_KEY?.trim() ?? '';
  if (production) {
    if (!ltiKey) problems.push('LTI_KEY is required in production: set it to a random secret of at least 32 characters (for example: openssl rand -hex 32).');
    else if (ltiKey.length < 32 || WEAK_KEYS.has(ltiKey.toLowerCase()) || ltiKey === DEVELOPMENT_KEY || /^(.)\1+$/.test(ltiKey))
      problems.push('LTI_KEY is too weak for production: use a random secret of at least 32 characters (for example: openssl rand -hex 32).');
  } else if (!ltiKey) {
    ltiKey = DEVELOPMENT_KEY;
  }

  const mongodbUri = env.MONGODB_URI?.trim() || undefined;
  if (mongodbUri && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://.');

  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || (nodeEnv === 'test' ? 'silent' : 'info')) as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}").`);

  const demoEnabled = boolean(env.DEMO_ENABLED, !production, 'DEMO_ENABLED', problems);
  if (production && demoEnabled) problems.push('DEMO_ENABLED cannot be true in production: the demo course is a fake LMS that anyone could use to launch the tool.');

  const config: Config = {
    env: nodeEnv,
    baseUrl,
    port,
    host,
    ltiKey,
    dataDir: path.resolve(env.DATA_DIR?.trim() || 'data'),
    mongodbUri,
    trustProxy: readTrustProxy(env.TRUST_PROXY, problems),
    logLevel,
    dynamicRegistration: {
      enabled: boolean(env.DYNREG_ENABLED, true, 'DYNREG_ENABLED', problems),
      autoActivate: boolean(env.DYNREG_AUTO_ACTIVATE, false, 'DYNREG_AUTO_ACTIVATE', problems),
      requestsPerHour: integer(env.DYNREG_RATE_LIMIT, 30, 'DYNREG_RATE_LIMIT', problems, { min: 1, max: 10_000 }),
    },
    demoEnabled,
    clockSkewSeconds: integer(env.CLOCK_SKEW_SECONDS, 60, 'CLOCK_SKEW_SECONDS', problems, { min: 0, max: 600 }),
    idTokenMaxAgeSeconds: integer(env.ID_TOKEN_MAX_AGE_SECONDS, 120, 'ID_TOKEN_MAX_AGE_SECONDS', problems, { min: 10, max: 3600 }),
    sessionTtlMinutes: integer(env.SESSION_TTL_MINUTES, 480, 'SESSION_TTL_MINUTES', problems, { min: 5, max: 10080 }),
    maxBodyBytes: integer(env.MAX_BODY_BYTES, 64 * 1024, 'MAX_BODY_BYTES', problems, { min: 8 * 1024, max: 10 * 1024 * 1024 }),
    launchLimits: {
      windowSeconds: integer(env.LAUNCH_LIMIT_WINDOW_SECONDS, 60, 'LAUNCH_LIMIT_WINDOW_SECONDS', problems, { min: 1, max: 3600 }),
      perUser: integer(env.LAUNCH_LIMIT_PER_USER, 60, 'LAUNCH_LIMIT_PER_USER', problems, { min: 1, max: 1_000_000 }),
      perPlatform: integer(env.LAUNCH_LIMIT_PER_PLATFORM, 10_000, 'LAUNCH_LIMIT_PER_PLATFORM', problems, { min: 1, max: 10_000_000 }),
      failuresPerIp: integer(env.LAUNCH_LIMIT_FAILURES_PER_IP, 300, 'LAUNCH_LIMIT_FAILURES_PER_IP', problems, { min: 1, max: 10_000_000 }),
      requestsPerIp: integer(env.LAUNCH_LIMIT_REQUESTS_PER_IP, 10_000, 'LAUNCH_LIMIT_REQUESTS_PER_IP', problems, { min: 1, max: 10_000_000 }),
    },
    feeds: {
      enabled: boolean(env.FEEDS_ENABLED, true, 'FEEDS_ENABLED', problems),
      intervalMinutes: integer(env.FEEDS_INTERVAL_MINUTES, 360, 'FEEDS_INTERVAL_MINUTES', problems, { min: 5, max: 10_080 }),
      tickSeconds: integer(env.FEEDS_TICK_SECONDS, 60, 'FEEDS_TICK_SECONDS', problems, { min: 1, max: 3600 }),
      timeoutSeconds: integer(env.FEEDS_TIMEOUT_SECONDS, 10, 'FEEDS_TIMEOUT_SECONDS', problems, { min: 1, max: 120 }),
      maxBytes: integer(env.FEEDS_MAX_BYTES, 2 * 1024 * 1024, 'FEEDS_MAX_BYTES', problems, { min: 16 * 1024, max: 50 * 1024 * 1024 }),
      // Outside production a feed on localhost is how one tries the feature; in production it is SSRF.
      allowHttp: boolean(env.FEEDS_ALLOW_HTTP, !production, 'FEEDS_ALLOW_HTTP', problems),
      allowPrivateAddresses: boolean(env.FEEDS_ALLOW_PRIVATE_ADDRESSES, !production, 'FEEDS_ALLOW_PRIVATE_ADDRESSES', problems),
    },
    contributions: readContributionConfig(env, problems),
    shutdownDrainSeconds: integer(env.SHUTDOWN_DRAIN_SECONDS, 10, 'SHUTDOWN_DRAIN_SECONDS', problems, { min: 0, max: 300 }),
    workers: integer(env.WORKERS, 1, 'WORKERS', problems, { min: 1, max: 64 }),
    gradeOutbox: {
      enabled: boolean(env.GRADE_OUTBOX_ENABLED, true, 'GRADE_OUTBOX_ENABLED', problems),
      tickSeconds: integer(env.GRADE_OUTBOX_TICK_SECONDS, 30, 'GRADE_OUTBOX_TICK_SECONDS', problems, { min: 1, max: 3600 }),
      batch: integer(env.GRADE_OUTBOX_BATCH, 10, 'GRADE_OUTBOX_BATCH', problems, { min: 1, max: 100 }),
      sendTimeoutSeconds: integer(env.GRADE_OUTBOX_SEND_TIMEOUT_SECONDS, 30, 'GRADE_OUTBOX_SEND_TIMEOUT_SECONDS', problems, { min: 1, max: 300 }),
    },
    api: { requestsPerMinute: integer(env.API_RATE_LIMIT_PER_MINUTE, 120, 'API_RATE_LIMIT_PER_MINUTE', problems, { min: 1, max: 100_000 }) },
    retention: readRetentionPolicy(env, problems),
    metrics: readMetricsConfig(env, port, problems),
    alerts: readAlertsConfig(env, production, problems),
  };
  // Each worker counts its own requests: on the main port a scrape would reach one of them. The
  // admin port is the primary's, which asks every worker (cluster-primary.ts).
  if (config.workers > 1 && config.metrics.token && config.metrics.port === undefined)
    problems.push('WORKERS above 1 serves /metrics on METRICS_PORT only (on the main port a scrape would reach one worker and see its requests alone): set METRICS_PORT.');
  if (config.workers > 1 && config.demoEnabled)
    problems.push('WORKERS above 1 cannot run the demo: its test platform (keys, logins) lives in one process\'s memory. Set DEMO_ENABLED=false or WORKERS=1.');
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function readBaseUrl(raw: string | undefined, port: number, production: boolean, problems: string[]): string {
  const value = raw?.trim() || (production ? '' : `http://localhost:${port}`);
  if (!value) {
    problems.push('BASE_URL is required in production: the public https:// address of the tool, as the LMS reaches it.');
    return '';
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`BASE_URL "${value}" is not a valid URL (expected for example https://voice.example.edu).`);
    return value;
  }
  if (url.search || url.hash) problems.push('BASE_URL must not contain a query string or fragment.');
  // Pages link to /static and the LTI routes live at /lti: the tool is served at the root of its host.
  if (url.pathname !== '/') problems.push(`BASE_URL must be an origin without a path (got "${value}"): serve the tool at the root of its own host name.`);
  if (production) {
    if (url.protocol !== 'https:') problems.push('BASE_URL must use https:// in production: LMSs frame the tool and its cookies need SameSite=None; Secure.');
    if (/^(localhost|127\.|0\.0\.0\.0|\[::1\])/.test(url.hostname)) problems.push('BASE_URL must be a public address in production, not localhost.');
  } else if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push('BASE_URL must use http:// or https://.');
  }
  return url.origin;
}

const LOG_LEVELS: readonly Config['logLevel'][] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** An unknown NODE_ENV ("prod", "staging") is refused: read as development, it would turn the demo on. */
function readNodeEnv(raw: string | undefined, problems: string[]): Config['env'] {
  const value = raw?.trim() || 'development';
  if (value === 'development' || value === 'production' || value === 'test') return value;
  problems.push(`NODE_ENV must be development, production or test (got "${raw}").`);
  return 'development';
}

/** An IP address or a host name: what listen() takes; anything else fails later as an unclear DNS error. */
function readHost(raw: string | undefined, problems: string[]): string {
  const value = raw?.trim() || '0.0.0.0';
  if (net.isIP(value) || /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(value)) return value;
  problems.push(`HOST must be an IP address (0.0.0.0 for every interface) or a host name (got "${raw}").`);
  return '0.0.0.0';
}

function boolean(raw: string | undefined, fallback: boolean, name: string, problems: string[]): boolean {
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  problems.push(`${name} must be true or false (got "${raw}").`);
  return fallback;
}

function integer(raw: string | undefined, fallback: number, name: string, problems: string[], range: { min: number; max: number }): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    problems.push(`${name} must be a whole number between ${range.min} and ${range.max} (got "${raw}").`);
    return fallback;
  }
  return n;
}

/** The tool's LTI endpoints, derived from BASE_URL; the only place these paths are spelled. */
export function toolUrls(baseUrl: string) {
  baseUrl = baseUrl.replace(/\/+$/, '');
  return {
    login: `${baseUrl}/lti/login`,
    launch: `${baseUrl}/lti/launch`,
    keyset: `${baseUrl}/lti/keys`,
    register: `${baseUrl}/lti/register`,
    canvasConfig: `${baseUrl}/lti/canvas.json`,
    demo: `${baseUrl}/demo`,
  } as const;
}
