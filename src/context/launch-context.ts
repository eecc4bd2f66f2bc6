import type { CourseRole } from './roles';
import type { ResourceLinkKey } from './tenant';

/** The panels the tool offers; a deep-linked resource link names one in its custom parameters. */
export const PANELS = ['reviews', 'consumer-group', 'catalogue', 'listening', 'contributions'] as const;
export type PanelId = (typeof PANELS)[number];
export function isPanelId(value: unknown): value is PanelId {
  return typeof value === 'string' && (PANELS as readonly string[]).includes(value);
}

export type Locale = 'en' | 'fr';

export interface DeepLinkingRequest {
  readonly returnUrl: string;
  readonly data?: string;
  readonly acceptMultiple: boolean;
  readonly acceptTypes: readonly string[];
  readonly acceptPresentationTargets: readonly string[];
  readonly title?: string;
}

/** LTI Advantage service endpoints offered by the platform in this launch (absent when not offered). */
export interface LaunchServices {
  readonly namesRolesUrl?: string;
  readonly lineItemsUrl?: string;
  readonly lineItemUrl?: string;
  readonly gradeScopes: readonly string[];
}

/**
 * Everything a panel may know about the person in front of it, taken once from a validated id_token
 * (see launch/to-launch-context.ts). The tenancy keys in `link` are the only ones code may trust.
 * For a deep-linking request there is no resource link: resourceLinkId is ''. A catalogue launch
 * may come without a course (Canvas's account navigation): contextId is then '', and only the
 * catalogue's routes accept such a session (panels/index.ts).
 */
export interface LaunchContext {
  readonly link: ResourceLinkKey;
  readonly messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  readonly userId: string;
  /**
   * The name the platform shared, absent when it shares none (Moodle's "Share launcher's name with
   * tool: Never", Canvas's anonymous privacy level). Never the LMS user id: panels show the course's
   * pseudonym or the role instead (context/person-name.ts).
   */
  readonly userName?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly email?: string;
  readonly roles: readonly string[];
  readonly role: CourseRole;
  readonly locale: Locale;
  readonly contextTitle: string;
  readonly contextLabel?: string;
  readonly resourceLinkTitle?: string;
  readonly panel?: PanelId;
  readonly platformName?: string;
  readonly productFamily?: string;
  readonly documentTarget?: string;
  readonly returnUrl?: string;
  readonly deepLinking?: DeepLinkingRequest;
  readonly services: LaunchServices;
  readonly custom: Readonly<Record<string, unknown>>;
}
