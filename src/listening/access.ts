/**
 * Who may listen, and to what. The Listening view is read-only but shows every course's figures,
 * so the scope is decided here, once per request, from the stored session only:
 * - a training manager (a platform administrator from the launch, or a person an admin designated
 *   by platform user id or by LMS role) hears every course of the session's deployment;
 * - an instructor hears their own course (the Listening tab of a course);
 * - anyone else hears nothing (403).
 */
import type { LaunchContext } from '../context/launch-context';
import { isPlatformAdmin } from '../context/roles';
import type { ContextKey, DeploymentKey, PlatformKey } from '../context/tenant';

export type ListeningScope =
  /** Every course of one deployment of one platform (training managers). */
  | { readonly kind: 'deployment'; readonly deployment: DeploymentKey }
  /** One course (its instructors). */
  | { readonly kind: 'course'; readonly course: ContextKey };

/** Whether a platform designated this person a training manager (by user id or by one of their LMS roles). */
export interface ManagerDirectory {
  isDesignated(platform: PlatformKey, userId: string, roles: readonly string[]): Promise<boolean>;
}

export async function listeningScopeOf(context: LaunchContext, managers: ManagerDirectory): Promise<ListeningScope | null> {
  const { issuer, clientId, deploymentId, contextId } = context.link;
  const deployment: DeploymentKey = { issuer, clientId, deploymentId };
  if (isPlatformAdmin(context.roles)) return { kind: 'deployment', deployment };
  if (await managers.isDesignated({ issuer, clientId }, context.userId, context.roles)) return { kind: 'deployment', deployment };
  if (contextId !== '' && context.role === 'instructor') return { kind: 'course', course: { issuer, clientId, deploymentId, contextId } };
  return null;
}

/** Whether the scope covers a course of the session's deployment (the id comes from the URL; the deployment never does). */
export function scopeCovers(scope: ListeningScope, contextId: string): boolean {
  return scope.kind === 'deployment' || scope.course.contextId === contextId;
}

/** The deployment a scope lives in: what every listening query is keyed by. */
export function scopeDeployment(scope: ListeningScope): DeploymentKey {
  const { issuer, clientId, deploymentId } = scope.kind === 'deployment' ? scope.deployment : scope.course;
  return { issuer, clientId, deploymentId };
}
