/**
 * Data-protection requests about one person of one platform (GDPR articles 15 and 17): everything the
 * store keeps that names them, and its erasure. A person is their LTI `sub` on one platform (issuer,
 * client id): the same `sub` on another platform is another person and is never matched.
 *
 * Reviews are not erased here: data-protection/erase-user.ts deletes each through
 * ReviewStore.deleteReview, the path that keeps summaries exact, before calling eraseUser.
 */
import type { LaunchContext } from '../../context/launch-context';
import type { ContextKey, PlatformKey } from '../../context/tenant';
import type { CourseMember } from '../port';
import type { AuditEntry } from './audit';
import type { Comment, Idea } from './consultations';
import type { CorrectiveAction } from './corrective-actions';
import type { PendingScore } from './grade-outbox';
import type { InviteState } from './review-invites';
import type { ReportReason, Review } from './reviews';

export interface UserKey extends PlatformKey {
  readonly userId: string;
}

/** What the store holds about one person, grouped by kind; every list is across all their courses. */
export interface UserDataExport {
  readonly user: UserKey;
  /** Their presence in each course, from launches (name, role, dates, launch count). */
  readonly courses: readonly CourseMember[];
  readonly reviews: readonly Review[];
  readonly helpfulVotes: ReadonlyArray<{ readonly course: ContextKey; readonly reviewId: string }>;
  readonly reports: ReadonlyArray<{ readonly course: ContextKey; readonly reviewId: string; readonly reason: ReportReason; readonly at: Date; readonly clearedAt?: Date }>;
  /** Official responses they wrote to reviews (staff). */
  readonly responses: ReadonlyArray<{ readonly course: ContextKey; readonly reviewId: string; readonly text: string; readonly at: Date }>;
  readonly ideas: readonly Idea[];
  readonly ideaVotes: ReadonlyArray<{ readonly course: ContextKey; readonly ideaId: string; readonly votedAt: Date }>;
  readonly comments: readonly Comment[];
  readonly pollAnswers: ReadonlyArray<{ readonly course: ContextKey; readonly pollId: string; readonly question: string; readonly choices: readonly number[]; readonly answeredAt: Date }>;
  readonly consultationVisits: ReadonlyArray<{ readonly course: ContextKey; readonly visitedAt: Date }>;
  readonly reviewInvites: ReadonlyArray<{ readonly course: ContextKey; readonly state: InviteState }>;
  readonly pendingScores: readonly PendingScore[];
  /** Corrective actions and course versions they created (staff). */
  readonly correctiveActions: readonly CorrectiveAction[];
  readonly courseVersions: ReadonlyArray<{ readonly course: ContextKey; readonly versionId: string; readonly label: string; readonly createdAt: Date }>;
  /** Tool sessions with the launch they came from (their ids and CSRF secrets are credentials: left out). */
  readonly sessions: ReadonlyArray<{ readonly context: LaunchContext; readonly createdAt: Date; readonly expiresAt: Date }>;
  /** Audit entries in which they are the actor. */
  readonly auditEntries: readonly AuditEntry[];
  /** Catalogue buy-in visits, found by the person's pseudonym (catalogue/visitor.ts) when the caller gives it. */
  readonly catalogueVisits: ReadonlyArray<{ readonly course: ContextKey; readonly openedAt: Date; readonly launchedAt?: Date }>;
  /** ltijs's records of their launches (kept 24 hours): id tokens and context tokens, each with its `collection`. */
  readonly launchTokens: ReadonlyArray<Record<string, unknown>>;
}

export interface ErasureRequest {
  readonly at: Date;
  /** A random reference of this erasure, written in the audit entries instead of anything about the person. */
  readonly reference: string;
  /** The person's catalogue pseudonym (catalogue/visitor.ts), so their buy-in visits go too. */
  readonly visitor?: string;
  /** Reviews already deleted through ReviewStore.deleteReview, per course, for the audit entries. */
  readonly reviewsDeleted: ReadonlyArray<{ readonly course: ContextKey; readonly count: number }>;
}

/** What one erasure changed in one course (the audit entry's figures: counts, never content). */
export interface CourseErasure {
  readonly course: ContextKey;
  readonly counts: Readonly<Record<ErasureCount, number>>;
}

export const ERASURE_COUNTS = [
  'reviews',
  'helpfulVotes',
  'reports',
  'ideasAnonymised',
  'ideaVotes',
  'commentsAnonymised',
  'pollAnswers',
  'recordsDeleted',
  'recordsAnonymised',
] as const;
export type ErasureCount = (typeof ERASURE_COUNTS)[number];

export interface UserDataStore {
  exportUser(user: UserKey, options?: { readonly visitor?: string }): Promise<UserDataExport>;
  /**
   * In one transaction: deletes the person's helpful votes, reports, idea votes, poll answers,
   * visits, course memberships, invitation states, pending scores, sessions, ltijs id tokens and
   * catalogue visits, recounting every counter those fed (helpful and report counts with the
   * needs-attention flag, idea vote counts); anonymises what others built on and is kept (their
   * ideas and comments, responses, corrective actions, course versions, audit entries naming them as
   * actor, their review author numbers, which stay reserved); and appends one 'user.erase' audit
   * entry per course touched, carrying the reference and the counts only. Returns the per-course
   * counts. Running it again finds nothing left and writes no entry.
   */
  eraseUser(user: UserKey, request: ErasureRequest): Promise<CourseErasure[]>;
}
