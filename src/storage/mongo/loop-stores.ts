/** Responses, course versions, corrective actions and review invitations on MongoDB (the grade outbox is in grade-outbox-store.ts). */
import { randomUUID } from 'node:crypto';
import type { ClientSession } from 'mongoose';
import type { ContextKey } from '../../context/tenant';
import type { CorrectiveAction, CorrectiveActionStore } from '../ports/corrective-actions';
import type { CourseVersionStore } from '../ports/course-versions';
import type { ResponseStore } from '../ports/responses';
import { checkLimit } from '../shared/cursor';
import { checkActionInput, checkVersionInput } from '../shared/loop-input';
import { decodeOldestFirstCursor, encodeOldestFirstCursor } from '../shared/review-order';
import { REVIEW_ATTENTION_INDEX, ReviewModel, type ReviewDoc } from './course-models';
import { courseFilter, idValue } from './keys';
import { ActionModel, InviteModel, VersionModel, type ActionDoc, type InviteDoc, type VersionDoc } from './loop-models';
import type { ReviewInviteStore } from '../ports/review-invites';
import { oldestFirstRanges, toReview } from './review-docs';
import { factsOf, withState } from './review-loop-docs';
import { planResponse } from '../shared/review-change';
import { bumpGeneration } from './generation-store';
import { applyListeningMonths } from './listening-months-store';
import { inSnapshot, inTransaction } from './transaction';

const courseOf = (d: ContextKey): ContextKey => ({ issuer: d.issuer, clientId: d.clientId, deploymentId: d.deploymentId ?? '', contextId: d.contextId ?? '' });

/**
 * A single-document write counted by the course's generation: `work` does the write, then
 * bumpGeneration(course, session) last, in one transaction, so the bump cannot be lost to a crash
 * between the two. A duplicate key, from two racing first bumps of a course, aborts the transaction
 * and inTransaction runs the whole unit once more (the retried bump then finds the counter).
 * Identifiers are drawn before the unit, so a rerun writes the same document and never a second one.
 */
function countedWrite<T>(course: ContextKey, work: (session: ClientSession) => Promise<T>): Promise<T> {
  return inTransaction(work, course);
}

export function createResponseStore(): ResponseStore {
  return {
    async respond(course, reviewId, response) {
      if (typeof reviewId !== 'string') return null;
      if (response && (typeof response.text !== 'string' || response.text.length === 0 || response.text.length > 4000)) throw new RangeError('A response is 1 to 4000 characters');
      return inTransaction(async (session) => {
        const doc = await ReviewModel.findOne({ ...courseFilter(course), reviewId: idValue(reviewId, 'reviewId') }).session(session).lean<ReviewDoc>().exec();
        if (!doc) return null;
        const earlier = doc.response;
        // The first response's date stays when it is edited: the needs-attention flag follows from it.
        const at = response ? (earlier ? earlier.at : response.at) : null;
        const change = planResponse(factsOf(doc), at === null ? null : new Date(at).getTime());
        const updated = withState({ ...doc }, change.review);
        if (response && at !== null) updated.response = { text: response.text, by: { ...response.by }, at, ...(earlier ? { editedAt: response.at } : {}) };
        else delete updated.response;
        const { reviewId: id, ...replacement } = updated;
        await ReviewModel.replaceOne({ reviewId: id }, { reviewId: id, ...replacement }, { session }).exec();
        // A first response or its removal moves the course's listening figures.
        if (change.listening.length > 0) await applyListeningMonths(course, change.listening, session);
        await bumpGeneration(course, session);
        return toReview(updated);
      }, course);
    },
    async needsAttention(course, page) {
      const limit = checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeOldestFirstCursor(page.cursor);
      const docs = await inSnapshot(async (session) => {
        const rows: ReviewDoc[] = [];
        for (const filter of oldestFirstRanges<ReviewDoc>({ ...courseFilter(course), attention: true }, after)) {
          if (rows.length > limit) break;
          rows.push(...(await ReviewModel.find(filter).sort({ createdAt: 1, reviewId: 1 }).limit(limit + 1 - rows.length).hint(REVIEW_ATTENTION_INDEX).session(session).lean<ReviewDoc[]>().exec()));
        }
        return rows;
      });
      const kept = docs.slice(0, limit);
      const last = kept[kept.length - 1];
      return {
        items: kept.map(toReview),
        nextCursor: docs.length > limit && last ? encodeOldestFirstCursor({ createdAt: new Date(last.createdAt).getTime(), id: last.reviewId }) : null,
      };
    },
    countNeedsAttention(course) {
      return ReviewModel.countDocuments({ ...courseFilter(course), attention: true }).hint(REVIEW_ATTENTION_INDEX).exec();
    },
  };
}

export function createVersionStore(): CourseVersionStore {
  const toVersion = (d: VersionDoc) => ({ id: d.versionId, course: courseOf(d), label: d.label, startsOn: d.startsOn, createdAt: new Date(d.createdAt), createdBy: { id: d.createdBy?.id ?? '', name: d.createdBy?.name ?? '' } });
  return {
    async createVersion(raw) {
      const input = checkVersionInput(raw);
      const doc: VersionDoc = { ...courseFilter(input.course), versionId: randomUUID(), label: input.label, startsOn: input.startsOn, createdAt: input.createdAt, createdBy: { ...input.createdBy } };
      // The insert and the course's generation bump commit together (see countedWrite).
      await countedWrite(input.course, async (session) => {
        await VersionModel.create([doc], { session });
        await bumpGeneration(input.course, session);
      });
      return toVersion(doc);
    },
    async listVersions(course) {
      const docs = await VersionModel.find(courseFilter(course)).sort({ startsOn: 1, createdAt: 1, versionId: 1 }).lean<VersionDoc[]>().exec();
      return docs.map(toVersion);
    },
  };
}

function toAction(d: ActionDoc): CorrectiveAction {
  return {
    id: d.actionId,
    course: courseOf(d),
    description: d.description,
    ...(d.dueOn != null ? { dueOn: d.dueOn } : {}),
    status: d.status,
    reviewIds: [...(d.reviewIds ?? [])].sort(),
    ...(d.doneInVersion != null ? { doneInVersion: d.doneInVersion } : {}),
    createdBy: { id: d.createdBy?.id ?? '', name: d.createdBy?.name ?? '' },
    createdAt: new Date(d.createdAt),
    updatedAt: new Date(d.updatedAt),
  };
}

export function createActionStore(): CorrectiveActionStore {
  const inCourse = (course: ContextKey, actionId: string) => ({ ...courseFilter(course), actionId: idValue(actionId, 'actionId') });
  return {
    async createAction(raw) {
      const input = checkActionInput(raw);
      const doc: ActionDoc = {
        ...courseFilter(input.course),
        actionId: randomUUID(),
        description: input.description,
        dueOn: input.dueOn ?? null,
        status: input.status,
        reviewIds: [...input.reviewIds],
        doneInVersion: input.doneInVersion ?? null,
        createdBy: { ...input.createdBy },
        createdAt: input.createdAt,
        updatedAt: input.createdAt,
      };
      // The insert (links included) and the course's generation bump commit together (see countedWrite).
      await countedWrite(input.course, async (session) => {
        await ActionModel.create([doc], { session });
        await bumpGeneration(input.course, session);
      });
      return toAction(doc);
    },
    async updateAction(course, actionId, change, at) {
      if (typeof actionId !== 'string') return null;
      const filter = inCourse(course, actionId);
      // The update and the course's generation bump commit together (see countedWrite); an action the
      // course does not have changes nothing and bumps nothing.
      const doc = await countedWrite(course, async (session) => {
        const updated = await ActionModel.findOneAndUpdate(
          filter,
          { $set: { description: change.description, status: change.status, dueOn: change.dueOn ?? null, doneInVersion: change.doneInVersion ?? null, updatedAt: at } },
          { returnDocument: 'after', session },
        )
          .lean<ActionDoc>()
          .exec();
        if (updated) await bumpGeneration(course, session);
        return updated;
      });
      return doc ? toAction(doc) : null;
    },
    async findAction(course, actionId) {
      if (typeof actionId !== 'string') return null;
      const doc = await ActionModel.findOne(inCourse(course, actionId)).lean<ActionDoc>().exec();
      return doc ? toAction(doc) : null;
    },
    async listActions(course, limit) {
      const docs = await ActionModel.find(courseFilter(course)).sort({ createdAt: -1, actionId: -1 }).limit(limit).lean<ActionDoc[]>().exec();
      return docs.map(toAction);
    },
    async actionsForReviews(course, reviewIds) {
      const out = new Map<string, CorrectiveAction[]>();
      const ids = reviewIds.filter((id): id is string => typeof id === 'string');
      if (ids.length === 0) return out;
      const docs = await ActionModel.find({ ...courseFilter(course), reviewIds: { $in: ids } }).sort({ createdAt: 1, actionId: 1 }).lean<ActionDoc[]>().exec();
      const wanted = new Set(ids);
      for (const doc of docs) {
        const action = toAction(doc);
        for (const id of action.reviewIds) if (wanted.has(id)) out.set(id, [...(out.get(id) ?? []), action]);
      }
      return out;
    },
  };
}

export function createInviteStore(): ReviewInviteStore {
  return {
    async inviteState(course, userId) {
      const doc = await InviteModel.findOne({ ...courseFilter(course), userId: idValue(userId, 'userId') }).lean<InviteDoc>().exec();
      if (!doc) return null;
      return { dismissed: doc.dismissed, ...(doc.postponedUntil != null ? { postponedUntil: new Date(doc.postponedUntil) } : {}) };
    },
    async setInviteState(course, userId, state) {
      await InviteModel.updateOne(
        { ...courseFilter(course), userId: idValue(userId, 'userId') },
        { $set: { dismissed: state.dismissed, postponedUntil: state.postponedUntil ?? null } },
        { upsert: true },
      ).exec();
    },
  };
}
