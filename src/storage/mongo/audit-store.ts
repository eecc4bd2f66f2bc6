import { randomUUID } from 'node:crypto';
import { Types, type ClientSession, type QueryFilter } from 'mongoose';
import type { ContextKey } from '../../context/tenant';
import type { AuditEntry, AuditInput, AuditStore, SystemReason } from '../ports/audit';
import { checkSystemReason, decodeAuditCursor, encodeAuditCursor, readSystemReason } from '../shared/audit-record';
import { checkLimit } from '../shared/cursor';
import { AuditModel, type AuditDoc } from './course-models';
import { courseFilter } from './keys';

type StoredAudit = AuditDoc & { _id: Types.ObjectId };

export function toAuditDoc(entry: AuditInput): AuditDoc {
  return {
    ...courseFilter(entry.course),
    entryId: randomUUID(),
    at: entry.at,
    actor: { id: entry.actor.id, name: entry.actor.name, role: entry.actor.role },
    action: entry.action,
    subject: { type: entry.subject.type, id: entry.subject.id },
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    ...(entry.systemReason === undefined ? {} : { reasonCode: entry.systemReason.code, reasonParams: { ...entry.systemReason.params } }),
  };
}

export function toAuditEntry(doc: AuditDoc): AuditEntry {
  return {
    id: doc.entryId,
    course: { issuer: doc.issuer, clientId: doc.clientId, deploymentId: doc.deploymentId ?? '', contextId: doc.contextId ?? '' },
    at: new Date(doc.at),
    actor: { id: doc.actor.id ?? '', name: doc.actor.name ?? '', role: doc.actor.role },
    action: doc.action,
    subject: { type: doc.subject.type ?? '', id: doc.subject.id ?? '' },
    ...(doc.reason != null ? { reason: doc.reason } : {}),
    ...systemReasonOf(doc),
  };
}

function systemReasonOf(doc: AuditDoc): { systemReason?: SystemReason } {
  if (doc.reasonCode == null) return {};
  const reason = readSystemReason(doc.reasonCode, doc.reasonParams ?? {});
  return reason ? { systemReason: reason } : {};
}

/** Appends an entry, inside the caller's transaction when a session is given (moderation). */
export async function appendAuditDoc(entry: AuditInput, session?: ClientSession): Promise<AuditEntry> {
  checkSystemReason(entry.systemReason);
  const doc = toAuditDoc(entry);
  await AuditModel.create([doc], session ? { session } : {});
  return toAuditEntry(doc);
}

const isObjectIdHex = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{24}$/.test(value);

/**
 * The entries after a cursor, newest first, as ranges that each start exactly at the cursor in the
 * index (same millisecond and an older _id, then older milliseconds). A single $or would leave the
 * server to scan the index from the course's newest entry.
 */
export function auditRanges(course: ContextKey, after: { at: number; tie: string } | null): Array<QueryFilter<StoredAudit>> {
  const key = courseFilter(course);
  if (!after) return [key];
  return [
    { ...key, at: new Date(after.at), _id: { $lt: new Types.ObjectId(after.tie) } },
    { ...key, at: { $lt: new Date(after.at) } },
  ];
}

export function createAuditStore(): AuditStore {
  return {
    appendAudit: (entry) => appendAuditDoc(entry),
    async listAudit(course, page) {
      const limit = checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeAuditCursor(page.cursor, isObjectIdHex);
      const rows: StoredAudit[] = [];
      for (const filter of auditRanges(course, after)) {
        if (rows.length > limit) break;
        const found = await AuditModel.find(filter)
          .sort({ at: -1, _id: -1 })
          .limit(limit + 1 - rows.length)
          .hint('lv_audit_course_newest')
          .lean<StoredAudit[]>()
          .exec();
        rows.push(...found);
      }
      const kept = rows.slice(0, limit);
      const last = kept[kept.length - 1];
      return {
        items: kept.map(toAuditEntry),
        nextCursor: rows.length > limit && last ? encodeAuditCursor({ at: new Date(last.at).getTime(), tie: last._id.toHexString() }) : null,
      };
    },
  };
}
