/**
 * The consumer-group fake: plain maps, and no await inside a method, so every method is atomic like
 * a transaction. Records are copied in and out (structuredClone) so callers cannot change the store.
 */
import { appendSection, replaceSection } from '../consultations/outline-edits';
import type { AuditEntry, AuditInput } from '../ports/audit';
import type { ContextKey } from '../../context/tenant';
import type { Comment, Consultation, ConsultationStore, Idea, Poll } from '../ports/consultations';
import { compareDescending, decodeCursor, encodeCursor } from '../consultations/cursor';
import { newRecordId } from '../consultations/ids';
import { memoryIdeaPart } from './idea-part';

const sameCourse = (a: ContextKey, b: ContextKey): boolean =>
  a.issuer === b.issuer && a.clientId === b.clientId && a.deploymentId === b.deploymentId && a.contextId === b.contextId;

/** Everything the parts share. */
export interface MemoryConsultationData {
  readonly consultations: Map<string, Consultation>;
  readonly polls: Map<string, Poll>;
  /** poll id → user id → answer */
  readonly answers: Map<string, Map<string, { role: string; choices: number[] }>>;
  readonly ideas: Map<string, Idea>;
  /** idea id → voter id → voter role */
  readonly votes: Map<string, Map<string, string>>;
  readonly comments: Map<string, Comment>;
  readonly visits: Map<string, Date>;
}

/** `appendAudit` writes a moderation's audit entry, before its change (see idea-part.ts). */
export function createMemoryConsultationStore(assertOpen: () => void, appendAudit: (entry: AuditInput) => AuditEntry): ConsultationStore {
  const data: MemoryConsultationData = {
    consultations: new Map(),
    polls: new Map(),
    answers: new Map(),
    ideas: new Map(),
    votes: new Map(),
    comments: new Map(),
    visits: new Map(),
  };
  const inCourse = <T extends { course: ContextKey }>(record: T | undefined, course: ContextKey): T | undefined =>
    record && sameCourse(record.course, course) ? record : undefined;
  const consultationOf = (course: ContextKey, id: string) => inCourse(data.consultations.get(id), course);
  const pollOf = (course: ContextKey, id: string) => {
    const poll = data.polls.get(id);
    return poll && consultationOf(course, poll.consultationId) ? poll : undefined;
  };
  const changeOutline = (course: ContextKey, id: string, now: Date, change: (outline: Consultation['outline'][number][]) => Consultation['outline'][number] | null) => {
    assertOpen();
    const consultation = consultationOf(course, id);
    if (!consultation) return null;
    const outline = [...consultation.outline];
    const section = change(outline);
    if (section) data.consultations.set(id, { ...consultation, outline, updatedAt: now });
    return section ? structuredClone(section) : null;
  };

  return {
    async createConsultation(course, input, now) {
      assertOpen();
      const consultation: Consultation = { ...structuredClone(input), id: newRecordId(), course: { ...course }, outline: [], createdAt: now, updatedAt: now };
      data.consultations.set(consultation.id, structuredClone(consultation));
      return consultation;
    },
    async updateConsultation(course, id, input, now) {
      assertOpen();
      const current = consultationOf(course, id);
      if (!current) return null;
      const { opensOn: _o, closesOn: _c, ...kept } = current;
      const updated: Consultation = { ...kept, ...structuredClone(input), updatedAt: now };
      data.consultations.set(id, updated);
      return structuredClone(updated);
    },
    async findConsultation(course, id) {
      assertOpen();
      const found = consultationOf(course, id);
      return found ? structuredClone(found) : null;
    },
    async listConsultations(course, statuses, page) {
      assertOpen();
      const after = decodeCursor(page.cursor, ['number', 'string']);
      const key = (c: Consultation) => [c.createdAt.getTime(), c.id];
      const all = [...data.consultations.values()]
        .filter((c) => sameCourse(c.course, course) && statuses.includes(c.status))
        .sort((a, b) => compareDescending(key(a), key(b)))
        .filter((c) => !after || compareDescending(key(c), after) > 0);
      const items = all.slice(0, page.limit).map((c) => structuredClone(c));
      const last = items[items.length - 1];
      return { items, nextCursor: all.length > page.limit ? encodeCursor(key(last)) : null };
    },
    async addSection(course, consultationId, section, now) {
      return changeOutline(course, consultationId, now, (outline) => appendSection(outline, section));
    },
    async updateSection(course, consultationId, section, now) {
      return changeOutline(course, consultationId, now, (outline) => replaceSection(outline, section));
    },
    async addPoll(course, consultationId, poll, now) {
      assertOpen();
      if (!consultationOf(course, consultationId)) return null;
      const created: Poll = { ...structuredClone(poll), id: newRecordId(), consultationId, createdAt: now };
      data.polls.set(created.id, structuredClone(created));
      return created;
    },
    async listPolls(course, consultationId) {
      assertOpen();
      if (!consultationOf(course, consultationId)) return [];
      return [...data.polls.values()].filter((p) => p.consultationId === consultationId).map((p) => structuredClone(p));
    },
    async answerPoll(course, pollId, respondent, choices) {
      assertOpen();
      if (!pollOf(course, pollId)) return false;
      const answers = data.answers.get(pollId) ?? new Map();
      answers.set(respondent.id, { role: respondent.role, choices: [...choices] });
      data.answers.set(pollId, answers);
      return true;
    },
    async answersBy(course, userId, pollIds) {
      assertOpen();
      const found = new Map<string, number[]>();
      for (const id of pollIds) {
        const answer = pollOf(course, id) && data.answers.get(id)?.get(userId);
        if (answer) found.set(id, [...answer.choices]);
      }
      return found;
    },
    async pollResults(course, pollId) {
      assertOpen();
      const poll = pollOf(course, pollId);
      if (!poll) return null;
      const counts = new Array<number>(poll.kind === 'scale' ? 5 : poll.options.length).fill(0);
      const answers = [...(data.answers.get(pollId)?.values() ?? [])];
      for (const a of answers) for (const c of a.choices) if (c >= 0 && c < counts.length) counts[c]++;
      return { respondents: answers.length, counts };
    },
    async participation(course, consultationId) {
      assertOpen();
      if (!consultationOf(course, consultationId)) return 0;
      const people = new Set<string>();
      for (const idea of data.ideas.values()) {
        if (idea.consultationId !== consultationId) continue;
        if (idea.author.role === 'learner') people.add(idea.author.id);
        for (const [voter, role] of data.votes.get(idea.id) ?? []) if (role === 'learner') people.add(voter);
      }
      for (const c of data.comments.values()) {
        const where = c.target.type === 'section' ? c.target.consultationId : data.ideas.get(c.target.ideaId)?.consultationId;
        if (where === consultationId && c.author.role === 'learner') people.add(c.author.id);
      }
      for (const poll of data.polls.values())
        if (poll.consultationId === consultationId) for (const [user, a] of data.answers.get(poll.id) ?? []) if (a.role === 'learner') people.add(user);
      return people.size;
    },
    async recordVisit(course, userId, now) {
      assertOpen();
      const key = JSON.stringify([course.issuer, course.clientId, course.deploymentId, course.contextId, userId]);
      const previous = data.visits.get(key) ?? null;
      data.visits.set(key, now);
      return previous;
    },
    async renameParticipant(course, person) {
      assertOpen();
      if (typeof person?.id !== 'string' || typeof person.name !== 'string') throw new TypeError('A participant has a string id and name');
      let changed = 0;
      for (const records of [data.ideas, data.comments] as Array<Map<string, Idea | Comment>>) {
        for (const [id, record] of records) {
          if (!inCourse(record, course) || record.author.id !== person.id || record.author.name === person.name) continue;
          records.set(id, { ...record, author: { ...record.author, name: person.name } });
          changed++;
        }
      }
      return changed;
    },
    ...memoryIdeaPart(data, assertOpen, appendAudit),
  };
}
