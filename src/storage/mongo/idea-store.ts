/** MongoDB ideas and training needs: listing, $text similar ideas, votes, statuses and merges. */
import type { ClientSession } from 'mongoose';
import type { ContextKey } from '../../context/tenant';
import type { ConsultationStore, IdeaSort } from '../ports/consultations';
import { decodeCursor, encodeCursor, IDEA_SORT_SHAPE, ideaSortKey } from '../consultations/cursor';
import { newRecordId } from '../consultations/ids';
import { pickSimilar, SIMILAR_CANDIDATES } from '../consultations/similar-ideas';
import { courseFilter } from './keys';
import { CommentModel, ConsultationModel, IdeaModel, VoteModel, type IdeaDoc } from './consultation-models';
import { afterFilter, toIdea } from './consultation-docs';
import { inTransaction } from './transaction';
import { appendAuditDoc } from './audit-store';
import { checkAuditCourse } from '../shared/audit-record';

type IdeaPart = Pick<
  ConsultationStore,
  'proposeIdea' | 'findIdea' | 'listIdeas' | 'similarIdeas' | 'setVote' | 'votesBy' | 'setIdeaStatus' | 'setIdeaHidden' | 'mergeIdeas' | 'statusChangesSince'
>;

const SORT_FIELDS: Record<IdeaSort, readonly string[]> = {
  votes: ['voteCount', 'createdAt', 'recordId'],
  newest: ['createdAt', 'recordId'],
  active: ['lastActivityAt', 'recordId'],
};
const DATE_FIELDS = new Set(['createdAt', 'lastActivityAt']);
const TEXT_LANGUAGE = { en: 'english', fr: 'french' } as const;

export function mongoIdeaPart(): IdeaPart {
  const findDoc = (course: ContextKey, id: string, session?: ClientSession) =>
    IdeaModel.findOne({ ...courseFilter(course), recordId: String(id) }, null, { session }).lean<IdeaDoc>().exec();
  // A need belongs to no consultation (stored null): naming that keeps the listing indexes' prefix whole.
  const scopeOf = (kind: 'idea' | 'need', consultationId?: string) => ({ kind, consultationId: kind === 'idea' ? String(consultationId ?? '') : null });

  return {
    async proposeIdea(course, input, now) {
      if (input.consultationId !== null && !(await ConsultationModel.exists({ ...courseFilter(course), recordId: input.consultationId })))
        throw new Error('The consultation is not in this course');
      const doc: IdeaDoc = {
        ...courseFilter(course),
        recordId: newRecordId(),
        kind: input.kind,
        consultationId: input.consultationId,
        authorId: input.author.id,
        authorName: input.author.name,
        authorRole: input.author.role,
        creditConsent: input.creditConsent,
        title: input.title,
        description: input.description,
        situation: input.situation,
        locale: input.language,
        textLanguage: TEXT_LANGUAGE[input.language],
        status: 'new',
        hidden: false,
        voteCount: 0,
        commentCount: 0,
        createdAt: now,
        lastActivityAt: now,
      };
      await IdeaModel.create(doc);
      return toIdea(doc);
    },
    async findIdea(course, id) {
      const doc = await findDoc(course, id);
      return doc ? toIdea(doc) : null;
    },
    async listIdeas(course, query) {
      const fields = SORT_FIELDS[query.sort];
      const after = decodeCursor(query.cursor, IDEA_SORT_SHAPE[query.sort]);
      const docs = await IdeaModel.find({
        ...courseFilter(course),
        ...scopeOf(query.kind, query.consultationId),
        mergedInto: null,
        hidden: query.includeHidden ? { $in: [false, true] } : false,
        ...(after ? afterFilter(fields, after, DATE_FIELDS) : {}),
      })
        .sort(Object.fromEntries(fields.map((f) => [f, -1])))
        .limit(query.limit + 1)
        .lean<IdeaDoc[]>()
        .exec();
      const items = docs.slice(0, query.limit).map(toIdea);
      const last = items[items.length - 1];
      return { items, nextCursor: docs.length > query.limit ? encodeCursor(ideaSortKey(last, query.sort)) : null };
    },
    async similarIdeas(course, query) {
      // $text stems in the searcher's language; quotes and minus signs would change the query's meaning.
      const search = query.text.replace(/["-]/g, ' ').trim();
      if (!search) return [];
      const docs = await IdeaModel.find(
        { ...courseFilter(course), $text: { $search: search, $language: TEXT_LANGUAGE[query.language] }, ...scopeOf(query.kind, query.consultationId), hidden: false, mergedInto: null },
        { score: { $meta: 'textScore' } },
      )
        .sort({ score: { $meta: 'textScore' }, voteCount: -1 })
        .limit(SIMILAR_CANDIDATES)
        .lean<IdeaDoc[]>()
        .exec();
      // $text only finds candidates (its stemmer is not ours); the shared rule decides, as on SQLite.
      return pickSimilar(query, docs.map(toIdea), query.limit);
    },
    async setVote(course, ideaId, voter, on, now) {
      return inTransaction(async (session) => {
        const idea = await findDoc(course, ideaId, session);
        if (!idea || idea.mergedInto != null) return null;
        const key = { ideaId: idea.recordId, voterId: String(voter.id) };
        const changed = on
          ? (await VoteModel.updateOne(key, { $setOnInsert: { role: voter.role, votedAt: now } }, { upsert: true, session }).exec()).upsertedCount
          : (await VoteModel.deleteOne(key, { session }).exec()).deletedCount;
        if (!changed) return (await findDoc(course, ideaId, session))?.voteCount ?? null;
        const updated = await IdeaModel.findOneAndUpdate(
          { recordId: idea.recordId, mergedInto: null },
          { $inc: { voteCount: on ? 1 : -1 }, $max: { lastActivityAt: now } },
          { returnDocument: 'after', session },
        )
          .lean<IdeaDoc>()
          .exec();
        if (updated) return updated.voteCount;
        // Not expected (a merge committed since this snapshot is a write conflict, and the unit reruns); kept as a guard.
        if (on) await VoteModel.deleteOne(key, { session }).exec();
        return null;
      });
    },
    async votesBy(course, voterId, ideaIds) {
      const ideas = await IdeaModel.find({ ...courseFilter(course), recordId: { $in: ideaIds.map(String) } }, { recordId: 1 }).lean<IdeaDoc[]>().exec();
      const votes = await VoteModel.find({ voterId: String(voterId), ideaId: { $in: ideas.map((i) => i.recordId) } }).lean().exec();
      return new Set(votes.map((v) => v.ideaId));
    },
    async setIdeaStatus(course, ideaId, status, declineReason, now) {
      const update = declineReason === undefined ? { $set: { status, statusChangedAt: now }, $unset: { declineReason: '' } } : { $set: { status, declineReason, statusChangedAt: now } };
      const doc = await IdeaModel.findOneAndUpdate({ ...courseFilter(course), recordId: String(ideaId) }, update, { returnDocument: 'after' }).lean<IdeaDoc>().exec();
      return doc ? toIdea(doc) : null;
    },
    async setIdeaHidden(course, ideaId, hidden, reason, audit) {
      checkAuditCourse(course, audit);
      const update = hidden && reason !== undefined ? { $set: { hidden, hiddenReason: reason } } : { $set: { hidden }, $unset: { hiddenReason: '' } };
      return inTransaction(async (session) => {
        const doc = await IdeaModel.findOneAndUpdate({ ...courseFilter(course), recordId: String(ideaId) }, update, { returnDocument: 'after', session }).lean<IdeaDoc>().exec();
        if (!doc) return null;
        await appendAuditDoc(audit, session);
        return toIdea(doc);
      });
    },
    async mergeIdeas(course, sourceId, targetId, now, audit) {
      checkAuditCourse(course, audit);
      return inTransaction(async (session) => {
        const source = await findDoc(course, sourceId, session);
        const target = await findDoc(course, targetId, session);
        if (!source || !target || source.recordId === target.recordId || source.mergedInto != null || target.mergedInto != null) return null;
        if (source.kind !== target.kind || (source.consultationId ?? null) !== (target.consultationId ?? null)) return null;
        // Marked first: no vote can land on the source once this commits.
        const marked = await IdeaModel.updateOne({ recordId: source.recordId, mergedInto: null }, { $set: { mergedInto: target.recordId } }, { session }).exec();
        if (!marked.modifiedCount) return null;
        let added = 0;
        for (const vote of await VoteModel.find({ ideaId: source.recordId }, null, { session }).lean().exec()) {
          const moved = await VoteModel.updateOne({ ideaId: target.recordId, voterId: vote.voterId }, { $setOnInsert: { role: vote.role, votedAt: vote.votedAt } }, { upsert: true, session }).exec();
          added += moved.upsertedCount;
          await VoteModel.deleteOne({ ideaId: source.recordId, voterId: vote.voterId }, { session }).exec();
        }
        await CommentModel.updateMany({ ...courseFilter(course), targetType: 'idea', targetId: source.recordId }, { $set: { targetId: target.recordId } }, { session }).exec();
        const commentCount = await CommentModel.countDocuments({ targetType: 'idea', targetId: target.recordId, hidden: false }, { session }).exec();
        await IdeaModel.updateOne({ recordId: source.recordId }, { $set: { voteCount: 0, commentCount: 0 } }, { session }).exec();
        const merged = await IdeaModel.findOneAndUpdate(
          { recordId: target.recordId },
          { $inc: { voteCount: added }, $set: { commentCount }, $max: { lastActivityAt: now } },
          { returnDocument: 'after', session },
        )
          .lean<IdeaDoc>()
          .exec();
        if (!merged) return null;
        await appendAuditDoc(audit, session);
        return toIdea(merged);
      });
    },
    async statusChangesSince(course, userId, since) {
      const voted = await VoteModel.distinct('ideaId', { voterId: String(userId) }).exec();
      const docs = await IdeaModel.find({
        ...courseFilter(course),
        hidden: false,
        mergedInto: null,
        statusChangedAt: { $gt: since },
        $or: [{ authorId: String(userId) }, { recordId: { $in: voted } }],
      })
        .sort({ statusChangedAt: -1 })
        .lean<IdeaDoc[]>()
        .exec();
      return docs.map(toIdea);
    },
  };
}
