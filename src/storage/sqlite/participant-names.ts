import type { ConsultationStore } from '../ports/consultations';
import { COURSE_MATCH } from './consultation-rows';
import type { SqliteDatabase } from './database';

/** ConsultationStore.renameParticipant on SQLite: ideas and comments of the person, in one transaction. */
export function sqliteParticipantNamePart(db: SqliteDatabase): Pick<ConsultationStore, 'renameParticipant'> {
  const ideas = db.prepare(`UPDATE cg_ideas SET author_name = @name WHERE ${COURSE_MATCH} AND author_id = @authorId AND author_name IS NOT @name`);
  const comments = db.prepare(`UPDATE cg_comments SET author_name = @name WHERE ${COURSE_MATCH} AND author_id = @authorId AND author_name IS NOT @name`);
  const rename = db.transaction((params: Record<string, string>) => ideas.run(params).changes + comments.run(params).changes);
  return {
    async renameParticipant(course, person) {
      if (typeof person?.id !== 'string' || typeof person.name !== 'string') throw new TypeError('A participant has a string id and name');
      return rename({ issuer: course.issuer, clientId: course.clientId, deploymentId: course.deploymentId, contextId: course.contextId, authorId: person.id, name: person.name });
    },
  };
}
