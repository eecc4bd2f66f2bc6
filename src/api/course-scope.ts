/**
 * Which courses a token reads: every course of its platform, or of its one deployment when scoped.
 * The platform (and deployment) always come from the stored token; a course id from the URL only
 * picks among them, so another platform's course is simply not found.
 */
import type { ContextKey } from '../context/tenant';
import type { Storage } from '../storage/port';
import type { ApiToken } from '../storage/ports/api-tokens';
import type { CatalogueCourse } from '../storage/ports/catalogue';
import { decodeCourseId } from './course-id';

/** A stable text naming the token's reach, for binding cursors to it. */
export function tokenScope(token: ApiToken): string {
  return JSON.stringify([token.platform.issuer, token.platform.clientId, token.deploymentId ?? null]);
}

/** The token's courses, in (deployment, context) binary order: the order pages follow. */
export async function coursesOf(storage: Pick<Storage, 'catalogue'>, token: ApiToken): Promise<CatalogueCourse[]> {
  const courses = token.deploymentId !== undefined
    ? (await storage.catalogue.listCourses({ ...token.platform, deploymentId: token.deploymentId })).map((c) => c.course)
    : await storage.catalogue.listPlatformCourses(token.platform);
  return courses.sort((a, b) => compareCourses(a.course, b.course));
}

export function compareCourses(a: Pick<ContextKey, 'deploymentId' | 'contextId'>, b: Pick<ContextKey, 'deploymentId' | 'contextId'>): number {
  return compare(a.deploymentId, b.deploymentId) || compare(a.contextId, b.contextId);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The course an id names within the token's reach, or null (answered 404 whatever the reason). */
export async function findTokenCourse(storage: Pick<Storage, 'catalogue'>, token: ApiToken, courseId: string): Promise<CatalogueCourse | null> {
  const ref = decodeCourseId(courseId);
  if (!ref) return null;
  if (token.deploymentId !== undefined && ref.deploymentId !== token.deploymentId) return null;
  return storage.catalogue.findCourse({ ...token.platform, ...ref });
}
