/** Translation between the consumer-group documents and the port's records, and keyset filters. */
import type { ContextKey } from '../../context/tenant';
import type { Comment, Consultation, Idea, Poll } from '../ports/consultations';
import type { SortKey } from '../consultations/cursor';
import type { CommentDoc, ConsultationDoc, CourseFields, IdeaDoc, PollDoc } from './consultation-models';

const courseOf = (doc: CourseFields): ContextKey => ({ issuer: doc.issuer, clientId: doc.clientId, deploymentId: doc.deploymentId, contextId: doc.contextId });

export function toConsultation(doc: ConsultationDoc): Consultation {
  return {
    id: doc.recordId,
    course: courseOf(doc),
    title: doc.title,
    brief: doc.brief,
    questions: [...doc.questions],
    ...(doc.opensOn ? { opensOn: doc.opensOn } : {}),
    ...(doc.closesOn ? { closesOn: doc.closesOn } : {}),
    status: doc.status,
    outline: doc.outline.map((s) => ({ id: s.id, title: s.title, text: s.text })),
    createdAt: new Date(doc.createdAt),
    updatedAt: new Date(doc.updatedAt),
  };
}

export function toPoll(doc: PollDoc): Poll {
  return { id: doc.recordId, consultationId: doc.consultationId, question: doc.question, kind: doc.kind, options: [...doc.options], createdAt: new Date(doc.createdAt) };
}

export function toIdea(doc: IdeaDoc): Idea {
  return {
    id: doc.recordId,
    course: courseOf(doc),
    kind: doc.kind,
    consultationId: doc.consultationId ?? null,
    author: { id: doc.authorId, name: doc.authorName, role: doc.authorRole },
    creditConsent: Boolean(doc.creditConsent),
    title: doc.title,
    description: doc.description,
    situation: doc.situation,
    language: doc.locale,
    status: doc.status,
    ...(doc.declineReason != null ? { declineReason: doc.declineReason } : {}),
    ...(doc.statusChangedAt != null ? { statusChangedAt: new Date(doc.statusChangedAt) } : {}),
    hidden: Boolean(doc.hidden),
    ...(doc.hiddenReason != null ? { hiddenReason: doc.hiddenReason } : {}),
    ...(doc.mergedInto != null ? { mergedInto: doc.mergedInto } : {}),
    voteCount: doc.voteCount,
    commentCount: doc.commentCount,
    createdAt: new Date(doc.createdAt),
    lastActivityAt: new Date(doc.lastActivityAt),
  };
}

export function toComment(doc: CommentDoc): Comment {
  return {
    id: doc.recordId,
    course: courseOf(doc),
    target: doc.targetType === 'idea' ? { type: 'idea', ideaId: doc.targetId } : { type: 'section', consultationId: doc.consultationId ?? '', sectionId: doc.targetId },
    parentId: doc.parentId ?? null,
    author: { id: doc.authorId, name: doc.authorName, role: doc.authorRole },
    body: doc.body,
    hidden: Boolean(doc.hidden),
    ...(doc.hiddenReason != null ? { hiddenReason: doc.hiddenReason } : {}),
    createdAt: new Date(doc.createdAt),
  };
}

/**
 * "Strictly after `after` in descending order of `fields`": (a < x) or (a = x and b < y) or ...
 * Date fields are given as epoch milliseconds in cursors and turned back into dates here.
 */
export function afterFilter(fields: readonly string[], after: SortKey, dateFields: ReadonlySet<string>): Record<string, unknown> {
  const value = (i: number) => (dateFields.has(fields[i]) ? new Date(after[i] as number) : after[i]);
  return {
    $or: fields.map((field, i) => {
      const clause: Record<string, unknown> = {};
      for (let j = 0; j < i; j++) clause[fields[j]] = value(j);
      clause[field] = { $lt: value(i) };
      return clause;
    }),
  };
}
