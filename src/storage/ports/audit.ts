import type { ContextKey } from '../../context/tenant';
import type { CourseRole } from '../../context/roles';
import type { Page, PageRequest } from './paging';

/**
 * Every action the tool writes to the audit log. Pages show each one as `moderation.action.<action>`
 * in the reader's language; test/unit/audit-i18n.test.ts fails when one lacks a text in either.
 */
export const AUDIT_ACTIONS = [
  'review.hide',
  'review.restore',
  'review.approve',
  'review.edit-hidden',
  'settings.update',
  'idea.hide',
  'idea.restore',
  'idea.merge',
  'comment.hide',
  'comment.restore',
  'review.texts-purged',
  'user.erase',
  'contribution.publish',
  'contribution.hold',
  'contribution.feature',
  'contribution.unfeature',
  'contribution.reuse',
  'contribution.unreuse',
  'contribution.credit-edit',
  'contribution-comment.publish',
  'contribution-comment.hold',
  'contribution-comment.hide',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Reasons the tool writes itself ("Merged into …"): stored as a language-neutral code and its
 * parameters, shown as `audit.reason.<code>` in the reader's language. A person's typed reason is
 * stored as written (`reason`).
 */
export const AUDIT_REASON_CODES = ['idea.mergedInto', 'retention.reviewTexts', 'user.erased'] as const;
export type AuditReasonCode = (typeof AUDIT_REASON_CODES)[number];

export interface SystemReason {
  readonly code: AuditReasonCode;
  readonly params: Readonly<Record<string, string>>;
}

/** One moderation or configuration action, kept for instructors to read (who, when, what, why). */
export interface AuditEntry {
  readonly id: string;
  readonly course: ContextKey;
  readonly at: Date;
  readonly actor: { readonly id: string; readonly name: string; readonly role: CourseRole };
  /** One of AUDIT_ACTIONS when written by this version; older or newer rows may hold others. */
  readonly action: string;
  readonly subject: { readonly type: string; readonly id: string };
  /** The reason a person typed, as typed (rows written before system reasons had codes hold those too). */
  readonly reason?: string;
  /** A reason the tool wrote, translated when shown. */
  readonly systemReason?: SystemReason;
}

export interface AuditInput extends Omit<AuditEntry, 'id' | 'action'> {
  readonly action: AuditAction;
}

export interface AuditStore {
  appendAudit(entry: AuditInput): Promise<AuditEntry>;
  /** Newest first, paged with a cursor. Never returns another course's entries. */
  listAudit(course: ContextKey, page: PageRequest): Promise<Page<AuditEntry>>;
}
