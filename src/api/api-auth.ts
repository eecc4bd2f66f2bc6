/**
 * Bearer authentication of the read API (RFC 6750): the token in the Authorization header and
 * nowhere else. Cookies and tool sessions are never read here (the API has no cookie, so it needs
 * no CSRF protection, and a browser's ambient credentials can never call it). A missing, malformed,
 * unknown or revoked token, or one whose platform is gone, inactive or registered anew since, is the
 * same 401 with WWW-Authenticate.
 * The token itself is never logged: the refusal's detail says only which of those it was.
 */
import type { RequestHandler, Response } from 'express';
import { asyncHandler } from '../http/async-handler';
import { AppError } from '../http/errors';
import type { Storage } from '../storage/port';
import type { ApiToken } from '../storage/ports/api-tokens';
import { looksLikeToken, tokenDigest } from './api-token';

/** A token's last use is written at most this often (one write a minute per busy token). */
export const LAST_USE_INTERVAL_MS = 60_000;
const REALM = 'learner-voice';

export function bearerAuth(storage: Pick<Storage, 'apiTokens' | 'platforms'>, now: () => Date): RequestHandler {
  return asyncHandler(async (req, res, next) => {
    const header = req.headers.authorization;
    const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(header ?? '');
    if (!match) return refuse(res, header ? 'not a bearer token' : 'none sent', header !== undefined);
    const sent = match[1]!;
    if (!looksLikeToken(sent)) return refuse(res, 'not a token of this tool', true);
    const token = await storage.apiTokens.findByDigest(tokenDigest(sent));
    if (!token) return refuse(res, 'unknown token', true);
    if (token.revokedAt) return refuse(res, 'revoked token', true, token.id);
    const platform = await storage.platforms.findPlatform(token.platform);
    if (!platform || platform.deactivatedAt) return refuse(res, 'platform removed or inactive', true, token.id);
    // A platform removed and registered again is a new registration: tokens of the earlier one stay dead.
    if (token.createdAt < platform.registeredAt) return refuse(res, 'token of an earlier registration of the platform', true, token.id);
    await storage.apiTokens.touchToken(token.id, now(), LAST_USE_INTERVAL_MS);
    res.locals.apiToken = token;
    next();
  });
}

/** The token the request was authenticated with (bearerAuth ran before). */
export function apiTokenOf(res: Response): ApiToken {
  const token = res.locals.apiToken as ApiToken | undefined;
  if (!token) throw new Error('bearerAuth must run before the API routes');
  return token;
}

function refuse(res: Response, reason: string, sent: boolean, tokenId?: string): never {
  res.setHeader('WWW-Authenticate', sent ? `Bearer realm="${REALM}", error="invalid_token"` : `Bearer realm="${REALM}"`);
  throw new AppError('API_UNAUTHORIZED', { reason, ...(tokenId ? { tokenId } : {}) });
}
