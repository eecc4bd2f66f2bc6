/**
 * Corrective actions: what the course will change in answer to one or several reviews, by when, and
 * how far it got. Linked reviews show "Action taken: …"; an action marked done remembers the course
 * version it took effect in, for the before/after figures.
 */
import type { ContextKey } from '../../context/tenant';

export const ACTION_STATUSES = ['planned', 'in-progress', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface CorrectiveAction {
  readonly id: string;
  readonly course: ContextKey;
  /** What will change. */
  readonly description: string;
  /** By when, YYYY-MM-DD, if the instructor said. */
  readonly dueOn?: string;
  readonly status: ActionStatus;
  /** Reviews of the course this action answers (at least one). */
  readonly reviewIds: readonly string[];
  /** The course version (id) the action took effect in; set when it is done. */
  readonly doneInVersion?: string;
  readonly createdBy: { readonly id: string; readonly name: string };
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type ActionInput = Omit<CorrectiveAction, 'id' | 'updatedAt'>;
export type ActionChange = Pick<CorrectiveAction, 'description' | 'status'> & { readonly dueOn?: string; readonly doneInVersion?: string };

export interface CorrectiveActionStore {
  createAction(input: ActionInput): Promise<CorrectiveAction>;
  /** Replaces description, due date, status and version. Returns null when the course has no such action. */
  updateAction(course: ContextKey, actionId: string, change: ActionChange, at: Date): Promise<CorrectiveAction | null>;
  findAction(course: ContextKey, actionId: string): Promise<CorrectiveAction | null>;
  /** Newest first, at most `limit`. */
  listActions(course: ContextKey, limit: number): Promise<CorrectiveAction[]>;
  /** The actions linked to each of `reviewIds` (through an index on the link, not a scan of actions). */
  actionsForReviews(course: ContextKey, reviewIds: readonly string[]): Promise<Map<string, CorrectiveAction[]>>;
}
