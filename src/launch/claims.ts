/**
 * LTI claim names, spelled once. Only launch/ reads id_token claims; the rest of the tool sees a
 * LaunchContext. LTI 1.3 core §5 (message claims), Deep Linking 2.0 §4.4, AGS §3.1, NRPS §3.6.1.
 */
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  toolPlatform: `${LTI}tool_platform`,
  launchPresentation: `${LTI}launch_presentation`,
  custom: `${LTI}custom`,
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  agsEndpoint: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
} as const;

export type Claims = Record<string, unknown>;

export function objectClaim(claims: Claims, name: string): Record<string, unknown> | undefined {
  const value = claims[name];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function stringClaim(claims: Claims | undefined, name: string): string | undefined {
  const value = claims?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function stringArrayClaim(claims: Claims | undefined, name: string): string[] {
  const value = claims?.[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Decodes a JWT payload without verifying it. Used only after ltijs has verified the signature, or to word an error. */
export function decodeJwtPayload(token: unknown): Claims | null {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Claims) : null;
  } catch {
    return null;
  }
}

/** True when `url` points at `expected` (same origin and path; a query string is allowed). */
export function isSameEndpoint(url: unknown, expected: string): boolean {
  if (typeof url !== 'string') return false;
  try {
    const a = new URL(url);
    const b = new URL(expected);
    return a.origin === b.origin && a.pathname.replace(/\/+$/, '') === b.pathname.replace(/\/+$/, '');
  } catch {
    return false;
  }
}
