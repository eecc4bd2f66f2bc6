import type { ContextKey } from '../../context/tenant';
import type { CourseGenerationStore } from '../ports/course-generations';
import { courseMapKey } from './settings-store';

/** Bumps a course's generation; the memory stores call it after each counted write has succeeded. */
export type BumpGeneration = (course: ContextKey) => void;

/**
 * Course generations as a Map keyed by the full course identity. The memory stores have no
 * transactions: each counted write calls `bump` once it has changed its Maps, and not at all when it
 * refused its input or found nothing to change (the same cases in which the databases roll back or
 * write nothing).
 */
export function memoryGenerations(assertOpen: () => void): { store: CourseGenerationStore; bump: BumpGeneration } {
  const generations = new Map<string, number>();
  return {
    store: {
      async generationOf(course) {
        assertOpen();
        return generations.get(courseMapKey(course)) ?? 0;
      },
    },
    bump(course) {
      const key = courseMapKey(course);
      generations.set(key, (generations.get(key) ?? 0) + 1);
    },
  };
}
