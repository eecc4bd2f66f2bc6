/** The memory fake's ideas, votes, merges and comments (see consultation-store.ts). */
import type { ContextKey } from '../../context/tenant';
import type { Comment, CommentWrite, ConsultationStore, Idea } from '../ports/consultations';
import { compareDescending, decodeCursor, encodeCursor, IDEA_SORT_SHAPE, ideaSortKey } from '../consultations/cursor';
import { newRecordId } from '../consultations/ids';
import { pickSimilar } from '../consultations/similar-ideas';
import type { MemoryConsultationData } from './consultation-store';
import type { AuditEntry, AuditInput } from '../ports/audit';
import { checkAuditCourse } from '../shared/audit-record';

type IdeaPart = Omit<
  ConsultationStore,
  | 'createConsultation' | 'updateConsultation' | 'findConsultation' | 'listConsultations' | 'addSection' | 'updateSection'
  | 'addPoll' | 'listPolls' | 'answerPoll' | 'answersBy' | 'pollResults' | 'participation' | 'recordVisit' | 'renameParticipant'
>;

const sameCourse = (a: ContextKey, b: ContextKey): boolean =>
  a.issuer === b.issuer && a.clientId === b.clientId && a.deploymentId === b.deploymentId && a.contextId === b.contextId;

/*
 * Moderations (hide, restore, merge) append their audit entry after every check and before the
 * change: nothing awaits in between, so the two happen together, and an entry the audit store
 * refuses leaves the change undone.
 */
export function memoryIdeaPart(data: MemoryConsultationData, assertOpen: () => void, appendAudit: (entry: AuditInput) => AuditEntry): IdeaPart {
  const ideaOf = (course: ContextKey, id: string) => {
    const idea = data.ideas.get(id);
    return idea && sameCourse(idea.course, course) ? idea : undefined;
  };
  const commentOf = (course: ContextKey, id: string) => {
    const comment = data.comments.get(id);
    return comment && sameCourse(comment.course, course) ? comment : undefined;
  };
  const update = (idea: Idea, change: Partial<Idea>): Idea => {
    const updated = { ...idea, ...change };
    data.ideas.set(idea.id, updated);
    return structuredClone(updated);
  };
  const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);
  const visibleComments = (ideaId: string) =>
    [...data.comments.values()].filter((c) => c.target.type === 'idea' && c.target.ideaId === ideaId && !c.hidden).length;
  const targetExists = (course: ContextKey, input: CommentWrite): boolean => {
    if (input.target.type === 'idea') {
      const idea = ideaOf(course, input.target.ideaId);
      return Boolean(idea && !idea.mergedInto);
    }
    const { consultationId, sectionId } = input.target;
    const consultation = data.consultations.get(consultationId);
    return Boolean(consultation && sameCourse(consultation.course, course) && consultation.outline.some((s) => s.id === sectionId));
  };
  const sameTarget = (a: Comment['target'], b: Comment['target']) =>
    a.type === 'idea' && b.type === 'idea' ? a.ideaId === b.ideaId : a.type === 'section' && b.type === 'section' && a.sectionId === b.sectionId;

  return {
    async proposeIdea(course, input, now) {
      assertOpen();
      if (input.consultationId !== null) {
        const consultation = data.consultations.get(input.consultationId);
        if (!consultation || !sameCourse(consultation.course, course)) throw new Error('The consultation is not in this course');
      }
      const idea: Idea = { ...structuredClone(input), id: newRecordId(), course: { ...course }, status: 'new', hidden: false, voteCount: 0, commentCount: 0, createdAt: now, lastActivityAt: now };
      data.ideas.set(idea.id, structuredClone(idea));
      return idea;
    },
    async findIdea(course, id) {
      assertOpen();
      const idea = ideaOf(course, id);
      return idea ? structuredClone(idea) : null;
    },
    async listIdeas(course, query) {
      assertOpen();
      const after = decodeCursor(query.cursor, IDEA_SORT_SHAPE[query.sort]);
      const all = [...data.ideas.values()]
        .filter((i) => sameCourse(i.course, course) && i.kind === query.kind && !i.mergedInto && (query.includeHidden || !i.hidden))
        .filter((i) => query.kind === 'need' || i.consultationId === query.consultationId)
        .sort((a, b) => compareDescending(ideaSortKey(a, query.sort), ideaSortKey(b, query.sort)))
        .filter((i) => !after || compareDescending(ideaSortKey(i, query.sort), after) > 0);
      const items = all.slice(0, query.limit).map((i) => structuredClone(i));
      const last = items[items.length - 1];
      return { items, nextCursor: all.length > query.limit ? encodeCursor(ideaSortKey(last, query.sort)) : null };
    },
    async similarIdeas(course, query) {
      assertOpen();
      const candidates = [...data.ideas.values()]
        .filter((i) => sameCourse(i.course, course) && i.kind === query.kind && !i.mergedInto && !i.hidden)
        .filter((i) => query.kind === 'need' || i.consultationId === query.consultationId);
      return pickSimilar(query, candidates, query.limit).map((i) => structuredClone(i));
    },
    async setVote(course, ideaId, voter, on, now) {
      assertOpen();
      const idea = ideaOf(course, ideaId);
      if (!idea || idea.mergedInto) return null;
      const voters = data.votes.get(ideaId) ?? new Map<string, string>();
      data.votes.set(ideaId, voters);
      if (on === voters.has(voter.id)) return idea.voteCount;
      if (on) voters.set(voter.id, voter.role);
      else voters.delete(voter.id);
      return update(idea, { voteCount: voters.size, lastActivityAt: later(idea.lastActivityAt, now) }).voteCount;
    },
    async votesBy(course, voterId, ideaIds) {
      assertOpen();
      return new Set(ideaIds.filter((id) => ideaOf(course, id) && data.votes.get(id)?.has(voterId)));
    },
    async setIdeaStatus(course, ideaId, status, declineReason, now) {
      assertOpen();
      const idea = ideaOf(course, ideaId);
      if (!idea) return null;
      const { declineReason: _dropped, ...rest } = idea;
      return update(rest as Idea, { status, statusChangedAt: now, ...(declineReason === undefined ? {} : { declineReason }) });
    },
    async setIdeaHidden(course, ideaId, hidden, reason, audit) {
      assertOpen();
      checkAuditCourse(course, audit);
      const idea = ideaOf(course, ideaId);
      if (!idea) return null;
      appendAudit(audit);
      const { hiddenReason: _dropped, ...rest } = idea;
      return update(rest as Idea, { hidden, ...(hidden && reason !== undefined ? { hiddenReason: reason } : {}) });
    },
    async mergeIdeas(course, sourceId, targetId, now, audit) {
      assertOpen();
      checkAuditCourse(course, audit);
      const source = ideaOf(course, sourceId);
      const target = ideaOf(course, targetId);
      if (!source || !target || source.id === target.id || source.mergedInto || target.mergedInto) return null;
      if (source.kind !== target.kind || source.consultationId !== target.consultationId) return null;
      appendAudit(audit);
      const voters = data.votes.get(target.id) ?? new Map<string, string>();
      for (const [voter, role] of data.votes.get(source.id) ?? []) if (!voters.has(voter)) voters.set(voter, role);
      data.votes.set(target.id, voters);
      data.votes.delete(source.id);
      for (const c of data.comments.values())
        if (c.target.type === 'idea' && c.target.ideaId === source.id) data.comments.set(c.id, { ...c, target: { type: 'idea', ideaId: target.id } });
      update(source, { mergedInto: target.id, voteCount: 0, commentCount: 0 });
      return update(target, { voteCount: voters.size, commentCount: visibleComments(target.id), lastActivityAt: later(target.lastActivityAt, now) });
    },
    async statusChangesSince(course, userId, since) {
      assertOpen();
      return [...data.ideas.values()]
        .filter((i) => sameCourse(i.course, course) && !i.hidden && !i.mergedInto && i.statusChangedAt && i.statusChangedAt.getTime() > since.getTime())
        .filter((i) => i.author.id === userId || data.votes.get(i.id)?.has(userId))
        .sort((a, b) => b.statusChangedAt!.getTime() - a.statusChangedAt!.getTime())
        .map((i) => structuredClone(i));
    },
    async addComment(course, input, now) {
      assertOpen();
      if (!targetExists(course, input)) return null;
      if (input.parentId !== null) {
        const parent = commentOf(course, input.parentId);
        if (!parent || parent.parentId !== null || !sameTarget(parent.target, input.target)) return null;
      }
      const comment: Comment = { ...structuredClone(input), id: newRecordId(), course: { ...course }, hidden: false, createdAt: now };
      data.comments.set(comment.id, structuredClone(comment));
      if (input.target.type === 'idea') {
        const idea = data.ideas.get(input.target.ideaId)!;
        update(idea, { commentCount: idea.commentCount + 1, lastActivityAt: later(idea.lastActivityAt, now) });
      }
      return comment;
    },
    async findComment(course, id) {
      assertOpen();
      const comment = commentOf(course, id);
      return comment ? structuredClone(comment) : null;
    },
    async listComments(course, target) {
      assertOpen();
      return [...data.comments.values()]
        .filter((c) => sameCourse(c.course, course) && sameTarget(c.target, target))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .map((c) => structuredClone(c));
    },
    async setCommentHidden(course, id, hidden, reason, audit) {
      assertOpen();
      checkAuditCourse(course, audit);
      const comment = commentOf(course, id);
      if (!comment) return null;
      appendAudit(audit);
      const { hiddenReason: _dropped, ...rest } = comment;
      const updated: Comment = { ...rest, hidden, ...(hidden && reason !== undefined ? { hiddenReason: reason } : {}) };
      data.comments.set(id, updated);
      if (comment.target.type === 'idea' && comment.hidden !== hidden) {
        const idea = data.ideas.get(comment.target.ideaId)!;
        update(idea, { commentCount: visibleComments(idea.id) });
      }
      return structuredClone(updated);
    },
  };
}
