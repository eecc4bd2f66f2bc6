import type { ContextKey } from '../../context/tenant';
import type { CourseRole } from '../../context/roles';
import type { Page, PageRequest } from './paging';

/** One moderation or configuration action, kept for instructors to read (who, when, what, why). */
export interface AuditEntry {
  readonly id: string;
  readonly course: ContextKey;
  readonly at: Date;
  readonly actor: { readonly id: string; readonly name: string; readonly role: CourseRole };
  /** e.g. 'review.hide', 'review.restore', 'review.approve', 'settings.update', 'idea.hide', 'comment.restore' */
  readonly action: string;
  readonly subject: { readonly type: string; readonly id: string };
  readonly reason?: string;
}

export type AuditInput = Omit<AuditEntry, 'id'>;

export interface AuditStore {
  appendAudit(entry: AuditInput): Promise<AuditEntry>;
  /** Newest first, paged with a cursor. Never returns another course's entries. */
  listAudit(course: ContextKey, page: PageRequest): Promise<Page<AuditEntry>>;
}
