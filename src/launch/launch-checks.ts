/**
 * Checks ltijs does not make (it accepts unknown deployments, aud arrays without azp, far-future iat
 * and foreign target_link_uri values), run on the claims ltijs has just verified.
 * LTI Security Framework §5.1.3 (id_token validation) and LTI core §5.3.3 (deployment_id).
 */
import type { Config } from '../config';
import { toolUrls } from '../config';
import type { PlatformKey } from '../context/tenant';
import { AppError } from '../http/errors';
import type { PlatformRecord, Storage } from '../storage/port';
import { CLAIM, isSameEndpoint, objectClaim, stringClaim, type Claims } from './claims';

/** Checks that can be made on an unverified token before ltijs, because no signature can fix them. */
export function precheckLaunchPost(body: Record<string, unknown>): Claims {
  if (typeof body.id_token !== 'string' || body.id_token === '') throw new AppError('LAUNCH_NO_TOKEN');
  const claims = decodeOrThrow(body.id_token);
  if (typeof body.state !== 'string' || body.state === '') throw new AppError('LAUNCH_STATE_MISSING', { iss: claims.iss });
  if (typeof claims.nonce !== 'string' || claims.nonce === '') throw new AppError('LAUNCH_NONCE_MISSING', { iss: claims.iss });
  return claims;
}

function decodeOrThrow(token: string): Claims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new AppError('LAUNCH_MALFORMED_TOKEN', { reason: 'not three parts' });
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('payload is not an object');
    return payload as Claims;
  } catch (err) {
    throw new AppError('LAUNCH_MALFORMED_TOKEN', { reason: (err as Error).message });
  }
}

export interface VerifiedLaunch {
  readonly claims: Claims;
  readonly platform: PlatformRecord;
}

/** Runs after ltijs accepted the signature, expiry, state cookie and its own nonce check. */
export async function checkVerifiedLaunch(claims: Claims, clientId: string, config: Config, storage: Storage, now: Date): Promise<VerifiedLaunch> {
  const key: PlatformKey = { issuer: String(claims.iss), clientId };
  const detail = { iss: key.issuer, clientId, sub: claims.sub };

  checkAudience(claims, clientId, detail);
  checkTimes(claims, config, now, detail);

  const platform = await storage.platforms.findPlatform(key);
  if (!platform) throw new AppError('LAUNCH_UNKNOWN_PLATFORM', detail, { issuer: key.issuer });
  const deploymentId = claims[CLAIM.deploymentId];
  if (typeof deploymentId !== 'string' || deploymentId === '') throw new AppError('LAUNCH_MISSING_DEPLOYMENT', detail);
  if (!platform.deploymentIds.includes(deploymentId))
    throw new AppError('LAUNCH_UNKNOWN_DEPLOYMENT', { ...detail, deploymentId, known: platform.deploymentIds }, { deployment: deploymentId });

  checkMessage(claims, config, detail);

  // Last, so that only an otherwise valid launch consumes its nonce. ltijs keeps its own nonces for
  // seconds only (in MongoDB); this record outlives any token we would still accept.
  const nonceLifetimeMs = (config.idTokenMaxAgeSeconds + 2 * config.clockSkewSeconds) * 1000;
  const fresh = await storage.nonces.rememberNonce(key, String(claims.nonce), new Date(now.getTime() + nonceLifetimeMs));
  if (!fresh) throw new AppError('LAUNCH_NONCE_REPLAYED', detail);
  return { claims, platform };
}

/** OIDC core §3.1.3.7 items 3–5: with several audiences, azp must be present and be our client id. */
function checkAudience(claims: Claims, clientId: string, detail: Record<string, unknown>): void {
  const aud = claims.aud;
  const azp = claims.azp;
  if (Array.isArray(aud)) {
    if (!aud.includes(clientId)) throw new AppError('LAUNCH_WRONG_AUDIENCE', { ...detail, aud });
    if (aud.length > 1 && azp !== clientId) throw new AppError('LAUNCH_WRONG_AUDIENCE', { ...detail, aud, azp, reason: 'azp must name our client id' });
  } else if (aud !== clientId) {
    throw new AppError('LAUNCH_WRONG_AUDIENCE', { ...detail, aud });
  }
  if (azp !== undefined && azp !== clientId) throw new AppError('LAUNCH_WRONG_AUDIENCE', { ...detail, azp });
}

function checkTimes(claims: Claims, config: Config, now: Date, detail: Record<string, unknown>): void {
  const nowSeconds = now.getTime() / 1000;
  if (typeof claims.iat !== 'number') throw new AppError('LAUNCH_MISSING_CLAIM', detail, { claim: 'iat' });
  if (typeof claims.exp !== 'number') throw new AppError('LAUNCH_MISSING_CLAIM', detail, { claim: 'exp' });
  if (claims.iat > nowSeconds + config.clockSkewSeconds) throw new AppError('LAUNCH_IAT_IN_FUTURE', { ...detail, iat: claims.iat, now: nowSeconds });
  if (claims.exp + config.clockSkewSeconds < nowSeconds) throw new AppError('LAUNCH_TOKEN_EXPIRED', { ...detail, exp: claims.exp, now: nowSeconds });
}

function checkMessage(claims: Claims, config: Config, detail: Record<string, unknown>): void {
  const type = claims[CLAIM.messageType];
  if (type !== 'LtiResourceLinkRequest' && type !== 'LtiDeepLinkingRequest') throw new AppError('LAUNCH_BAD_MESSAGE_TYPE', { ...detail, type });
  if (claims[CLAIM.version] !== '1.3.0') throw new AppError('LAUNCH_BAD_VERSION', { ...detail, version: claims[CLAIM.version] });
  const target = claims[CLAIM.targetLinkUri];
  if (target === undefined) throw new AppError('LAUNCH_MISSING_CLAIM', detail, { claim: 'target_link_uri' });
  const launchUrl = toolUrls(config.baseUrl).launch;
  if (!isSameEndpoint(target, launchUrl)) throw new AppError('LAUNCH_FOREIGN_TARGET', { ...detail, target }, { launchUrl });
  if (type === 'LtiResourceLinkRequest' && !stringClaim(objectClaim(claims, CLAIM.resourceLink), 'id'))
    throw new AppError('LAUNCH_MISSING_RESOURCE_LINK', detail);
  // The return URL becomes a form action on our page: only an http(s) URL is acceptable.
  if (type === 'LtiDeepLinkingRequest' && !/^https?:\/\//i.test(stringClaim(objectClaim(claims, CLAIM.deepLinkingSettings), 'deep_link_return_url') ?? ''))
    throw new AppError('LAUNCH_MISSING_CLAIM', detail, { claim: 'deep_linking_settings.deep_link_return_url' });
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new AppError('LAUNCH_MISSING_CLAIM', detail, { claim: 'sub' });
  // A course is required, except by the catalogue and the Listening view, which platforms also place
  // outside any course (Canvas's account navigation sends no context claim); they are keyed by platform
  // and deployment. Who may listen without a course is decided when the launch completes.
  if (!stringClaim(objectClaim(claims, CLAIM.context), 'id') && !(type === 'LtiResourceLinkRequest' && opensPlatformPanel(claims)))
    throw new AppError('LAUNCH_MISSING_CLAIM', detail, { claim: 'context' });
}

/** The link's custom parameter names the catalogue or Listening (our content items and Canvas placements set it). */
function opensPlatformPanel(claims: Claims): boolean {
  const custom = objectClaim(claims, CLAIM.custom);
  const panel = custom?.panel ?? custom?.learner_voice_panel;
  return panel === 'catalogue' || panel === 'listening';
}
