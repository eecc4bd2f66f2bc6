/**
 * Whether a finished request was an LTI launch accepted or refused, read from its response alone, so
 * that every way a launch can be refused counts (our guards, ltijs's validation, its callbacks, the
 * address limits in front of /lti) without each of them knowing about metrics:
 * - accepted: /lti/launch redirected the browser into a new tool session (complete-launch.ts);
 * - refused: /lti/login or /lti/launch ended in the error handler, which names the catalogue code
 *   (res.locals.errorCode, error-handler.ts).
 * The platform-storage read-back page (a 200 between the login and the real launch) is neither.
 */
import { ERROR_CODES, type ErrorCode } from '../http/errors';

export type LaunchOutcome = { readonly accepted: true } | { readonly accepted: false; readonly code: ErrorCode } | undefined;

export interface FinishedLaunchRequest {
  /** The path, without its query string. */
  readonly path: string;
  readonly status: number;
  readonly location: string | undefined;
  /** What the error handler answered with, if it answered. */
  readonly errorCode: unknown;
}

const LAUNCH_PATHS = new Set(['/lti/login', '/lti/launch']);
const KNOWN_CODES = new Set<string>(ERROR_CODES);

export function launchOutcome(request: FinishedLaunchRequest): LaunchOutcome {
  if (!LAUNCH_PATHS.has(request.path)) return undefined;
  if (typeof request.errorCode === 'string') return { accepted: false, code: KNOWN_CODES.has(request.errorCode) ? (request.errorCode as ErrorCode) : 'INTERNAL' };
  if (request.path === '/lti/launch' && request.status === 303 && /^\/s\/[^/]+\//.test(request.location ?? '')) return { accepted: true };
  return undefined;
}
