/**
 * The grade outbox on SQLite (table of migration 5, claims of migration 15). A claim is a read and
 * its updates under one IMMEDIATE transaction: the write lock is taken before the read, so a second
 * process on the same file waits (busy_timeout) and then reads the rows as claimed. A deferred
 * transaction would read first and could be refused when upgrading to write (SQLITE_BUSY in WAL mode).
 *
 * A course's scores are claimed by one process at a time: scores of a course where another owner
 * holds a live claim are skipped (found through the partial index of migration 28), so two
 * processes never look for, and create, the course's gradebook column at the same moment.
 */
import { randomUUID } from 'node:crypto';
import type { ContextKey } from '../../context/tenant';
import type { GradeOutboxStore, GradeTarget, PendingScore } from '../ports/grade-outbox';
import type { SqliteDatabase } from './database';
import { courseParams } from './settings-store';

const COURSE_COLUMNS = 'issuer, client_id, deployment_id, context_id';

/** Exported for the EXPLAIN QUERY PLAN test: due scores of every platform, one range of grade_outbox_claim, in order. */
export const DUE_SCORES_SQL = 'SELECT * FROM grade_outbox WHERE next_attempt_at <= @now ORDER BY next_attempt_at, id';
/** Exported for the EXPLAIN QUERY PLAN test: the courses other owners hold now, from the partial index grade_outbox_claimed. */
export const HELD_COURSES_SQL = `SELECT ${COURSE_COLUMNS} FROM grade_outbox INDEXED BY grade_outbox_claimed
  WHERE claimed_by IS NOT NULL AND claimed_by <> @owner AND next_attempt_at > @now`;

const courseOf = (r: Pick<Row, 'issuer' | 'client_id' | 'deployment_id' | 'context_id'>) => JSON.stringify([r.issuer, r.client_id, r.deployment_id, r.context_id]);

interface Row {
  id: string;
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
  user_id: string;
  reason: string;
  target: string;
  locale: 'en' | 'fr';
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

const toScore = (r: Row): PendingScore => ({
  id: r.id,
  course: { issuer: r.issuer, clientId: r.client_id, deploymentId: r.deployment_id, contextId: r.context_id } satisfies ContextKey,
  userId: r.user_id,
  reason: r.reason,
  // Written by enqueueScore from a GradeTarget only.
  target: JSON.parse(r.target) as GradeTarget,
  locale: r.locale,
  createdAt: new Date(r.created_at),
  attempts: r.attempts,
  nextAttemptAt: new Date(r.next_attempt_at),
  ...(r.last_error === null ? {} : { lastError: r.last_error }),
});

export function createSqliteGradeOutbox(db: SqliteDatabase): GradeOutboxStore {
  // A claimed twin keeps its due time (the lease): see the port on enqueueing during a send.
  const upsert = db.prepare(`INSERT INTO grade_outbox (id, ${COURSE_COLUMNS}, user_id, reason, target, locale, created_at, attempts, next_attempt_at, last_error)
    VALUES (@id, @issuer, @clientId, @deploymentId, @contextId, @userId, @reason, @target, @locale, @createdAt, 0, @nextAttemptAt, NULL)
    ON CONFLICT (${COURSE_COLUMNS}, user_id, reason) DO UPDATE SET target = excluded.target, locale = excluded.locale,
      next_attempt_at = CASE WHEN claimed_by IS NULL THEN min(next_attempt_at, excluded.next_attempt_at) ELSE next_attempt_at END
    RETURNING *`);
  const due = db.prepare(DUE_SCORES_SQL);
  const held = db.prepare(HELD_COURSES_SQL);
  const take = db.prepare('UPDATE grade_outbox SET claimed_by = @owner, next_attempt_at = @leaseUntil WHERE id = @id');
  const remove = db.prepare('DELETE FROM grade_outbox WHERE id = @id AND claimed_by = @owner');
  const fail = db.prepare(`UPDATE grade_outbox SET attempts = attempts + 1, last_error = @error, next_attempt_at = @next, claimed_by = NULL
    WHERE id = @id AND claimed_by = @owner`);
  const release = db.prepare('UPDATE grade_outbox SET next_attempt_at = @now, claimed_by = NULL WHERE id = @id AND claimed_by = @owner');
  const all = db.prepare(`SELECT * FROM grade_outbox WHERE issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId
    ORDER BY created_at, id`);
  const count = db.prepare('SELECT count(*) AS n FROM grade_outbox');

  const claim = db.transaction((owner: string, now: number, leaseUntil: number, limit: number): Row[] => {
    const others = new Set((held.all({ owner, now }) as Row[]).map(courseOf));
    const rows: Row[] = [];
    // Read in order until the limit; the statement's cursor is closed before the updates run.
    for (const row of due.iterate({ now }) as IterableIterator<Row>) {
      if (others.has(courseOf(row))) continue;
      rows.push(row);
      if (rows.length === limit) break;
    }
    for (const row of rows) take.run({ id: row.id, owner, leaseUntil });
    return rows.map((row) => ({ ...row, next_attempt_at: leaseUntil }));
  });

  return {
    async enqueueScore(input) {
      const row = upsert.get({
        id: randomUUID(),
        ...courseParams(input.course),
        userId: input.userId,
        reason: input.reason,
        target: JSON.stringify({ lineItemsUrl: input.target.lineItemsUrl, scopes: [...input.target.scopes], resourceLinkId: input.target.resourceLinkId }),
        locale: input.locale,
        createdAt: input.createdAt.getTime(),
        nextAttemptAt: input.nextAttemptAt.getTime(),
      }) as Row;
      return toScore(row);
    },
    async claimDueScores(owner, now, leaseMs, limit) {
      if (!(leaseMs > 0)) throw new RangeError('A claim needs a lease longer than 0 ms.');
      if (limit < 1) return [];
      return claim.immediate(owner, now.getTime(), now.getTime() + leaseMs, limit).map(toScore);
    },
    async removeScore(id, owner) {
      return remove.run({ id, owner }).changes === 1;
    },
    async recordFailure(id, owner, error, nextAttemptAt) {
      return fail.run({ id, owner, error: error.slice(0, 500), next: nextAttemptAt.getTime() }).changes === 1;
    },
    async releaseScore(id, owner, now) {
      return release.run({ id, owner, now: now.getTime() }).changes === 1;
    },
    async pendingScores(course) {
      return (all.all(courseParams(course)) as Row[]).map(toScore);
    },
    async countPending() {
      return (count.get() as { n: number }).n;
    },
  };
}
