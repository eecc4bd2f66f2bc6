import type { ConsultationStore } from '../ports/consultations';
import { CommentModel, IdeaModel } from './consultation-models';
import { courseFilter } from './keys';
import { inTransaction } from './transaction';

/** ConsultationStore.renameParticipant on MongoDB: ideas and comments of the person, together. */
export function mongoParticipantNamePart(): Pick<ConsultationStore, 'renameParticipant'> {
  return {
    async renameParticipant(course, person) {
      if (typeof person?.id !== 'string' || typeof person.name !== 'string') throw new TypeError('A participant has a string id and name');
      const filter = { ...courseFilter(course), authorId: person.id, authorName: { $ne: person.name } };
      return inTransaction(async (session) => {
        const ideas = await IdeaModel.updateMany(filter, { $set: { authorName: person.name } }, { session }).exec();
        const comments = await CommentModel.updateMany(filter, { $set: { authorName: person.name } }, { session }).exec();
        return ideas.modifiedCount + comments.modifiedCount;
      });
    },
  };
}
