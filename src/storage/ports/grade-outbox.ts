/**
 * Scores waiting to reach the platform's gradebook (Assignment and Grade Services). A score is
 * recorded here before it is sent and removed once the platform accepted it, so a platform that
 * refuses or is down delays the credit but never loses it nor blocks the learner's review.
 *
 * Sending is the job of one background worker per tool process (launch/grade-outbox-worker.ts),
 * never of a request. Several processes share the store, so a worker first claims the scores it
 * sends: a claim names its owner and lasts until a lease runs out (a crashed process's claims
 * simply expire). While a claim is held the score's nextAttemptAt is the lease's end, so "due" and
 * "free to claim" are one condition and the claim reads one index range, platform-wide, oldest
 * first. Only the owner of a claim may remove the score or record its failure; any other caller is
 * refused (false), so a worker whose lease ran out and was taken over cannot undo the new owner's work.
 *
 * Enqueueing a score that is already pending (same course, user and reason) while a worker holds
 * its claim leaves the claim and its due time alone and only refreshes the target and locale: the
 * score is the same full credit, so the send in flight settles both. Pulling the due time forward
 * instead would let a second worker claim it mid-send and post the same score twice; if that send
 * fails, recordFailure schedules the retry, which then uses the refreshed target.
 */
import type { Locale } from '../../context/launch-context';
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
  /** Language of the launch that queued it: names the gradebook column if the worker has to create it. */
  readonly locale: Locale;
  readonly createdAt: Date;
  readonly attempts: number;
  /** When it is due; while a worker holds its claim, when that claim's lease runs out. */
  readonly nextAttemptAt: Date;
  readonly lastError?: string;
}

export type ScoreToQueue = Omit<PendingScore, 'id' | 'attempts' | 'lastError'>;

export interface GradeOutboxStore {
  /** Records a score to send, or refreshes the pending twin of the same course, user and reason (see above for a claimed twin). */
  enqueueScore(input: ScoreToQueue): Promise<PendingScore>;
  /**
   * Takes, in one atomic step, up to `limit` scores due at `now` (unclaimed, or whose claim's lease
   * has run out), oldest due first, across every platform, for `owner` until `now + leaseMs`.
   * Two callers never receive the same score while its lease runs.
   */
  claimDueScores(owner: string, now: Date, leaseMs: number, limit: number): Promise<PendingScore[]>;
  /** The platform accepted it: deleted if `owner` still holds its claim (true), else left alone (false). */
  removeScore(id: string, owner: string): Promise<boolean>;
  /** The platform refused it: if `owner` still holds its claim, counts the attempt, frees the claim and waits until `nextAttemptAt`. */
  recordFailure(id: string, owner: string, error: string, nextAttemptAt: Date): Promise<boolean>;
  /** A claimed score not tried (the worker is stopping): free again and due at `now`, its attempts unchanged. */
  releaseScore(id: string, owner: string, now: Date): Promise<boolean>;
  /** Every pending score of the course (for instructors and tests). */
  pendingScores(course: ContextKey): Promise<PendingScore[]>;
  /** How many scores wait, all platforms together (the outbox depth metric). */
  countPending(): Promise<number>;
}
