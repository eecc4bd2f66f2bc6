/**
 * The gentle "review this course" prompt: each learner may postpone it or dismiss it for good, per
 * course. Absent state means the prompt may show once the review window is open for them.
 */
import type { ContextKey } from '../../context/tenant';

export interface InviteState {
  readonly dismissed: boolean;
  /** Not shown again before this moment. */
  readonly postponedUntil?: Date;
}

export interface ReviewInviteStore {
  inviteState(course: ContextKey, userId: string): Promise<InviteState | null>;
  setInviteState(course: ContextKey, userId: string, state: InviteState): Promise<void>;
}
