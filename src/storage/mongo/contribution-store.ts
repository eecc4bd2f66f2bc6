/**
 * MongoDB adapter of ports/contributions.ts, the twin of sqlite/contribution-store.ts. Every write
 * that touches more than one document (a mark and its counter, a staff change and its audit entry, a
 * deletion and what hangs on the contribution) runs in one transaction (transaction.ts), which reads
 * the current contribution first; staff writes ask shared/contribution-plan.ts what to change.
 * Counters move by $inc in the transaction that writes the mark, comment, report or reuse. Ids from
 * outside reach filters only as strings (a non-string id is "not found", as SQLite's String() of it
 * matches nothing): never an operator.
 */
import { randomUUID } from 'node:crypto';
import type { ClientSession } from 'mongoose';
import type { ContextKey } from '../../context/tenant';
import type { CommentStatus, Contribution, ContributionComment, ContributionRefusal, ContributionResult, ContributionReuse, ContributionSort, ContributionStore } from '../ports/contributions';
import { ContributionInputError } from '../ports/contributions';
import { REPORT_REASONS } from '../ports/reviews';
import { checkLimit } from '../shared/cursor';
import { decodeContributionCursor, decodeQueueCursor, encodeContributionCursor, encodeQueueCursor, leadOf } from '../shared/contribution-cursor';
import { checkAuthorId, checkCommentWrite, checkContributionWrite } from '../shared/contribution-input';
import { inQueue, planCommentModeration, planCreditEdit, planModeration, planReuse, type ReuseKey } from '../shared/contribution-plan';
import { appendAuditDoc } from './audit-store';
import {
  COMMENT_OF_INDEX,
  COMMENT_QUEUE_INDEX,
  CONTRIBUTION_AUTHOR_INDEXES,
  CONTRIBUTION_LIST_INDEXES,
  CONTRIBUTION_QUEUE_INDEX,
  CONTRIBUTION_SORT_KEYS,
  ContributionCommentModel,
  ContributionModel,
  ContributionReportModel,
  ContributionReuseModel,
  UsefulMarkModel,
  type ContributionCommentDoc,
  type ContributionDoc,
  type ContributionReuseDoc,
} from './contribution-models';
import { afterRanges, toComment, toContribution, toReuse, writeFields, writeUpdate } from './contribution-docs';
import { createMongoContributionPeople } from './contribution-people';
import { courseFilter, idValue } from './keys';
import { VersionModel } from './loop-models';
import { inSnapshot, inTransaction } from './transaction';

/** Documents read per query by allContributions. */
const EXPORT_BATCH = 500;
const COMMENT_STATUSES: readonly CommentStatus[] = ['published', 'held', 'hidden'];
const SORTS: readonly ContributionSort[] = ['featured', 'newest', 'useful'];
const LEAD_FIELD = { featured: 'featured', useful: 'usefulCount', newest: null } as const;

/** A plain string id, or null for anything else (which no record has). */
const plainId = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function refused<T>(refusal: ContributionRefusal): ContributionResult<T> {
  return { ok: false, refusal };
}

/** The contribution of the course by id: never matched on the id alone. */
const contributionKey = (course: ContextKey, id: string) => ({ ...courseFilter(course), contributionId: id });

async function findDoc(course: ContextKey, id: unknown, session?: ClientSession): Promise<ContributionDoc | null> {
  const plain = plainId(id);
  if (plain === null) return null;
  const query = ContributionModel.findOne(contributionKey(course, plain));
  if (session) query.session(session);
  return query.lean<ContributionDoc>().exec();
}

/** Applies an update to the contribution in the transaction and returns it as stored after. */
async function updateDoc(course: ContextKey, id: string, update: Record<string, unknown>, session: ClientSession): Promise<ContributionDoc> {
  const doc = await ContributionModel.findOneAndUpdate(contributionKey(course, id), update, { returnDocument: 'after', session }).lean<ContributionDoc>().exec();
  // Read in this transaction a moment ago: a write conflict would have aborted it instead.
  if (!doc) throw new Error('The contribution vanished inside its transaction');
  return doc;
}

const move = (course: ContextKey, id: string, field: 'usefulCount' | 'commentCount' | 'reuseCount', delta: number, session: ClientSession) =>
  ContributionModel.updateOne(contributionKey(course, id), { $inc: { [field]: delta } }, { session }).exec();

export function createMongoContributionStore(): ContributionStore {
  /** Reads the course's contribution and runs `act` on it, in one transaction with its audit entry. */
  function staffWrite<T>(course: ContextKey, id: string, act: (current: ContributionDoc, session: ClientSession) => Promise<ContributionResult<T>>): Promise<ContributionResult<T>> {
    return inTransaction(async (session) => {
      const current = await findDoc(course, id, session);
      return current ? act(current, session) : refused<T>('not-found');
    }, course);
  }

  /** Reads the author's contribution and runs `act` on it in one transaction; null for anyone else. */
  function authorWrite<T>(course: ContextKey, id: string, authorId: string, act: (current: ContributionDoc, session: ClientSession) => Promise<T>): Promise<T | null> {
    return inTransaction(async (session) => {
      const current = await findDoc(course, id, session);
      if (!current || current.authorId !== authorId) return null;
      return act(current, session);
    }, course);
  }

  return {
    async findContribution(course, id) {
      const doc = await findDoc(course, id);
      return doc ? toContribution(doc) : null;
    },

    async listContributions(course, query) {
      const limit = checkLimit(query.limit);
      const statuses = [...new Set(query.statuses)];
      for (const status of statuses) if (status !== 'published' && status !== 'held') throw new ContributionInputError(`Unknown status ${String(status)}`);
      if (statuses.length === 0) return { items: [], nextCursor: null };
      if (!SORTS.includes(query.sort)) throw new ContributionInputError(`Unknown sort ${String(query.sort)}`);
      const sort = query.sort;
      const after = query.cursor === undefined ? null : decodeContributionCursor(query.cursor, sort);
      const byAuthor = query.authorId !== undefined;
      const base: Record<string, unknown> = {
        ...courseFilter(course),
        ...(byAuthor ? { authorId: idValue(query.authorId, 'authorId') } : {}),
        status: statuses.length === 1 ? statuses[0] : { $in: statuses },
      };
      const leadField = LEAD_FIELD[sort];
      const ranges = afterRanges(base, 'contributionId', after && { ...(leadField ? { lead: [leadField, after.lead] as const } : {}), createdAt: after.createdAt, id: after.id }, -1);
      const hint = byAuthor ? CONTRIBUTION_AUTHOR_INDEXES[sort] : CONTRIBUTION_LIST_INDEXES[sort];
      const docs = await inSnapshot(async (session) => {
        const rows: ContributionDoc[] = [];
        for (const filter of ranges) {
          if (rows.length > limit) break;
          rows.push(...(await ContributionModel.find(filter).sort(CONTRIBUTION_SORT_KEYS[sort]).limit(limit + 1 - rows.length).hint(hint).session(session).lean<ContributionDoc[]>().exec()));
        }
        return rows;
      });
      const items = docs.slice(0, limit).map(toContribution);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: docs.length > limit && last ? encodeContributionCursor({ sort, lead: leadOf(sort, last), createdAt: last.createdAt.getTime(), id: last.id }) : null,
      };
    },

    async moderationQueue(course, page) {
      const limit = checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeQueueCursor(page.cursor);
      const docs = await inSnapshot(async (session) => {
        const rows: ContributionDoc[] = [];
        for (const filter of afterRanges({ ...courseFilter(course), inQueue: true }, 'contributionId', after, 1)) {
          if (rows.length > limit) break;
          rows.push(
            ...(await ContributionModel.find(filter).sort({ createdAt: 1, contributionId: 1 }).limit(limit + 1 - rows.length).hint(CONTRIBUTION_QUEUE_INDEX).session(session).lean<ContributionDoc[]>().exec()),
          );
        }
        return rows;
      });
      const kept = docs.slice(0, limit);
      const last = kept[kept.length - 1];
      return { items: kept.map(toContribution), nextCursor: docs.length > limit && last ? encodeQueueCursor(new Date(last.createdAt).getTime(), last.contributionId) : null };
    },

    async countModerationQueue(course) {
      return ContributionModel.countDocuments({ ...courseFilter(course), inQueue: true }).hint(CONTRIBUTION_QUEUE_INDEX).exec();
    },

    async *allContributions(course) {
      // Oldest first in batches along the newest-first index read backwards (both statuses merged).
      const base = { ...courseFilter(course), status: { $in: ['published', 'held'] } };
      let after: { createdAt: number; id: string } | null = null;
      for (;;) {
        const batch: ContributionDoc[] = [];
        for (const filter of afterRanges(base, 'contributionId', after, 1)) {
          if (batch.length >= EXPORT_BATCH) break;
          batch.push(
            ...(await ContributionModel.find(filter).sort({ createdAt: 1, contributionId: 1 }).limit(EXPORT_BATCH - batch.length).hint(CONTRIBUTION_LIST_INDEXES.newest).lean<ContributionDoc[]>().exec()),
          );
        }
        for (const doc of batch) yield toContribution(doc);
        const last = batch[batch.length - 1];
        if (batch.length < EXPORT_BATCH || !last) return;
        after = { createdAt: new Date(last.createdAt).getTime(), id: last.contributionId };
      }
    },

    async createContribution(course, author, input, now) {
      const write = checkContributionWrite(input);
      const doc: ContributionDoc = {
        ...courseFilter(course),
        contributionId: randomUUID(),
        authorId: checkAuthorId(author.id),
        authorName: String(author.name ?? ''),
        ...(writeFields(write) as Pick<ContributionDoc, 'title' | 'text' | 'licence' | 'consentToReuse' | 'creditByName' | 'status' | 'holdReasons'>),
        featured: 0,
        usefulCount: 0,
        commentCount: 0,
        reportCount: 0,
        reuseCount: 0,
        inQueue: inQueue(write.status, 0),
        createdAt: now,
        updatedAt: now,
      };
      await ContributionModel.collection.insertOne({ ...doc });
      return toContribution(doc);
    },

    async updateContribution(course, id, authorId, input, now) {
      const write = checkContributionWrite(input);
      return authorWrite(course, id, authorId, async (current, session) => {
        const { $set, $unset } = writeUpdate(write);
        const update = { $set: { ...$set, inQueue: inQueue(write.status, current.reportCount), updatedAt: now }, ...(Object.keys($unset).length > 0 ? { $unset } : {}) };
        const updated = await updateDoc(course, current.contributionId, update, session);
        return { contribution: toContribution(updated), previous: toContribution(current) };
      });
    },

    async deleteContribution(course, id, authorId) {
      return authorWrite(course, id, authorId, async (current, session) => {
        // SQLite's ON DELETE CASCADE, written out: everything attached goes with it.
        const attached = contributionKey(course, current.contributionId);
        await ContributionModel.deleteOne(attached, { session }).exec();
        for (const model of [UsefulMarkModel, ContributionCommentModel, ContributionReportModel, ContributionReuseModel] as const) {
          await (model as typeof UsefulMarkModel).deleteMany(attached, { session }).exec();
        }
        return toContribution(current);
      });
    },

    async setCreditEditConsent(course, id, authorId, given, now) {
      return authorWrite(course, id, authorId, async (current, session) => {
        const update = given ? { $set: { creditConsentAt: now } } : { $unset: { creditConsentAt: '' } };
        return toContribution(await updateDoc(course, current.contributionId, update, session));
      });
    },

    async setUseful(course, id, userId, on, now) {
      return inTransaction(async (session) => {
        const current = await findDoc(course, id, session);
        if (!current || current.status !== 'published' || current.authorId === userId) return null;
        const mark = { ...contributionKey(course, current.contributionId), userId: checkAuthorId(userId) };
        let changed: boolean;
        if (on) {
          // An upsert inserts only when no mark exists. A concurrent twin committed after this
          // transaction began makes it fail with E11000 (unique lv_contribution_mark); inTransaction
          // then runs the whole unit again, whose upsert finds that mark: "already marked", no $inc.
          const result = await UsefulMarkModel.updateOne(mark, { $setOnInsert: { at: now } }, { upsert: true, session }).exec();
          changed = result.upsertedCount === 1;
        } else {
          changed = (await UsefulMarkModel.deleteOne(mark, { session }).exec()).deletedCount === 1;
        }
        if (!changed) return current.usefulCount;
        return (await updateDoc(course, current.contributionId, { $inc: { usefulCount: on ? 1 : -1 } }, session)).usefulCount;
      }, course);
    },

    async usefulMarksBy(course, userId, ids) {
      const user = plainId(userId);
      if (user === null) return new Set();
      const marks = await UsefulMarkModel.find({ ...courseFilter(course), contributionId: { $in: ids.map(String) }, userId: user }, { contributionId: 1 })
        .lean<Array<{ contributionId: string }>>()
        .exec();
      return new Set(marks.map((m) => m.contributionId));
    },

    async addComment(course, contributionId, input, now) {
      const write = checkCommentWrite(input);
      return inTransaction(async (session) => {
        const current = await findDoc(course, contributionId, session);
        if (!current || current.status !== 'published') return null;
        const doc: ContributionCommentDoc = {
          ...courseFilter(course),
          commentId: randomUUID(),
          contributionId: current.contributionId,
          authorId: write.author.id,
          authorName: write.author.name,
          text: write.text,
          status: write.status,
          holdReasons: [...write.holdReasons],
          createdAt: now,
        };
        await ContributionCommentModel.collection.insertOne({ ...doc }, { session });
        if (write.status === 'published') await move(course, current.contributionId, 'commentCount', 1, session);
        return toComment(doc);
      }, course);
    },

    async listComments(course, contributionId, statuses, limit) {
      checkLimit(limit);
      const current = await findDoc(course, contributionId);
      // Only the known statuses reach the filter (anything else matches nothing, as in SQLite).
      const wanted = COMMENT_STATUSES.filter((status) => statuses.includes(status));
      if (!current || wanted.length === 0) return [];
      const docs = await ContributionCommentModel.find({ ...contributionKey(course, current.contributionId), status: { $in: wanted } })
        .sort({ createdAt: 1, commentId: 1 })
        .limit(limit)
        .hint(COMMENT_OF_INDEX)
        .lean<ContributionCommentDoc[]>()
        .exec();
      return docs.map(toComment);
    },

    async deleteComment(course, commentId, authorId) {
      const plain = plainId(commentId);
      if (plain === null) return false;
      return inTransaction(async (session) => {
        const doc = await ContributionCommentModel.findOne({ ...courseFilter(course), commentId: plain }).session(session).lean<ContributionCommentDoc>().exec();
        if (!doc || doc.authorId !== authorId) return false;
        await ContributionCommentModel.deleteOne({ commentId: doc.commentId }, { session }).exec();
        if (doc.status === 'published') await move(course, doc.contributionId, 'commentCount', -1, session);
        return true;
      }, course);
    },

    async commentQueue(course, page) {
      const limit = checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeQueueCursor(page.cursor);
      const docs = await inSnapshot(async (session) => {
        const rows: ContributionCommentDoc[] = [];
        for (const filter of afterRanges({ ...courseFilter(course), status: 'held' }, 'commentId', after, 1)) {
          if (rows.length > limit) break;
          rows.push(
            ...(await ContributionCommentModel.find(filter).sort({ createdAt: 1, commentId: 1 }).limit(limit + 1 - rows.length).hint(COMMENT_QUEUE_INDEX).session(session).lean<ContributionCommentDoc[]>().exec()),
          );
        }
        return rows;
      });
      const kept = docs.slice(0, limit);
      const last = kept[kept.length - 1];
      return { items: kept.map(toComment), nextCursor: docs.length > limit && last ? encodeQueueCursor(new Date(last.createdAt).getTime(), last.commentId) : null };
    },

    async report(course, id, reporterId, reason, at) {
      if (!REPORT_REASONS.includes(reason)) throw new ContributionInputError(`Unknown report reason ${String(reason)}`);
      return inTransaction(async (session) => {
        const current = await findDoc(course, id, session);
        if (!current) return false;
        // One report per person, cleared or not (unique lv_contribution_report): a second one inserts nothing.
        const key = { ...contributionKey(course, current.contributionId), reporterId: checkAuthorId(reporterId) };
        const result = await ContributionReportModel.updateOne(key, { $setOnInsert: { reason, at, clearedAt: null } }, { upsert: true, session }).exec();
        if (result.upsertedCount !== 1) return false;
        await ContributionModel.updateOne(contributionKey(course, current.contributionId), { $inc: { reportCount: 1 }, $set: { inQueue: true } }, { session }).exec();
        return true;
      }, course);
    },

    async reportsBy(course, reporterId, ids) {
      const reporter = plainId(reporterId);
      if (reporter === null) return new Set();
      const reports = await ContributionReportModel.find({ ...courseFilter(course), contributionId: { $in: ids.map(String) }, reporterId: reporter }, { contributionId: 1 })
        .lean<Array<{ contributionId: string }>>()
        .exec();
      return new Set(reports.map((r) => r.contributionId));
    },

    async reportsOf(course, id) {
      const plain = plainId(id);
      if (plain === null) return [];
      const reports = await ContributionReportModel.find({ ...contributionKey(course, plain), clearedAt: null }, { reason: 1, at: 1 })
        .sort({ at: 1, reporterId: 1 })
        .lean<Array<{ reason: (typeof REPORT_REASONS)[number]; at: Date }>>()
        .exec();
      return reports.map((r) => ({ reason: r.reason, at: new Date(r.at) }));
    },

    async moderate(course, id, status, audit, now) {
      return staffWrite(course, id, async (current, session) => {
        const plan = planModeration(toContribution(current), status);
        if (!plan.ok) return plan;
        const key = contributionKey(course, current.contributionId);
        if (plan.change.clearReports) await ContributionReportModel.updateMany({ ...key, clearedAt: null }, { $set: { clearedAt: now } }, { session }).exec();
        const reportCount = plan.change.clearReports ? 0 : current.reportCount;
        const updated = await updateDoc(
          course,
          current.contributionId,
          { $set: { status: plan.change.status, holdReasons: [...plan.change.holdReasons], reportCount, inQueue: inQueue(plan.change.status, reportCount) } },
          session,
        );
        await appendAuditDoc(audit, session);
        return { ok: true, value: toContribution(updated) };
      });
    },

    async setFeatured(course, id, featured, audit, now) {
      return staffWrite(course, id, async (current, session) => {
        const updated = await updateDoc(course, current.contributionId, { $set: { featured: featured ? 1 : 0 } }, session);
        await appendAuditDoc(audit, session);
        return { ok: true, value: toContribution(updated) };
      });
    },

    async markReused(course, id, target, by, audit, now) {
      return staffWrite(course, id, async (current, session): Promise<ContributionResult<ContributionReuse>> => {
        const key = contributionKey(course, current.contributionId);
        const versions = await VersionModel.find(courseFilter(course), { versionId: 1 }).session(session).lean<Array<{ versionId: string }>>().exec();
        const existing = await ContributionReuseModel.find(key, { kind: 1, versionId: 1, targetDeploymentId: 1, targetContextId: 1 }).session(session).lean<ReuseKey[]>().exec();
        const plan = planReuse(toContribution(current), target, versions.map((v) => v.versionId), existing);
        if (!plan.ok) return plan;
        // A twin recorded concurrently fails this insert on lv_contribution_reuse_target (E11000):
        // inTransaction runs the unit again and the plan then answers 'duplicate'.
        const doc: ContributionReuseDoc = { ...key, reuseId: randomUUID(), authorId: current.authorId, ...plan.change, byId: checkAuthorId(by.id), byName: String(by.name ?? ''), at: now };
        await ContributionReuseModel.collection.insertOne({ ...doc }, { session });
        await move(course, current.contributionId, 'reuseCount', 1, session);
        await appendAuditDoc(audit, session);
        return { ok: true, value: toReuse(doc) };
      });
    },

    async removeReuse(course, reuseId, audit) {
      const plain = plainId(reuseId);
      if (plain === null) return refused('not-found');
      return inTransaction(async (session): Promise<ContributionResult<ContributionReuse>> => {
        const doc = await ContributionReuseModel.findOne({ ...courseFilter(course), reuseId: plain }).session(session).lean<ContributionReuseDoc>().exec();
        if (!doc) return refused('not-found');
        await ContributionReuseModel.deleteOne({ reuseId: doc.reuseId }, { session }).exec();
        await move(course, doc.contributionId, 'reuseCount', -1, session);
        await appendAuditDoc(audit, session);
        return { ok: true, value: toReuse(doc) };
      }, course);
    },

    async listReuses(course, id) {
      const plain = plainId(id);
      if (plain === null) return [];
      const docs = await ContributionReuseModel.find(contributionKey(course, plain)).sort({ at: 1, _id: 1 }).lean<ContributionReuseDoc[]>().exec();
      return docs.map(toReuse);
    },

    async reuseCountOfAuthor(course, authorId) {
      const author = plainId(authorId);
      if (author === null) return 0;
      return ContributionReuseModel.countDocuments({ ...courseFilter(course), authorId: author }).exec();
    },

    async editCredit(course, id, credit, audit, now) {
      return staffWrite(course, id, async (current, session) => {
        const plan = planCreditEdit(toContribution(current), credit);
        if (!plan.ok) return plan;
        const update = plan.change.byName
          ? { $set: { creditByName: true, creditName: plan.change.name } }
          : { $set: { creditByName: false }, $unset: { creditName: '' } };
        const updated = await updateDoc(course, current.contributionId, update, session);
        await appendAuditDoc(audit, session);
        return { ok: true, value: toContribution(updated) };
      });
    },

    async moderateComment(course, commentId, change, audit) {
      const plain = plainId(commentId);
      if (plain === null) return refused('not-found');
      return inTransaction(async (session): Promise<ContributionResult<ContributionComment>> => {
        const doc = await ContributionCommentModel.findOne({ ...courseFilter(course), commentId: plain }).session(session).lean<ContributionCommentDoc>().exec();
        if (!doc) return refused('not-found');
        const plan = planCommentModeration(toComment(doc), change);
        const set = { status: plan.status, holdReasons: [...plan.holdReasons], ...(plan.hiddenReason === undefined ? {} : { hiddenReason: plan.hiddenReason }) };
        const updated = await ContributionCommentModel.findOneAndUpdate(
          { commentId: doc.commentId },
          { $set: set, ...(plan.hiddenReason === undefined ? { $unset: { hiddenReason: '' } } : {}) },
          { returnDocument: 'after', session },
        )
          .lean<ContributionCommentDoc>()
          .exec();
        if (!updated) throw new Error('The comment vanished inside its transaction');
        if (plan.countDelta !== 0) await move(course, doc.contributionId, 'commentCount', plan.countDelta, session);
        await appendAuditDoc(audit, session);
        return { ok: true, value: toComment(updated) };
      }, course);
    },

    ...createMongoContributionPeople(),
  };
}
