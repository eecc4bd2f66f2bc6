/** Course versions, corrective actions and the grade outbox as plain Maps, for unit tests. */
import { randomUUID } from 'node:crypto';
import type { CorrectiveAction, CorrectiveActionStore } from '../ports/corrective-actions';
import type { CourseVersion, CourseVersionStore } from '../ports/course-versions';
import type { GradeOutboxStore, PendingScore } from '../ports/grade-outbox';
import { checkActionInput, checkVersionInput } from '../shared/loop-input';
import type { InviteState, ReviewInviteStore } from '../ports/review-invites';
import { courseMapKey } from './settings-store';
import type { BumpGeneration } from './generation-store';

const copyAction = (a: CorrectiveAction): CorrectiveAction => ({
  ...a,
  course: { ...a.course },
  reviewIds: [...a.reviewIds],
  createdBy: { ...a.createdBy },
  createdAt: new Date(a.createdAt.getTime()),
  updatedAt: new Date(a.updatedAt.getTime()),
});
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function memoryVersionStore(assertOpen: () => void, bump: BumpGeneration): CourseVersionStore {
  const versions: CourseVersion[] = [];
  return {
    async createVersion(raw) {
      assertOpen();
      const input = checkVersionInput(raw);
      const version: CourseVersion = { ...input, id: randomUUID(), course: { ...input.course }, createdBy: { ...input.createdBy } };
      versions.push(version);
      bump(version.course);
      return { ...version };
    },
    async listVersions(course) {
      assertOpen();
      return versions
        .filter((v) => courseMapKey(v.course) === courseMapKey(course))
        .sort((a, b) => byId(a.startsOn, b.startsOn) || a.createdAt.getTime() - b.createdAt.getTime() || byId(a.id, b.id))
        .map((v) => ({ ...v }));
    },
  };
}

export function memoryActionStore(assertOpen: () => void, bump: BumpGeneration): CorrectiveActionStore {
  const actions = new Map<string, CorrectiveAction>();
  const inCourse = (course: Parameters<CorrectiveActionStore['findAction']>[0], id: string) => {
    const found = typeof id === 'string' ? actions.get(id) : undefined;
    return found && courseMapKey(found.course) === courseMapKey(course) ? found : undefined;
  };
  return {
    async createAction(raw) {
      assertOpen();
      const input = checkActionInput(raw);
      const action: CorrectiveAction = { ...input, id: randomUUID(), reviewIds: [...input.reviewIds].sort(byId), updatedAt: input.createdAt };
      actions.set(action.id, copyAction(action));
      bump(action.course);
      return copyAction(action);
    },
    async updateAction(course, actionId, change, at) {
      assertOpen();
      const found = inCourse(course, actionId);
      if (!found) return null;
      const { dueOn: _d, doneInVersion: _v, ...rest } = found;
      const updated: CorrectiveAction = {
        ...rest,
        description: change.description,
        status: change.status,
        ...(change.dueOn === undefined ? {} : { dueOn: change.dueOn }),
        ...(change.doneInVersion === undefined ? {} : { doneInVersion: change.doneInVersion }),
        updatedAt: new Date(at.getTime()),
      };
      actions.set(actionId, updated);
      bump(course);
      return copyAction(updated);
    },
    async findAction(course, actionId) {
      assertOpen();
      const found = inCourse(course, actionId);
      return found ? copyAction(found) : null;
    },
    async listActions(course, limit) {
      assertOpen();
      return [...actions.values()]
        .filter((a) => courseMapKey(a.course) === courseMapKey(course))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || byId(b.id, a.id))
        .slice(0, limit)
        .map(copyAction);
    },
    async actionsForReviews(course, reviewIds) {
      assertOpen();
      const out = new Map<string, CorrectiveAction[]>();
      const wanted = new Set(reviewIds);
      const listed = [...actions.values()]
        .filter((a) => courseMapKey(a.course) === courseMapKey(course))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a.id, b.id));
      for (const action of listed) {
        for (const id of action.reviewIds) if (wanted.has(id)) out.set(id, [...(out.get(id) ?? []), copyAction(action)]);
      }
      return out;
    },
  };
}

export function memoryGradeOutbox(assertOpen: () => void): GradeOutboxStore {
  const scores = new Map<string, PendingScore>();
  const copy = (p: PendingScore): PendingScore => ({ ...p, course: { ...p.course }, target: { ...p.target, scopes: [...p.target.scopes] } });
  const ofCourse = (course: PendingScore['course']) => [...scores.values()].filter((p) => courseMapKey(p.course) === courseMapKey(course));
  return {
    async enqueueScore(input) {
      assertOpen();
      const twin = ofCourse(input.course).find((p) => p.userId === input.userId && p.reason === input.reason);
      const score: PendingScore = twin
        ? { ...twin, target: input.target, nextAttemptAt: new Date(Math.min(twin.nextAttemptAt.getTime(), input.nextAttemptAt.getTime())) }
        : { ...input, id: randomUUID(), attempts: 0 };
      scores.set(score.id, copy(score));
      return copy(score);
    },
    async dueScores(course, now, limit) {
      assertOpen();
      return ofCourse(course)
        .filter((p) => p.nextAttemptAt.getTime() <= now.getTime())
        .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || byId(a.id, b.id))
        .slice(0, limit)
        .map(copy);
    },
    async pendingScores(course) {
      assertOpen();
      return ofCourse(course)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a.id, b.id))
        .map(copy);
    },
    async removeScore(id) {
      assertOpen();
      scores.delete(id);
    },
    async recordFailure(id, error, nextAttemptAt) {
      assertOpen();
      const found = scores.get(id);
      if (found) scores.set(id, { ...found, attempts: found.attempts + 1, lastError: error.slice(0, 500), nextAttemptAt: new Date(nextAttemptAt.getTime()) });
    },
  };
}

export function memoryInviteStore(assertOpen: () => void): ReviewInviteStore {
  const states = new Map<string, InviteState>();
  const key = (course: Parameters<ReviewInviteStore['inviteState']>[0], userId: string) => JSON.stringify([courseMapKey(course), userId]);
  return {
    async inviteState(course, userId) {
      assertOpen();
      const found = states.get(key(course, userId));
      return found ? { ...found } : null;
    },
    async setInviteState(course, userId, state) {
      assertOpen();
      states.set(key(course, userId), { dismissed: state.dismissed, ...(state.postponedUntil ? { postponedUntil: new Date(state.postponedUntil.getTime()) } : {}) });
    },
  };
}
