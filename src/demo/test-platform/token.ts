/**
 * The OAuth 2 token endpoint for LTI Advantage services (Security Framework §4.1: client credentials
 * grant with a private_key_jwt client assertion, RFC 7523) and the bearer check the services use.
 *
 * The assertion must be signed by a key in the tool's JWKS, with iss = sub = the client id, an aud
 * naming this platform (token endpoint, issuer, or Canvas's authorization_server host), exp and a
 * jti never used before. Granted scopes are those asked for that the registration allows; the access
 * token lasts 3600 s, as Moodle's and Canvas's do.
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { decodeJwt, jwtVerify } from 'jose';
import { CLIENT_ASSERTION_TYPE } from './constants';
import type { AccessToken, PlatformCore } from './core';

const ACCESS_TOKEN_LIFETIME_S = 3600;

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error, error_description: description });
}

function param(req: Request, name: string): string | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

/** The audiences a client assertion may name to reach this platform. */
function acceptedAudiences(core: PlatformCore): string[] {
  const base = new URL(core.urls.base);
  return [core.urls.token, core.config.issuer, core.urls.base, base.host];
}

export async function handleToken(core: PlatformCore, req: Request, res: Response): Promise<void> {
  const grantType = param(req, 'grant_type');
  if (grantType !== 'client_credentials') {
    oauthError(res, 400, 'unsupported_grant_type', `grant_type must be client_credentials (got ${JSON.stringify(grantType ?? null)})`);
    return;
  }
  if (param(req, 'client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
    oauthError(res, 400, 'invalid_request', `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
    return;
  }
  const assertion = param(req, 'client_assertion');
  if (!assertion) {
    oauthError(res, 400, 'invalid_request', 'client_assertion is missing');
    return;
  }
  let clientId: unknown;
  try {
    clientId = decodeJwt(assertion).iss;
  } catch {
    oauthError(res, 401, 'invalid_client', 'client_assertion is not a JWT');
    return;
  }
  const registration = typeof clientId === 'string' ? core.registrations.get(clientId) : undefined;
  if (!registration || typeof clientId !== 'string') {
    oauthError(res, 401, 'invalid_client', `the assertion's iss ${JSON.stringify(clientId ?? null)} is not a registered client id`);
    return;
  }
  let jti: unknown;
  try {
    const { payload } = await jwtVerify(assertion, core.toolKeySet(registration.jwksUri), {
      algorithms: ['RS256'],
      issuer: clientId,
      subject: clientId,
      audience: acceptedAudiences(core),
      requiredClaims: ['exp', 'jti'],
    });
    jti = payload.jti;
  } catch (err) {
    oauthError(res, 401, 'invalid_client', `client_assertion refused: ${(err as Error).message}`);
    return;
  }
  const jtiKey = `${clientId}:${String(jti)}`;
  if (core.usedAssertionIds.has(jtiKey)) {
    oauthError(res, 401, 'invalid_client', 'client_assertion refused: its jti was already used');
    return;
  }
  core.usedAssertionIds.add(jtiKey);

  const requested = (param(req, 'scope') ?? '').split(/\s+/).filter(Boolean);
  const granted = requested.length === 0 ? [...registration.scopes] : requested.filter((s) => registration.scopes.includes(s));
  if (granted.length === 0) {
    oauthError(res, 400, 'invalid_scope', `none of the requested scopes is granted to client ${clientId}`);
    return;
  }
  const token: AccessToken = {
    token: randomBytes(16).toString('hex'),
    clientId,
    scopes: granted,
    expiresAt: Date.now() + ACCESS_TOKEN_LIFETIME_S * 1000,
  };
  core.accessTokens.set(token.token, token);
  res
    .status(200)
    .set('Cache-Control', 'no-store')
    .json({ access_token: token.token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_S, scope: granted.join(' ') });
}

/**
 * Checks the bearer token of a service call (RFC 6750 §3) and that it carries one of `anyOf`.
 * Answers 401/403 itself and returns undefined when the call may not proceed.
 */
export function requireScope(core: PlatformCore, req: Request, res: Response, anyOf: readonly string[]): AccessToken | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
  const token = match ? core.accessTokens.get(match[1]) : undefined;
  if (!match || !token || token.expiresAt < Date.now()) {
    const reason = !match ? 'no bearer token' : !token ? 'unknown access token' : 'expired access token';
    res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').type('text/plain').send(`Unauthorized: ${reason}`);
    return undefined;
  }
  if (!anyOf.some((s) => token.scopes.includes(s))) {
    res
      .status(403)
      .set('WWW-Authenticate', 'Bearer error="insufficient_scope"')
      .type('text/plain')
      .send(`Forbidden: this call needs one of ${anyOf.join(', ')}`);
    return undefined;
  }
  return token;
}
