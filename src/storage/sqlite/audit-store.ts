import { randomUUID } from 'node:crypto';
import type { CourseRole } from '../../context/roles';
import type { AuditEntry, AuditInput, AuditStore, SystemReason } from '../ports/audit';
import { checkSystemReason, decodeAuditCursor, encodeAuditCursor, readSystemReason } from '../shared/audit-record';
import { checkLimit } from '../shared/cursor';
import type { SqliteDatabase } from './database';
import { courseParams } from './settings-store';

interface AuditRow {
  seq: number;
  id: string;
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
  at: number;
  actor_id: string;
  actor_name: string;
  actor_role: CourseRole;
  action: string;
  subject_type: string;
  subject_id: string;
  reason: string | null;
  reason_code: string | null;
  reason_params: string | null;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    course: { issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id, contextId: row.context_id },
    at: new Date(row.at),
    actor: { id: row.actor_id, name: row.actor_name, role: row.actor_role },
    action: row.action,
    subject: { type: row.subject_type, id: row.subject_id },
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...systemReasonOf(row),
  };
}

function systemReasonOf(row: AuditRow): { systemReason?: SystemReason } {
  if (row.reason_code === null) return {};
  const reason = readSystemReason(row.reason_code, row.reason_params === null ? {} : JSON.parse(row.reason_params));
  return reason ? { systemReason: reason } : {};
}

const COURSE_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId';
const isSeq = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/**
 * The synchronous append, for use inside another store's transaction (a moderation writes its audit
 * entry in the same transaction as the status change).
 */
export function sqliteAuditAppender(db: SqliteDatabase): (entry: AuditInput) => AuditEntry {
  const insert = db.prepare(`
    INSERT INTO audit_entries (id, issuer, client_id, deployment_id, context_id, at, actor_id, actor_name, actor_role,
      action, subject_type, subject_id, reason, reason_code, reason_params)
    VALUES (@id, @issuer, @clientId, @deploymentId, @contextId, @at, @actorId, @actorName, @actorRole,
      @action, @subjectType, @subjectId, @reason, @reasonCode, @reasonParams)
    RETURNING *
  `);
  return (entry) => {
    checkSystemReason(entry.systemReason);
    return toEntry(
      insert.get({
        id: randomUUID(),
        ...courseParams(entry.course),
        at: entry.at.getTime(),
        actorId: entry.actor.id,
        actorName: entry.actor.name,
        actorRole: entry.actor.role,
        action: entry.action,
        subjectType: entry.subject.type,
        subjectId: entry.subject.id,
        reason: entry.reason ?? null,
        reasonCode: entry.systemReason?.code ?? null,
        reasonParams: entry.systemReason ? JSON.stringify(entry.systemReason.params) : null,
      }) as AuditRow,
    );
  };
}

export function createSqliteAuditStore(db: SqliteDatabase): AuditStore {
  const append = sqliteAuditAppender(db);
  // Row values let SQLite use (at, seq) as one range on audit_entries_course: a page is O(limit).
  const firstPage = db.prepare(`SELECT * FROM audit_entries WHERE ${COURSE_MATCH} ORDER BY at DESC, seq DESC LIMIT @limit`);
  const nextPage = db.prepare(
    `SELECT * FROM audit_entries WHERE ${COURSE_MATCH} AND (at, seq) < (@at, @seq) ORDER BY at DESC, seq DESC LIMIT @limit`,
  );
  return {
    async appendAudit(entry) {
      return append(entry);
    },
    async listAudit(course, page) {
      const limit = checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeAuditCursor(page.cursor, isSeq);
      const params = { ...courseParams(course), limit: limit + 1 };
      const rows = (after ? nextPage.all({ ...params, at: after.at, seq: after.tie }) : firstPage.all(params)) as AuditRow[];
      const kept = rows.slice(0, limit);
      const last = kept[kept.length - 1];
      return {
        items: kept.map(toEntry),
        nextCursor: rows.length > limit && last ? encodeAuditCursor({ at: last.at, tie: last.seq }) : null,
      };
    },
  };
}
