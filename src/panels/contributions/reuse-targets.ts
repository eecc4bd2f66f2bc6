/**
 * Where staff may record a reuse: a version of this course, or another course of the same
 * platform (from the catalogue's record of launched courses). The browser sends an opaque choice;
 * the course it names is looked up again among the session's platform's courses, never trusted.
 */
import type { CatalogueCourse } from '../../storage/ports/catalogue';
import type { ContributionReuse, ReuseTarget } from '../../storage/ports/contributions';
import type { PanelDeps } from '../panel-deps';
import type { ContribState } from './panel-state';

export async function otherCoursesOf(deps: PanelDeps, state: ContribState): Promise<CatalogueCourse[]> {
  if (!state.staff) return [];
  const all = await deps.storage.catalogue.listPlatformCourses({ issuer: state.course.issuer, clientId: state.course.clientId });
  return all.filter((c) => !(c.course.deploymentId === state.course.deploymentId && c.course.contextId === state.course.contextId));
}

export async function parseReuseTarget(deps: PanelDeps, state: ContribState, raw: unknown): Promise<ReuseTarget | null> {
  if (typeof raw !== 'string' || raw.length > 600) return null;
  if (raw.startsWith('version:')) {
    const id = raw.slice('version:'.length);
    const versions = await deps.storage.courseVersions.listVersions(state.course);
    return versions.some((v) => v.id === id) ? { kind: 'version', versionId: id } : null;
  }
  if (raw.startsWith('course:')) {
    let pair: unknown;
    try {
      pair = JSON.parse(Buffer.from(raw.slice('course:'.length), 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!Array.isArray(pair) || pair.length !== 2) return null;
    const found = (await otherCoursesOf(deps, state)).find((c) => c.course.deploymentId === pair[0] && c.course.contextId === pair[1]);
    return found ? { kind: 'course', course: found.course } : null;
  }
  return null;
}

/** The catalogue records of the other courses these reuses name (each looked up once). */
export async function reusedCourses(deps: PanelDeps, reuses: readonly ContributionReuse[]): Promise<CatalogueCourse[]> {
  const keys = new Map<string, ReuseTarget & { kind: 'course' }>();
  for (const r of reuses) if (r.target.kind === 'course') keys.set(JSON.stringify(r.target.course), r.target);
  const found = await Promise.all([...keys.values()].map((t) => deps.storage.catalogue.findCourse(t.course)));
  return found.filter((c): c is CatalogueCourse => c !== null);
}
