import type { ClientSession } from 'mongoose';
import type { ContextKey } from '../../context/tenant';
import type { CourseGenerationStore } from '../ports/course-generations';
import { retryOnceOnDuplicateKey } from './errors';
import { CourseGenerationModel } from './generation-models';
import { courseFilter } from './keys';

/**
 * Bumps the course's generation. With a session, the bump commits or aborts with the write of that
 * transaction (a duplicate key from two racing first bumps aborts it, and inTransaction runs the
 * whole unit again). Without one (the catalogue's own single-document writes), it must come *after*
 * the write it counts: a reader that saw the old generation may then cache newer data under it
 * (harmless: the bump follows), never older data under the new generation. Call it last in a
 * transaction: the generation document is a per-course hot spot (see README, "Hot document"), so
 * the shorter a transaction holds it, the fewer write conflicts.
 */
export async function bumpGeneration(course: ContextKey, session?: ClientSession): Promise<void> {
  const bump = () =>
    CourseGenerationModel.updateOne(courseFilter(course), { $inc: { generation: 1 }, $currentDate: { changedAt: true } }, { upsert: true, ...(session ? { session } : {}) }).exec();
  if (session) await bump();
  else await retryOnceOnDuplicateKey(bump);
}

export function createGenerationStore(): CourseGenerationStore {
  return {
    async generationOf(course) {
      const doc = await CourseGenerationModel.findOne(courseFilter(course), { _id: 0, generation: 1 }).lean<{ generation?: number }>().exec();
      return doc?.generation ?? 0;
    },
  };
}
