/**
 * What a retention purge decides, free of any driver: the cut-off date of each kind, which
 * withheld reviews still carry texts, and the audit entry that records a blanking. Both adapters
 * execute these decisions (sqlite/retention-store.ts, mongo/retention-store.ts).
 */
import type { ContextKey } from '../../context/tenant';
import type { AuditInput } from '../ports/audit';
import type { PurgeReport, RetentionPolicy } from '../ports/retention';
import { courseOf } from './audit-record';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Rows read and changed per batch: each batch is one short transaction. */
export const RETENTION_BATCH = 500;

export interface RetentionCutoffs {
  /** Each kind's records at or before this date are purged; null when the kind is kept. */
  readonly sessions: Date | null;
  readonly launchRecords: Date | null;
  readonly audit: Date | null;
  readonly reviewTexts: Date | null;
  /** Alerts acknowledged at or before it, and delivery attempts made at or before it. */
  readonly alerts: Date | null;
}

const cutoff = (days: number | null, now: Date): Date | null => (days === null ? null : new Date(now.getTime() - days * DAY_MS));

export function retentionCutoffs(policy: RetentionPolicy, now: Date): RetentionCutoffs {
  return {
    sessions: cutoff(policy.sessionsDays, now),
    launchRecords: cutoff(policy.launchRecordsDays, now),
    audit: cutoff(policy.auditDays, now),
    reviewTexts: cutoff(policy.hiddenReviewTextDays, now),
    alerts: cutoff(policy.alertsDays, now),
  };
}

/** The texts retention blanks; the rating, aspects, author and dates stay. */
export interface WithheldTexts {
  readonly title: string;
  readonly liked: string;
  readonly improve: string;
  readonly hiddenReason?: string;
}

/** Whether blanking would change anything (SQLite's partial index reviews_text_retention says the same in SQL). */
export function hasWithheldText(texts: WithheldTexts): boolean {
  return texts.title !== '' || texts.liked !== '' || texts.improve !== '' || texts.hiddenReason !== undefined;
}

/**
 * Audit entries need an actor: the tool itself, named so the log reads "Learner Voice (…)". The role
 * is the column's required value only; the name is what the log shows.
 */
export const RETENTION_ACTOR = Object.freeze({ id: 'learner-voice:retention', name: 'Learner Voice', role: 'instructor' as const });

/** The entry of one course's blanking: how many reviews and the policy's days, never the texts. */
export function textsPurgedAudit(course: ContextKey, count: number, days: number, now: Date): AuditInput {
  return {
    course: courseOf(course),
    at: now,
    actor: RETENTION_ACTOR,
    action: 'review.texts-purged',
    subject: { type: 'course', id: course.contextId },
    systemReason: { code: 'retention.reviewTexts', params: { count: String(count), days: String(days) } },
  };
}

export function courseKeyOf(course: ContextKey): string {
  return JSON.stringify([course.issuer, course.clientId, course.deploymentId, course.contextId]);
}

export function addReports(a: PurgeReport, b: Partial<PurgeReport>): PurgeReport {
  return {
    sessions: a.sessions + (b.sessions ?? 0),
    launchRecordsRemoved: a.launchRecordsRemoved + (b.launchRecordsRemoved ?? 0),
    launchRecordsReduced: a.launchRecordsReduced + (b.launchRecordsReduced ?? 0),
    auditEntries: a.auditEntries + (b.auditEntries ?? 0),
    reviewTexts: a.reviewTexts + (b.reviewTexts ?? 0),
    alerts: a.alerts + (b.alerts ?? 0),
    alertDeliveries: a.alertDeliveries + (b.alertDeliveries ?? 0),
    deliveryAttempts: a.deliveryAttempts + (b.deliveryAttempts ?? 0),
  };
}
