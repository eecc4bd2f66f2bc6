/** MongoDB comments on ideas and outline sections, one level of replies. */
import type { ContextKey } from '../../context/tenant';
import type { CommentWrite, ConsultationStore } from '../ports/consultations';
import { newRecordId } from '../consultations/ids';
import { courseFilter } from './keys';
import { CommentModel, ConsultationModel, IdeaModel, type CommentDoc, type IdeaDoc } from './consultation-models';
import { toComment } from './consultation-docs';
import { inTransaction } from './transaction';
import { appendAuditDoc } from './audit-store';
import { checkAuditCourse } from '../shared/audit-record';

type CommentPart = Pick<ConsultationStore, 'addComment' | 'findComment' | 'listComments' | 'setCommentHidden'>;

export function mongoCommentPart(): CommentPart {
  const find = (course: ContextKey, id: string) => CommentModel.findOne({ ...courseFilter(course), recordId: String(id) }).lean<CommentDoc>().exec();

  async function placeOf(course: ContextKey, input: CommentWrite): Promise<{ targetId: string; consultationId: string | null } | null> {
    if (input.target.type === 'idea') {
      const idea = await IdeaModel.findOne({ ...courseFilter(course), recordId: String(input.target.ideaId) }).lean<IdeaDoc>().exec();
      return idea && idea.mergedInto == null ? { targetId: idea.recordId, consultationId: idea.consultationId ?? null } : null;
    }
    const { consultationId, sectionId } = input.target;
    const found = await ConsultationModel.exists({ ...courseFilter(course), recordId: String(consultationId), 'outline.id': String(sectionId) });
    return found ? { targetId: sectionId, consultationId } : null;
  }

  return {
    async addComment(course, input, now) {
      const place = await placeOf(course, input);
      if (!place) return null;
      if (input.parentId !== null) {
        const parent = await find(course, input.parentId);
        if (!parent || parent.parentId != null || parent.targetType !== input.target.type || parent.targetId !== place.targetId) return null;
      }
      const doc: CommentDoc = {
        ...courseFilter(course),
        recordId: newRecordId(),
        targetType: input.target.type,
        targetId: place.targetId,
        consultationId: place.consultationId,
        parentId: input.parentId,
        authorId: input.author.id,
        authorName: input.author.name,
        authorRole: input.author.role,
        body: input.body,
        hidden: false,
        createdAt: now,
      };
      await inTransaction(async (session) => {
        await CommentModel.create([doc], { session });
        if (input.target.type === 'idea')
          await IdeaModel.updateOne({ recordId: place.targetId }, { $inc: { commentCount: 1 }, $max: { lastActivityAt: now } }, { session }).exec();
      });
      return toComment(doc);
    },
    async findComment(course, id) {
      const doc = await find(course, id);
      return doc ? toComment(doc) : null;
    },
    async listComments(course, target) {
      const targetId = target.type === 'idea' ? target.ideaId : target.sectionId;
      const docs = await CommentModel.find({ ...courseFilter(course), targetType: target.type, targetId: String(targetId) }).sort({ createdAt: 1, _id: 1 }).lean<CommentDoc[]>().exec();
      return docs.map(toComment);
    },
    async setCommentHidden(course, id, hidden, reason, audit) {
      checkAuditCourse(course, audit);
      return inTransaction(async (session) => {
        const update = hidden && reason !== undefined ? { $set: { hidden, hiddenReason: reason } } : { $set: { hidden }, $unset: { hiddenReason: '' } };
        const before = await CommentModel.findOneAndUpdate({ ...courseFilter(course), recordId: String(id) }, update, { returnDocument: 'before', session }).lean<CommentDoc>().exec();
        if (!before) return null;
        // The idea's count shows visible comments: it moves only when visibility does.
        if (before.targetType === 'idea' && Boolean(before.hidden) !== hidden)
          await IdeaModel.updateOne({ recordId: before.targetId }, { $inc: { commentCount: hidden ? -1 : 1 } }, { session }).exec();
        const after = await CommentModel.findOne({ recordId: before.recordId }, null, { session }).lean<CommentDoc>().exec();
        await appendAuditDoc(audit, session);
        return after ? toComment(after) : null;
      });
    },
  };
}
