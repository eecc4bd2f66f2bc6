/**
 * Scores waiting to reach the platform's gradebook (Assignment and Grade Services). A score is
 * recorded here before it is sent and removed once the platform accepted it, so a platform that
 * refuses or is down delays the credit but never loses it nor blocks the learner's review.
 */
import type { ContextKey } from '../../context/tenant';

/** What ltijs needs to reach the platform again without the learner's launch. */
export interface GradeTarget {
  readonly lineItemsUrl: string;
  readonly scopes: readonly string[];
  readonly resourceLinkId: string;
}

export interface PendingScore {
  readonly id: string;
  readonly course: ContextKey;
  readonly userId: string;
  /** Why the learner gets credit, e.g. 'review'. One pending score per course, user and reason. */
  readonly reason: string;
  readonly target: GradeTarget;
  readonly createdAt: Date;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lastError?: string;
}

export interface GradeOutboxStore {
  /** Records a score to send (replacing a pending one of the same course, user and reason). */
  enqueueScore(input: Omit<PendingScore, 'id' | 'attempts' | 'lastError'>): Promise<PendingScore>;
  /** Pending scores of the course due at `now`, oldest first. */
  dueScores(course: ContextKey, now: Date, limit: number): Promise<PendingScore[]>;
  /** Every pending score of the course (for instructors and tests). */
  pendingScores(course: ContextKey): Promise<PendingScore[]>;
  /** The platform accepted it. */
  removeScore(id: string): Promise<void>;
  /** The platform refused it: count the attempt and wait until `nextAttemptAt`. */
  recordFailure(id: string, error: string, nextAttemptAt: Date): Promise<void>;
}
