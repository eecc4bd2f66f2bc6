/** Checks every adapter applies to version and action writes, so bad values never reach a store. */
import { ACTION_STATUSES, type ActionInput } from '../ports/corrective-actions';
import type { CourseVersionInput } from '../ports/course-versions';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkVersionInput(input: CourseVersionInput): CourseVersionInput {
  if (typeof input.label !== 'string' || input.label.trim() === '') throw new RangeError('A course version needs a label');
  if (typeof input.startsOn !== 'string' || !DATE.test(input.startsOn)) throw new RangeError('A course version starts on a YYYY-MM-DD date');
  return input;
}

export function checkActionInput(input: ActionInput): ActionInput {
  if (typeof input.description !== 'string' || input.description.trim() === '') throw new RangeError('A corrective action needs a description');
  if (!ACTION_STATUSES.includes(input.status)) throw new RangeError(`Unknown action status ${String(input.status)}`);
  if (input.dueOn !== undefined && !DATE.test(input.dueOn)) throw new RangeError('A due date is YYYY-MM-DD');
  if (!Array.isArray(input.reviewIds) || input.reviewIds.length === 0 || input.reviewIds.some((id) => typeof id !== 'string')) {
    throw new RangeError('A corrective action answers at least one review');
  }
  return { ...input, reviewIds: [...new Set(input.reviewIds)] };
}
