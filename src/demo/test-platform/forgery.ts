/**
 * Turns a good id_token into the bad one a test asks for. Each option breaks one rule a tool must
 * enforce: signature and kid (Security Framework §5.1.3 steps 1-2), iss/aud/azp (steps 2-5), exp and
 * iat (steps 7-8), nonce (step 9), and the LTI claims required by core §5.3 and §5.4.
 */
import type { JWTPayload } from 'jose';
import { CLAIM, CLAIM_SHORT_NAMES } from './constants';
import type { PlatformKeys, SigningMode } from './keys';
import type { Forgery } from './types';

const TOP_LEVEL = new Set([
  'iss', 'sub', 'aud', 'azp', 'exp', 'iat', 'nonce', 'name', 'given_name', 'family_name', 'email', 'picture', 'locale',
]);

/** The claim a name in Forgery.omitClaims stands for. */
export function claimKey(name: string): string {
  if (TOP_LEVEL.has(name) || name.includes('://')) return name;
  return CLAIM_SHORT_NAMES[name] ?? name;
}

/**
 * Applies the claim forgeries. `lifetime` is the flavour's token lifetime, so a shifted iat keeps
 * the token's length and only its position in time changes.
 */
export function forgeClaims(payload: JWTPayload, forge: Forgery | undefined, lifetime: number, now: number): JWTPayload {
  if (!forge) return payload;
  const out: JWTPayload = { ...payload };
  if (forge.iatOffsetSeconds !== undefined) {
    out.iat = now + forge.iatOffsetSeconds;
    out.exp = out.iat + lifetime;
  }
  if (forge.expired) {
    out.exp = now - 60;
    out.iat = out.exp - lifetime;
  }
  if (forge.audience !== undefined) out.aud = forge.audience;
  if (forge.azp === null) delete out.azp;
  else if (forge.azp !== undefined) out.azp = forge.azp;
  if (forge.nonce !== undefined) out.nonce = forge.nonce;
  if (forge.omitNonce) delete out.nonce;
  if (forge.deploymentId !== undefined) out[CLAIM.deploymentId] = forge.deploymentId;
  if (forge.targetLinkUri !== undefined) out[CLAIM.targetLinkUri] = forge.targetLinkUri;
  for (const name of forge.omitClaims ?? []) delete out[claimKey(name)];
  for (const [key, value] of Object.entries(forge.claims ?? {})) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

export function signingMode(forge: Forgery | undefined): SigningMode {
  if (forge?.algNone) return 'none';
  if (forge?.hmacWithPublicKey) return 'hmacWithPublicKey';
  if (forge?.signWithUnknownKey) return 'unknownKey';
  return 'platform';
}

/** Builds the final token: forged claims, then the forged (or honest) signature. */
export function signForged(
  keys: PlatformKeys,
  payload: JWTPayload,
  forge: Forgery | undefined,
  lifetime: number,
  now: number,
): string {
  const claims = forgeClaims(payload, forge, lifetime, now);
  return keys.sign(claims, { mode: signingMode(forge), kid: forge?.kid });
}
