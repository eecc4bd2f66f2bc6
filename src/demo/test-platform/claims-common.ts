/**
 * What both flavours' claim builders share: the inputs of an id_token, custom parameter merging with
 * `$variable` substitution (core §5.4.6 custom claim; LTI 1.3 variable substitution), which personal
 * claims the registration lets the platform share, and the line item a launch is graded in.
 */
import type { JWTPayload } from 'jose';
import type { PendingLaunch, PlatformCore } from './core';
import { AGS_SCOPES, SCOPE } from './constants';
import type { LineItem, ToolRegistration } from './types';

export interface ClaimInput {
  readonly core: PlatformCore;
  readonly launch: PendingLaunch;
  readonly registration: ToolRegistration;
  /** The nonce the tool sent to the authorization endpoint. */
  readonly nonce: string;
  /** Seconds since the epoch. */
  readonly now: number;
}

export type ClaimBuilder = (input: ClaimInput) => JWTPayload;

/**
 * Values of the substitution variables this launch can resolve. `null` means the variable is known
 * but has no value here (for example ResourceLink.id in a deep-linking request).
 */
export type VariableValues = Record<string, string | null>;

/**
 * Replaces `$Name` values. Moodle sends a known-but-empty variable as JSON null and leaves unknown
 * ones as written; Canvas leaves any variable it cannot expand as written.
 */
export function substitute(
  custom: Record<string, unknown>,
  values: VariableValues,
  emptyAs: 'null' | 'literal',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(custom)) {
    if (typeof value !== 'string' || !value.startsWith('$')) {
      out[key] = value;
      continue;
    }
    const name = value.slice(1);
    if (!(name in values)) out[key] = value;
    else {
      const resolved = values[name];
      out[key] = resolved === null ? (emptyAs === 'null' ? null : value) : resolved;
    }
  }
  return out;
}

/**
 * Custom parameters of the tool type, then of the placement (Canvas), then of the activity, then of
 * this launch (core §5.4.6).
 */
export function mergedCustom(launch: PendingLaunch, registration: ToolRegistration): Record<string, unknown> {
  const placement = (launch.placement && registration.placementCustom?.[launch.placement]) || {};
  return { ...registration.customParameters, ...placement, ...(launch.activity?.custom ?? {}), ...launch.custom };
}

/** Whether the launch comes from a course (an account launch or a context-less one has no course services). */
export function inCourse(launch: PendingLaunch): boolean {
  return !launch.account && !launch.omitContext;
}

export type PersonalClaim = 'name' | 'email' | 'picture';

/**
 * Moodle shares names and e-mail when the tool's `claims` ask for them (a manually configured tool
 * shares them, as in the fixtures). Canvas decides by privacy level, which a dynamically registered
 * tool sets with https://canvas.instructure.com/lti/privacy_level or implies through its claims.
 */
export function shares(registration: ToolRegistration, claim: PersonalClaim): boolean {
  if (registration.privacyLevel) {
    switch (registration.privacyLevel) {
      case 'public':
        return true;
      case 'name_only':
        return claim === 'name';
      case 'email_only':
        return claim === 'email';
      case 'anonymous':
        return false;
    }
  }
  const claims = registration.claims;
  if (!claims) return true;
  if (claim === 'name') return ['name', 'given_name', 'family_name'].some((c) => claims.includes(c));
  return claims.includes(claim);
}

/** The line item of the launched link, if it has one (the lineitem of the AGS claim). */
export function lineItemOf(core: PlatformCore, launch: PendingLaunch): LineItem | undefined {
  if (launch.messageType !== 'LtiResourceLinkRequest' || !launch.resourceLink || !inCourse(launch)) return undefined;
  const linkId = launch.resourceLink.id;
  const itemId = launch.activity?.lineItemId;
  if (itemId) return core.findLineItem(itemId);
  return core.lineItems.find((l) => l.resourceLinkId === linkId);
}

/** The AGS scopes granted to this tool, in the order the flavour lists them. */
export function agsScopesOf(registration: ToolRegistration, order: readonly string[]): string[] {
  return order.filter((s) => registration.scopes.includes(s));
}

export function hasAgs(registration: ToolRegistration): boolean {
  return AGS_SCOPES.some((s) => registration.scopes.includes(s));
}

export function hasNrps(registration: ToolRegistration): boolean {
  return registration.scopes.includes(SCOPE.nrps);
}
