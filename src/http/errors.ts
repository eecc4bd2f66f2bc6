/**
 * The one catalogue of errors the tool shows to people. Each code has a stable name, an HTTP status,
 * and (in i18n/) a title, an explanation and a hint for the admin, in English and French.
 * Code anywhere throws `new AppError('CODE', { detail })`; http/error-handler.ts turns it into a page
 * (or JSON) in the user's language and logs the detail.
 */
export const ERROR_STATUS = {
  // Launch (OIDC login initiation and id_token validation)
  LOGIN_MISSING_PARAMS: 400,
  LOGIN_FOREIGN_TARGET: 400,
  LOGIN_BAD_PARAMETER: 400,
  LAUNCH_BAD_PARAMETER: 400,
  LAUNCH_NO_TOKEN: 400,
  LAUNCH_MALFORMED_TOKEN: 400,
  LAUNCH_BAD_SIGNATURE: 401,
  LAUNCH_WRONG_AUDIENCE: 401,
  LAUNCH_TOKEN_EXPIRED: 401,
  LAUNCH_IAT_IN_FUTURE: 401,
  LAUNCH_NONCE_MISSING: 400,
  LAUNCH_NONCE_REPLAYED: 401,
  LAUNCH_STATE_MISSING: 400,
  LAUNCH_STATE_MISMATCH: 401,
  LAUNCH_UNKNOWN_PLATFORM: 403,
  LAUNCH_UNKNOWN_DEPLOYMENT: 403,
  LAUNCH_MISSING_DEPLOYMENT: 400,
  LAUNCH_BAD_MESSAGE_TYPE: 400,
  LAUNCH_BAD_VERSION: 400,
  LAUNCH_MISSING_RESOURCE_LINK: 400,
  LAUNCH_MISSING_CLAIM: 400,
  LAUNCH_FOREIGN_TARGET: 400,
  LAUNCH_PLATFORM_INACTIVE: 403,
  LAUNCH_PLATFORM_PENDING: 403,
  LAUNCH_KEYSET_UNREACHABLE: 502,
  // Sessions and requests
  SESSION_EXPIRED: 401,
  CSRF_FAILED: 403,
  FORBIDDEN_ROLE: 403,
  CATALOGUE_ONLY: 403,
  FORBIDDEN_PLATFORM_ADMIN: 403,
  // Listening (issue 15): a launch without a course by someone who is no training manager; the managers page
  LISTENING_MANAGERS_ONLY: 403,
  MANAGERS_ADMINS_ONLY: 403,
  NOT_FOUND: 404,
  REQUEST_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INVALID_INPUT: 400,
  REQUEST_UNREADABLE: 400,
  UNSUPPORTED_ENCODING: 415,
  INVALID_PAGE_LINK: 400,
  // Registration
  REGISTRATION_DISABLED: 403,
  REGISTRATION_BAD_REQUEST: 400,
  REGISTRATION_CONFIGURATION_UNREACHABLE: 422,
  REGISTRATION_CONFIGURATION_UNUSABLE: 422,
  REGISTRATION_TOKEN_REFUSED: 403,
  REGISTRATION_FOREIGN_UPDATE: 403,
  REGISTRATION_PLATFORM_ERROR: 502,
  // Deep linking
  DEEP_LINK_NOTHING_CHOSEN: 400,
  DEEP_LINK_NOT_A_REQUEST: 400,
  // Panels
  PANEL_DISABLED: 403,
  // Reviews
  REVIEW_LEARNERS_ONLY: 403,
  REVIEW_WINDOW_CLOSED: 403,
  REVIEW_OWN_VOTE: 400,
  MODERATION_REASON_REQUIRED: 400,
  // Anything unforeseen
  INTERNAL: 500,
  // Consumer group
  CONSULTATION_CLOSED: 409,
  IDEA_MERGED: 409,
  // Metrics (a scraper without the METRICS_TOKEN)
  METRICS_UNAUTHORIZED: 401,
  // Read API (api/): answered as application/problem+json
  API_UNAUTHORIZED: 401,
  API_NOT_FOUND: 404,
  API_INVALID_LIMIT: 400,
  API_INVALID_PARAMETER: 400,
  API_UNKNOWN_PARAMETER: 400,
  API_INVALID_VALUE: 400,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    /** Logged, never shown: what exactly was wrong, for whoever debugs. */
    readonly detail: Record<string, unknown> = {},
    /** Values interpolated into the translated message, e.g. { field: 'title' }. Shown to the user: keep them safe. */
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
