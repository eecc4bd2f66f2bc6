/** Course versions, corrective actions and review invitations on SQLite (tables of migrations 5 and 6; the grade outbox is in grade-outbox-store.ts). */
import { randomUUID } from 'node:crypto';
import type { ContextKey } from '../../context/tenant';
import type { CorrectiveAction, CorrectiveActionStore } from '../ports/corrective-actions';
import type { CourseVersion, CourseVersionStore } from '../ports/course-versions';
import { checkActionInput, checkVersionInput } from '../shared/loop-input';
import type { ReviewInviteStore } from '../ports/review-invites';
import type { SqliteDatabase } from './database';
import { courseParams } from './settings-store';

const COURSE_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId';
const COURSE_COLUMNS = 'issuer, client_id, deployment_id, context_id';
const COURSE_VALUES = '@issuer, @clientId, @deploymentId, @contextId';

interface CourseRow {
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
}
const courseOf = (r: CourseRow): ContextKey => ({ issuer: r.issuer, clientId: r.client_id, deploymentId: r.deployment_id, contextId: r.context_id });

export function createSqliteVersionStore(db: SqliteDatabase): CourseVersionStore {
  const insert = db.prepare(`INSERT INTO course_versions (id, ${COURSE_COLUMNS}, label, starts_on, created_at, created_by_id, created_by_name)
    VALUES (@id, ${COURSE_VALUES}, @label, @startsOn, @createdAt, @byId, @byName)`);
  const list = db.prepare(`SELECT * FROM course_versions WHERE ${COURSE_MATCH} ORDER BY starts_on, created_at, id`);
  type Row = CourseRow & { id: string; label: string; starts_on: string; created_at: number; created_by_id: string; created_by_name: string };
  const toVersion = (r: Row): CourseVersion => ({
    id: r.id,
    course: courseOf(r),
    label: r.label,
    startsOn: r.starts_on,
    createdAt: new Date(r.created_at),
    createdBy: { id: r.created_by_id, name: r.created_by_name },
  });
  return {
    async createVersion(raw) {
      const input = checkVersionInput(raw);
      const id = randomUUID();
      insert.run({ id, ...courseParams(input.course), label: input.label, startsOn: input.startsOn, createdAt: input.createdAt.getTime(), byId: input.createdBy.id, byName: input.createdBy.name });
      return { ...input, id, course: { ...input.course } };
    },
    async listVersions(course) {
      return (list.all(courseParams(course)) as Row[]).map(toVersion);
    },
  };
}

export function createSqliteActionStore(db: SqliteDatabase): CorrectiveActionStore {
  type Row = CourseRow & {
    id: string;
    description: string;
    due_on: string | null;
    status: CorrectiveAction['status'];
    done_in_version: string | null;
    created_by_id: string;
    created_by_name: string;
    created_at: number;
    updated_at: number;
  };
  const insert = db.prepare(`INSERT INTO corrective_actions (id, ${COURSE_COLUMNS}, description, due_on, status, done_in_version, created_by_id, created_by_name, created_at, updated_at)
    VALUES (@id, ${COURSE_VALUES}, @description, @dueOn, @status, @doneInVersion, @byId, @byName, @createdAt, @createdAt)`);
  const link = db.prepare('INSERT OR IGNORE INTO corrective_action_reviews (action_id, review_id) VALUES (?, ?)');
  const update = db.prepare(`UPDATE corrective_actions SET description = @description, due_on = @dueOn, status = @status,
    done_in_version = @doneInVersion, updated_at = @at WHERE id = @id AND ${COURSE_MATCH}`);
  const selectOne = db.prepare(`SELECT * FROM corrective_actions WHERE id = @id AND ${COURSE_MATCH}`);
  const linksOf = db.prepare('SELECT review_id FROM corrective_action_reviews WHERE action_id = ? ORDER BY review_id');
  const list = db.prepare(`SELECT * FROM corrective_actions WHERE ${COURSE_MATCH} ORDER BY created_at DESC, id DESC LIMIT @limit`);
  // Through the review_id index; the course match on the action keeps another course's ids out.
  const forReviews = db.prepare(`
    SELECT l.review_id AS linked_review, a.* FROM corrective_action_reviews l JOIN corrective_actions a ON a.id = l.action_id
    WHERE l.review_id IN (SELECT value FROM json_each(@ids)) AND a.issuer = @issuer AND a.client_id = @clientId
      AND a.deployment_id = @deploymentId AND a.context_id = @contextId
    ORDER BY a.created_at, a.id`);
  const toAction = (r: Row): CorrectiveAction => ({
    id: r.id,
    course: courseOf(r),
    description: r.description,
    ...(r.due_on === null ? {} : { dueOn: r.due_on }),
    status: r.status,
    reviewIds: (linksOf.all(r.id) as { review_id: string }[]).map((l) => l.review_id),
    ...(r.done_in_version === null ? {} : { doneInVersion: r.done_in_version }),
    createdBy: { id: r.created_by_id, name: r.created_by_name },
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  });
  const create = db.transaction((id: string, input: ReturnType<typeof checkActionInput>) => {
    insert.run({
      id,
      ...courseParams(input.course),
      description: input.description,
      dueOn: input.dueOn ?? null,
      status: input.status,
      doneInVersion: input.doneInVersion ?? null,
      byId: input.createdBy.id,
      byName: input.createdBy.name,
      createdAt: input.createdAt.getTime(),
    });
    for (const reviewId of input.reviewIds) link.run(id, reviewId);
  });
  return {
    async createAction(raw) {
      const input = checkActionInput(raw);
      const id = randomUUID();
      create.immediate(id, input);
      return toAction(selectOne.get({ id, ...courseParams(input.course) }) as Row);
    },
    async updateAction(course, actionId, change, at) {
      if (typeof actionId !== 'string') return null;
      const params = { ...courseParams(course), id: actionId };
      const changed = update.run({ ...params, description: change.description, dueOn: change.dueOn ?? null, status: change.status, doneInVersion: change.doneInVersion ?? null, at: at.getTime() });
      return changed.changes ? toAction(selectOne.get(params) as Row) : null;
    },
    async findAction(course, actionId) {
      if (typeof actionId !== 'string') return null;
      const row = selectOne.get({ ...courseParams(course), id: actionId }) as Row | undefined;
      return row ? toAction(row) : null;
    },
    async listActions(course, limit) {
      return (list.all({ ...courseParams(course), limit }) as Row[]).map(toAction);
    },
    async actionsForReviews(course, reviewIds) {
      const out = new Map<string, CorrectiveAction[]>();
      if (reviewIds.length === 0) return out;
      const rows = forReviews.all({ ...courseParams(course), ids: JSON.stringify(reviewIds) }) as (Row & { linked_review: string })[];
      for (const row of rows) {
        const list = out.get(row.linked_review) ?? [];
        list.push(toAction(row));
        out.set(row.linked_review, list);
      }
      return out;
    },
  };
}

export function createSqliteInviteStore(db: SqliteDatabase): ReviewInviteStore {
  const select = db.prepare(`SELECT dismissed, postponed_until FROM review_invites WHERE ${COURSE_MATCH} AND user_id = @userId`);
  const upsert = db.prepare(`INSERT INTO review_invites (${COURSE_COLUMNS}, user_id, dismissed, postponed_until) VALUES (${COURSE_VALUES}, @userId, @dismissed, @until)
    ON CONFLICT (${COURSE_COLUMNS}, user_id) DO UPDATE SET dismissed = excluded.dismissed, postponed_until = excluded.postponed_until`);
  return {
    async inviteState(course, userId) {
      const row = select.get({ ...courseParams(course), userId }) as { dismissed: 0 | 1; postponed_until: number | null } | undefined;
      if (!row) return null;
      return { dismissed: row.dismissed === 1, ...(row.postponed_until === null ? {} : { postponedUntil: new Date(row.postponed_until) }) };
    },
    async setInviteState(course, userId, state) {
      upsert.run({ ...courseParams(course), userId, dismissed: state.dismissed ? 1 : 0, until: state.postponedUntil?.getTime() ?? null });
    },
  };
}
