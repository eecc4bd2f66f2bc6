/**
 * Structured JSON logs, written so that no secret or personal identifier reaches them:
 * - session ids travel in URLs (/s/<id>/…): the whole path segment is masked, however encoded;
 * - /lti/* query strings carry login_hint, lti_message_hint and registration tokens: dropped;
 * - LTI user ids and hints logged as fields become a short hash (enough to correlate lines);
 * - every line written while a request is served names that request (request-scope.ts).
 */
import { createHash } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { currentRequest } from './request-scope';

export type { Logger };

/** Field names that hold an LTI user id, a launch hint, a token or a session id, wherever they appear. */
const IDENTIFYING_FIELDS = new Set([
  'sub',
  'userId',
  'user',
  'authorId',
  'login_hint',
  'loginHint',
  'lti_message_hint',
  'messageHint',
  'registration_token',
  'registrationToken',
  'id_token',
  'idToken',
  'state',
  'nonce',
  'sessionId',
  'sid',
]);
const MAX_DEPTH = 4;

/** Writes to stdout unless a destination is given (tests read the lines). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'learner-voice' },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    mixin: () => {
      const request = currentRequest();
      return request ? { reqId: request.id } : {};
    },
    formatters: { log: (fields) => scrubIdentifiers(fields, 0) as Record<string, unknown> },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A short, stable stand-in for an identifier: the same user gives the same hash across lines. */
export function shortHash(value: unknown): string {
  return 'h:' + createHash('sha256').update(String(value)).digest('base64url').slice(0, 10);
}

function scrubIdentifiers(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => scrubIdentifiers(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (IDENTIFYING_FIELDS.has(key) && field !== undefined && field !== null) out[key] = shortHash(field);
    else if (key === 'url' && typeof field === 'string') out[key] = maskUrl(field);
    else out[key] = scrubIdentifiers(field, depth + 1);
  }
  return out;
}

/** The URL as logs may show it. */
export function maskUrl(url: string): string {
  // Badge tokens are public but name a course: logs keep the route, not the token.
  const masked = url.replace(/\/s\/[^/?#]*/g, '/s/[session]').replace(/\/badge\/[^/?#.]*/g, '/badge/[token]');
  return /^\/lti(\/|\?|$)/.test(masked) ? masked.replace(/\?.*$/s, masked.includes('?') ? '?[query dropped]' : '') : masked;
}
