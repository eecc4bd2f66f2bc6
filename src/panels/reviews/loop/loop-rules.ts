/**
 * Rules of closing the loop, free of I/O: which course version is current, what a done action's
 * before/after figures are, and what the instructor's forms may contain.
 */
import { ACTION_STATUSES, type ActionStatus } from '../../../storage/ports/corrective-actions';
import { INITIAL_VERSION, type CourseVersion } from '../../../storage/ports/course-versions';
import type { RatingStats } from '../../../storage/ports/reviews';
import { sumStats } from '../../../storage/shared/review-summary';
import { normaliseText } from '../review-rules';

export const RESPONSE_LIMIT = 2000;
export const ACTION_LIMIT = 1000;
export const VERSION_LABEL_LIMIT = 120;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The versions of a course in order, the implicit first one included. */
export function versionTimeline(versions: readonly CourseVersion[]): Array<{ id: string; label?: string; startsOn?: string }> {
  return [{ id: INITIAL_VERSION }, ...versions.map((v) => ({ id: v.id, label: v.label, startsOn: v.startsOn }))];
}

/** The version new ratings count in: the latest one that has started by `now` (UTC day). */
export function currentVersionId(versions: readonly CourseVersion[], now: Date): string {
  const today = now.toISOString().slice(0, 10);
  let current = INITIAL_VERSION;
  for (const v of versions) if (v.startsOn <= today) current = v.id;
  return current;
}

/**
 * Before/after a done action: the versions before the one it was done in, against that version and
 * the later ones. Each side is shown only from `minimum` ratings on (small groups stay anonymous).
 */
export function beforeAfter(
  versions: readonly CourseVersion[],
  figures: ReadonlyMap<string, RatingStats>,
  doneInVersion: string,
  minimum: number,
): { before: RatingStats; after: RatingStats; beforeShown: boolean; afterShown: boolean } | null {
  const ids = versionTimeline(versions).map((v) => v.id);
  const split = ids.indexOf(doneInVersion);
  if (split < 0) return null;
  const stats = (list: string[]) => sumStats(list.map((id) => figures.get(id)).filter((s): s is RatingStats => s !== undefined));
  const before = stats(ids.slice(0, split));
  const after = stats(ids.slice(split));
  const shown = (s: RatingStats) => s.count > 0 && s.count >= minimum;
  return { before, after, beforeShown: shown(before), afterShown: shown(after) };
}

/** A 4- or 5-star review gets a thank-you text to start from; others start empty. */
export function suggestsThanks(rating: number): boolean {
  return rating >= 4;
}

export type LoopProblem =
  | { field: 'text'; problem: 'response-required' }
  | { field: 'description'; problem: 'description-required' }
  | { field: 'reviews'; problem: 'reviews-required' }
  | { field: 'dueOn' | 'startsOn'; problem: 'date-invalid' }
  | { field: 'status'; problem: 'status-invalid' }
  | { field: 'label'; problem: 'label-required' };

export function parseResponseText(body: Record<string, unknown>): { text?: string; problems: LoopProblem[] } {
  const text = typeof body.text === 'string' ? normaliseText(body.text) : '';
  if (!text || text.length > RESPONSE_LIMIT) return { problems: [{ field: 'text', problem: 'response-required' }] };
  return { text, problems: [] };
}

const asList = (raw: unknown): unknown[] => (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]);

function isDate(value: string): boolean {
  return DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

export interface ActionForm {
  description: string;
  dueOn?: string;
  status: ActionStatus;
  reviewIds: string[];
}

/** The action form; reviewIds are only checked for shape here, the use case checks they are the course's. */
export function parseActionForm(body: Record<string, unknown>, needsReviews: boolean): { form?: ActionForm; problems: LoopProblem[] } {
  const problems: LoopProblem[] = [];
  const description = typeof body.description === 'string' ? normaliseText(body.description) : '';
  if (!description || description.length > ACTION_LIMIT) problems.push({ field: 'description', problem: 'description-required' });
  const dueRaw = typeof body.dueOn === 'string' ? body.dueOn.trim() : '';
  if (dueRaw && !isDate(dueRaw)) problems.push({ field: 'dueOn', problem: 'date-invalid' });
  const status = ACTION_STATUSES.find((s) => s === body.status);
  if (!status) problems.push({ field: 'status', problem: 'status-invalid' });
  const reviewIds = [...new Set(asList(body.reviews).filter((id): id is string => typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id)))];
  if (needsReviews && reviewIds.length === 0) problems.push({ field: 'reviews', problem: 'reviews-required' });
  if (problems.length || !status) return { problems };
  return { form: { description, ...(dueRaw ? { dueOn: dueRaw } : {}), status, reviewIds }, problems };
}

export function parseVersionForm(body: Record<string, unknown>): { form?: { label: string; startsOn: string }; problems: LoopProblem[] } {
  const problems: LoopProblem[] = [];
  const label = typeof body.label === 'string' ? normaliseText(body.label) : '';
  if (!label || label.length > VERSION_LABEL_LIMIT) problems.push({ field: 'label', problem: 'label-required' });
  const startsOn = typeof body.startsOn === 'string' ? body.startsOn.trim() : '';
  if (!isDate(startsOn)) problems.push({ field: 'startsOn', problem: 'date-invalid' });
  return problems.length ? { problems } : { form: { label, startsOn }, problems };
}
