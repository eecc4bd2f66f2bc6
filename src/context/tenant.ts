/**
 * The LTI identity every record is keyed by. A platform is (issuer, client id): one LMS can register
 * the tool several times, and two LMSs can reuse the same context ids, so both parts are always kept.
 * These values come from a validated launch only, never from ids sent by the browser.
 */
export interface PlatformKey {
  readonly issuer: string;
  readonly clientId: string;
}

export interface DeploymentKey extends PlatformKey {
  readonly deploymentId: string;
}

/** A course (LTI context) on one deployment of one platform. */
export interface ContextKey extends DeploymentKey {
  readonly contextId: string;
}

/** A placement of the tool inside a course (LTI resource link). */
export interface ResourceLinkKey extends ContextKey {
  readonly resourceLinkId: string;
}

export function samePlatform(a: PlatformKey, b: PlatformKey): boolean {
  return a.issuer === b.issuer && a.clientId === b.clientId;
}

export function platformLabel(p: PlatformKey): string {
  return `${p.issuer} (client ${p.clientId})`;
}
