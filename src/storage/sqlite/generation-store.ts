import type { CourseGenerationStore } from '../ports/course-generations';
import type { SqliteDatabase } from './database';
import { courseParams } from './settings-store';

/** A primary-key lookup (checked by the query-plan test in test/storage/sqlite.test.ts). */
export const GENERATION_OF_SQL =
  'SELECT generation FROM course_generations WHERE issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId';

/**
 * Reads the course's generation. The writes are counted by triggers (course-generations-schema.ts),
 * inside each writer's own transaction, so this store has nothing to write. The read runs on every
 * panel view: one prepared primary-key lookup, no transaction.
 */
export function createSqliteGenerationStore(db: SqliteDatabase): CourseGenerationStore {
  const select = db.prepare(GENERATION_OF_SQL).pluck();
  return {
    async generationOf(course) {
      return (select.get(courseParams(course)) as number | undefined) ?? 0;
    },
  };
}
