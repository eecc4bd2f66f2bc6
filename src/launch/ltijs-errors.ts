/**
 * ltijs reports a failed validation as a message string (res.locals.err.details.message), taken from
 * its own codes (Utils/Auth.js, Provider.js) or from jsonwebtoken and got. This maps each to our
 * catalogue, so every failure becomes a 4xx page that says what went wrong.
 */
import { AppError, type ErrorCode } from '../http/errors';

const BY_LTIJS_CODE: Record<string, ErrorCode> = {
  INVALID_JWT_RECEIVED: 'LAUNCH_MALFORMED_TOKEN',
  MISSING_VALIDATION_COOKIE: 'LAUNCH_STATE_MISMATCH',
  ISS_CLAIM_DOES_NOT_MATCH: 'LAUNCH_STATE_MISMATCH',
  UNREGISTERED_PLATFORM: 'LAUNCH_UNKNOWN_PLATFORM',
  PLATFORM_NOT_ACTIVATED: 'LAUNCH_PLATFORM_INACTIVE',
  KID_NOT_FOUND: 'LAUNCH_BAD_SIGNATURE',
  KEY_NOT_FOUND: 'LAUNCH_BAD_SIGNATURE',
  KEYSET_NOT_FOUND: 'LAUNCH_KEYSET_UNREACHABLE',
  AUTHCONFIG_NOT_FOUND: 'LAUNCH_BAD_SIGNATURE',
  ALG_NOT_RS256: 'LAUNCH_BAD_SIGNATURE',
  AZP_DOES_NOT_MATCH_CLIENTID: 'LAUNCH_WRONG_AUDIENCE',
  TOKEN_TOO_OLD: 'LAUNCH_TOKEN_EXPIRED',
  NONCE_ALREADY_RECEIVED: 'LAUNCH_NONCE_REPLAYED',
  NO_MESSAGE_TYPE_CLAIM: 'LAUNCH_BAD_MESSAGE_TYPE',
  NO_TARGET_LINK_URI_CLAIM: 'LAUNCH_MISSING_CLAIM',
  NO_RESOURCE_LINK_ID_CLAIM: 'LAUNCH_MISSING_RESOURCE_LINK',
  NO_LTI_VERSION_CLAIM: 'LAUNCH_BAD_VERSION',
  WRONG_LTI_VERSION_CLAIM: 'LAUNCH_BAD_VERSION',
  NO_DEPLOYMENT_ID_CLAIM: 'LAUNCH_MISSING_DEPLOYMENT',
  NO_SUB_CLAIM: 'LAUNCH_MISSING_CLAIM',
  NO_ROLES_CLAIM: 'LAUNCH_MISSING_CLAIM',
  NO_LTIK_OR_IDTOKEN_FOUND: 'LAUNCH_NO_TOKEN',
  // jsonwebtoken's messages
  'invalid signature': 'LAUNCH_BAD_SIGNATURE',
  'invalid algorithm': 'LAUNCH_BAD_SIGNATURE',
  'jwt signature is required': 'LAUNCH_BAD_SIGNATURE',
  'jwt malformed': 'LAUNCH_MALFORMED_TOKEN',
  'invalid token': 'LAUNCH_MALFORMED_TOKEN',
  'jwt expired': 'LAUNCH_TOKEN_EXPIRED',
  'jwt not active': 'LAUNCH_IAT_IN_FUTURE',
};

const MISSING_CLAIM_NAMES: Record<string, string> = {
  NO_TARGET_LINK_URI_CLAIM: 'target_link_uri',
  NO_SUB_CLAIM: 'sub',
  NO_ROLES_CLAIM: 'roles',
};

/** Network and parsing failures of got while fetching the platform keyset. */
const KEYSET_FETCH_FAILURE = /Response code \d+|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|timed out|Timeout|Unexpected token|JSON/i;

export function appErrorFromLtijs(message: string, hints: { issuer?: string; clientId?: string }): AppError {
  // ltijs's message can echo a library's text: look it up among our own keys only.
  const code = (Object.hasOwn(BY_LTIJS_CODE, message) ? BY_LTIJS_CODE[message] : undefined) ?? (KEYSET_FETCH_FAILURE.test(message) ? 'LAUNCH_KEYSET_UNREACHABLE' : 'LAUNCH_BAD_SIGNATURE');
  const params: Record<string, string> = {
    issuer: hints.issuer ?? '?',
    clientId: hints.clientId ?? '?',
    claim: Object.hasOwn(MISSING_CLAIM_NAMES, message) ? MISSING_CLAIM_NAMES[message] : message,
  };
  return new AppError(code, { ltijs: message, ...hints }, params);
}
