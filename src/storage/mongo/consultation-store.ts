/** MongoDB consultations: the consultation, its outline, polls and answers, visits and participation. */
import { bumpGeneration } from './generation-store';
import { appendSection, replaceSection } from '../consultations/outline-edits';
import type { ContextKey } from '../../context/tenant';
import type { ConsultationStore, ConsultationWrite, OutlineSection } from '../ports/consultations';
import { decodeCursor, encodeCursor } from '../consultations/cursor';
import { newRecordId } from '../consultations/ids';
import { retryOnceOnDuplicateKey } from './errors';
import { inTransaction } from './transaction';
import { courseFilter, memberFilter } from './keys';
import { AnswerModel, CommentModel, ConsultationModel, IdeaModel, PollModel, VisitModel, VoteModel, type ConsultationDoc, type PollDoc, type VisitDoc } from './consultation-models';
import { afterFilter, toConsultation, toPoll } from './consultation-docs';

type ConsultationPart = Pick<
  ConsultationStore,
  | 'createConsultation' | 'updateConsultation' | 'findConsultation' | 'listConsultations' | 'addSection' | 'updateSection'
  | 'addPoll' | 'listPolls' | 'answerPoll' | 'answersBy' | 'pollResults' | 'participation' | 'recordVisit'
>;

/** Optional dates are unset rather than stored empty, so a cleared date reads back as absent. */
function writeFields(input: ConsultationWrite) {
  const set = { title: input.title, brief: input.brief, questions: [...input.questions], status: input.status, ...(input.opensOn ? { opensOn: input.opensOn } : {}), ...(input.closesOn ? { closesOn: input.closesOn } : {}) };
  const unset = { ...(input.opensOn ? {} : { opensOn: '' }), ...(input.closesOn ? {} : { closesOn: '' }) };
  return { set, unset };
}

export function mongoConsultationPart(): ConsultationPart {
  const find = (course: ContextKey, id: string) => ConsultationModel.findOne({ ...courseFilter(course), recordId: String(id) }).lean<ConsultationDoc>().exec();
  const pollOf = async (course: ContextKey, pollId: string) => {
    const poll = await PollModel.findOne({ recordId: String(pollId) }).lean<PollDoc>().exec();
    return poll && (await find(course, poll.consultationId)) ? poll : null;
  };
  const changeOutline = async (course: ContextKey, id: string, now: Date, change: (outline: OutlineSection[]) => OutlineSection | null) => {
    const doc = await find(course, id);
    if (!doc) return null;
    const outline = doc.outline.map((s) => ({ id: s.id, title: s.title, text: s.text }));
    const section = change(outline);
    if (!section) return null;
    // Compare-and-set on the outline read, so two instructors editing at once cannot lose a section.
    const saved = await ConsultationModel.updateOne({ ...courseFilter(course), recordId: id, outline: doc.outline }, { $set: { outline, updatedAt: now } }).exec();
    return saved.modifiedCount ? section : null;
  };

  return {
    async createConsultation(course, input, now) {
      const doc: ConsultationDoc = { ...courseFilter(course), recordId: newRecordId(), ...writeFields(input).set, outline: [], createdAt: now, updatedAt: now };
      // The catalogue shows "help design it" while a consultation is open: the write and its bump commit together.
      await inTransaction(async (session) => {
        await ConsultationModel.create([doc], { session });
        await bumpGeneration(course, session);
      });
      return toConsultation(doc);
    },
    async updateConsultation(course, id, input, now) {
      const { set, unset } = writeFields(input);
      const doc = await inTransaction(async (session) => {
        const updated = await ConsultationModel.findOneAndUpdate({ ...courseFilter(course), recordId: String(id) }, { $set: { ...set, updatedAt: now }, $unset: unset }, { returnDocument: 'after', session })
          .lean<ConsultationDoc>()
          .exec();
        if (updated) await bumpGeneration(course, session);
        return updated;
      });
      return doc ? toConsultation(doc) : null;
    },
    async findConsultation(course, id) {
      const doc = await find(course, id);
      return doc ? toConsultation(doc) : null;
    },
    async listConsultations(course, statuses, page) {
      const after = decodeCursor(page.cursor, ['number', 'string']);
      const docs = await ConsultationModel.find({
        ...courseFilter(course),
        status: { $in: [...statuses] },
        ...(after ? afterFilter(['createdAt', 'recordId'], after, new Set(['createdAt'])) : {}),
      })
        .sort({ createdAt: -1, recordId: -1 })
        .limit(page.limit + 1)
        .lean<ConsultationDoc[]>()
        .exec();
      const items = docs.slice(0, page.limit).map(toConsultation);
      const last = items[items.length - 1];
      return { items, nextCursor: docs.length > page.limit ? encodeCursor([last.createdAt.getTime(), last.id]) : null };
    },
    async addSection(course, consultationId, section, now) {
      return changeOutline(course, consultationId, now, (outline) => appendSection(outline, section));
    },
    async updateSection(course, consultationId, section, now) {
      return changeOutline(course, consultationId, now, (outline) => replaceSection(outline, section));
    },
    async addPoll(course, consultationId, poll, now) {
      if (!(await find(course, consultationId))) return null;
      const doc: PollDoc = { recordId: newRecordId(), consultationId, question: poll.question, kind: poll.kind, options: [...poll.options], createdAt: now };
      await PollModel.create(doc);
      return toPoll(doc);
    },
    async listPolls(course, consultationId) {
      if (!(await find(course, consultationId))) return [];
      const docs = await PollModel.find({ consultationId: String(consultationId) }).sort({ createdAt: 1, _id: 1 }).lean<PollDoc[]>().exec();
      return docs.map(toPoll);
    },
    async answerPoll(course, pollId, respondent, choices, now) {
      if (!(await pollOf(course, pollId))) return false;
      await retryOnceOnDuplicateKey(() =>
        AnswerModel.updateOne({ pollId, userId: respondent.id }, { $set: { role: respondent.role, choices: [...choices], answeredAt: now } }, { upsert: true }).exec(),
      );
      return true;
    },
    async answersBy(course, userId, pollIds) {
      const found = new Map<string, number[]>();
      for (const pollId of pollIds) {
        if (!(await pollOf(course, pollId))) continue;
        const answer = await AnswerModel.findOne({ pollId, userId: String(userId) }).lean().exec();
        if (answer) found.set(pollId, [...answer.choices]);
      }
      return found;
    },
    async pollResults(course, pollId) {
      const poll = await pollOf(course, pollId);
      if (!poll) return null;
      const counts = new Array<number>(poll.kind === 'scale' ? 5 : poll.options.length).fill(0);
      const answers = await AnswerModel.find({ pollId: poll.recordId }).lean().exec();
      for (const a of answers) for (const c of a.choices) if (c >= 0 && c < counts.length) counts[c]++;
      return { respondents: answers.length, counts };
    },
    async participation(course, consultationId) {
      if (!(await find(course, consultationId))) return 0;
      const inCourse = { ...courseFilter(course), consultationId };
      const ideaIds = await IdeaModel.distinct('recordId', inCourse).exec();
      const pollIds = await PollModel.distinct('recordId', { consultationId }).exec();
      const groups = await Promise.all([
        IdeaModel.distinct('authorId', { ...inCourse, authorRole: 'learner' }).exec(),
        VoteModel.distinct('voterId', { ideaId: { $in: ideaIds }, role: 'learner' }).exec(),
        CommentModel.distinct('authorId', { ...inCourse, authorRole: 'learner' }).exec(),
        AnswerModel.distinct('userId', { pollId: { $in: pollIds }, role: 'learner' }).exec(),
      ]);
      return new Set(groups.flat().map(String)).size;
    },
    async recordVisit(course, userId, now) {
      const previous = await retryOnceOnDuplicateKey(() =>
        VisitModel.findOneAndUpdate(memberFilter(course, userId), { $set: { visitedAt: now } }, { upsert: true, returnDocument: 'before' }).lean<VisitDoc>().exec(),
      );
      return previous ? new Date(previous.visitedAt) : null;
    },
  };
}
