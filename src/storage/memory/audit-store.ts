import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditInput, AuditStore } from '../ports/audit';
import { checkAuditEntry, decodeAuditCursor, encodeAuditCursor } from '../shared/audit-record';
import { checkLimit } from '../shared/cursor';
import { courseMapKey } from './settings-store';

interface StoredEntry {
  readonly seq: number;
  readonly entry: AuditEntry;
}

function copyEntry(e: AuditEntry): AuditEntry {
  return {
    id: e.id,
    course: { issuer: e.course.issuer, clientId: e.course.clientId, deploymentId: e.course.deploymentId, contextId: e.course.contextId },
    at: new Date(e.at.getTime()),
    actor: { id: e.actor.id, name: e.actor.name, role: e.actor.role },
    action: e.action,
    subject: { type: e.subject.type, id: e.subject.id },
    ...(e.reason === undefined ? {} : { reason: e.reason }),
    ...(e.systemReason === undefined ? {} : { systemReason: { code: e.systemReason.code, params: { ...e.systemReason.params } } }),
  };
}

const isSeq = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/** Newest first: later time first, and among entries of the same millisecond the later written. */
const newestFirst = (a: StoredEntry, b: StoredEntry): number => b.entry.at.getTime() - a.entry.at.getTime() || b.seq - a.seq;

export interface MemoryAuditStore extends AuditStore {
  /** The synchronous append, for a moderation that writes its entry with its status change. */
  appendNow(entry: AuditInput): AuditEntry;
}

export function memoryAuditStore(assertOpen: () => void): MemoryAuditStore {
  const byCourse = new Map<string, StoredEntry[]>();
  let seq = 0;
  const appendNow = (input: AuditInput): AuditEntry => {
    assertOpen();
    checkAuditEntry(input);
    const entry = copyEntry({ ...input, id: randomUUID() });
    const key = courseMapKey(entry.course);
    const list = byCourse.get(key) ?? [];
    list.push({ seq: ++seq, entry });
    byCourse.set(key, list);
    return copyEntry(entry);
  };
  return {
    appendNow,
    async appendAudit(entry) {
      return appendNow(entry);
    },
    async listAudit(course, page) {
      assertOpen();
      const limit = checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeAuditCursor(page.cursor, isSeq);
      const sorted = [...(byCourse.get(courseMapKey(course)) ?? [])].sort(newestFirst);
      const rest = after
        ? sorted.filter((s) => s.entry.at.getTime() < after.at || (s.entry.at.getTime() === after.at && s.seq < after.tie))
        : sorted;
      const kept = rest.slice(0, limit);
      const last = kept[kept.length - 1];
      return {
        items: kept.map((s) => copyEntry(s.entry)),
        nextCursor: rest.length > limit && last ? encodeAuditCursor({ at: last.entry.at.getTime(), tie: last.seq }) : null,
      };
    },
  };
}
