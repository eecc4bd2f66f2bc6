/**
 * Audit entries are listed newest first: by time, then by an adapter-specific tie-breaker that
 * follows insertion order (a row sequence, an ObjectId), so two entries of the same millisecond keep
 * the order they were written in. The cursor carries both.
 */
import { AUDIT_REASON_CODES, type AuditInput, type AuditReasonCode, type SystemReason } from '../ports/audit';
import type { ContextKey } from '../../context/tenant';
import { decodeCursor, encodeCursor, isRecord, isTimestamp } from './cursor';

export interface AuditCursor<T extends number | string> {
  readonly at: number;
  readonly tie: T;
}

export function encodeAuditCursor<T extends number | string>(cursor: AuditCursor<T>): string {
  return encodeCursor({ a: cursor.at, t: cursor.tie });
}

export function decodeAuditCursor<T extends number | string>(cursor: string, isTie: (value: unknown) => value is T): AuditCursor<T> {
  return decodeCursor(cursor, (value) => (isRecord(value) && isTimestamp(value.a) && isTie(value.t) ? { at: value.a, tie: value.t } : null));
}

export function sameCourse(a: ContextKey, b: ContextKey): boolean {
  return a.issuer === b.issuer && a.clientId === b.clientId && a.deploymentId === b.deploymentId && a.contextId === b.contextId;
}

/** The course part of a key (an ItemKey carries the reviewed item too). */
export function courseOf(key: ContextKey): ContextKey {
  return { issuer: key.issuer, clientId: key.clientId, deploymentId: key.deploymentId, contextId: key.contextId };
}

const ROLES: readonly string[] = ['instructor', 'learner'];

/**
 * The audit store's own guard, run where the entry is written (inside the caller's transaction);
 * SQLite's CHECK and MongoDB's schema enum refuse the same entries.
 */
export function checkAuditEntry(entry: AuditInput): void {
  if (!ROLES.includes(entry.actor?.role)) throw new RangeError(`An audit actor is an instructor or a learner, got ${String(entry.actor?.role)}`);
  if (typeof entry.action !== 'string' || (entry.action as string) === '') throw new RangeError('An audit entry needs an action');
  checkSystemReason(entry.systemReason);
}

/** A system reason has a known code and string parameters, so every adapter stores and reads back the same. */
export function checkSystemReason(reason: SystemReason | undefined): void {
  if (reason === undefined) return;
  if (!AUDIT_REASON_CODES.includes(reason.code)) throw new RangeError(`Unknown audit reason code ${String(reason.code)}`);
  if (!isRecord(reason.params) || !Object.values(reason.params).every((v) => typeof v === 'string')) throw new RangeError('Audit reason parameters are strings');
}

/** A stored system reason read back: null when the code is not one this version knows (the line then shows no reason). */
export function readSystemReason(code: unknown, params: unknown): SystemReason | null {
  if (typeof code !== 'string' || !(AUDIT_REASON_CODES as readonly string[]).includes(code)) return null;
  if (!isRecord(params)) return null;
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (typeof value === 'string') strings[key] = value;
  return { code: code as AuditReasonCode, params: strings };
}

/** A moderation's audit entry must name the course of the review it moderates. */
export function checkAuditCourse(course: ContextKey, audit: AuditInput): void {
  if (!sameCourse(course, audit.course)) throw new RangeError('The audit entry of a moderation must belong to the moderated course');
}
