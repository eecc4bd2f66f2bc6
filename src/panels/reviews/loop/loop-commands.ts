/**
 * What instructors do to close the loop: respond to a review, record and update corrective actions,
 * start a course version. Each is: check the role, read the form, check the ids belong to the
 * session's course, write. Ids come from the browser, so every lookup is scoped to the course.
 */
import type { LaunchContext } from '../../../context/launch-context';
import { AppError } from '../../../http/errors';
import { translate } from '../../../i18n/translate';
import type { CorrectiveAction } from '../../../storage/ports/corrective-actions';
import type { CourseVersion } from '../../../storage/ports/course-versions';
import type { Review } from '../../../storage/ports/reviews';
import type { PanelDeps } from '../../panel-deps';
import { ACTION_LIMIT, currentVersionId, parseActionForm, parseResponseText, parseVersionForm, RESPONSE_LIMIT, VERSION_LABEL_LIMIT, type LoopProblem } from './loop-rules';

function requireStaff(context: LaunchContext): void {
  if (context.role !== 'instructor') throw new AppError('FORBIDDEN_ROLE', { userId: context.userId });
}

/** A problem's message in the page's language, for the field it belongs to. */
export function loopProblemText(locale: LaunchContext['locale'], p: LoopProblem): string {
  return p.problem === 'response-required' ? translate(locale, 'loop.response.required', { limit: RESPONSE_LIMIT })
    : p.problem === 'description-required' ? translate(locale, 'loop.action.descriptionRequired', { limit: ACTION_LIMIT })
    : p.problem === 'reviews-required' ? translate(locale, 'loop.action.reviewsRequired')
    : p.problem === 'date-invalid' ? translate(locale, 'loop.action.dateInvalid')
    : p.problem === 'status-invalid' ? translate(locale, 'loop.action.statusInvalid')
    : translate(locale, 'loop.version.labelRequired', { limit: VERSION_LABEL_LIMIT });
}

/** The first problem, as a 400 in the page's language (for forms that have no page to come back to). */
function invalid(context: LaunchContext, problems: LoopProblem[]): never {
  throw new AppError('INVALID_INPUT', { problems }, { problem: loopProblemText(context.locale, problems[0]) });
}

/** A write that was refused for what the form held: nothing is written, the page shows the problems. */
export type Refusable<T> = { ok: true; value: T } | { ok: false; problems: LoopProblem[] };

export async function respondToReview(deps: PanelDeps, context: LaunchContext, reviewId: string, body: Record<string, unknown>): Promise<Refusable<'responded' | 'responseRemoved'>> {
  requireStaff(context);
  const remove = body.remove === '1';
  const parsed = remove ? { text: undefined, problems: [] } : parseResponseText(body);
  if (!remove && !parsed.text) {
    // Only a review of this course can come back with its form; any other id is not found.
    if (!(await deps.storage.reviews.findReview(context.link, reviewId))) throw new AppError('NOT_FOUND', { reviewId });
    return { ok: false, problems: parsed.problems };
  }
  const by = { id: context.userId, name: context.userName ?? '', role: context.role };
  const review = await deps.storage.responses.respond(context.link, reviewId, parsed.text ? { text: parsed.text, by, at: deps.now() } : null);
  if (!review) throw new AppError('NOT_FOUND', { reviewId });
  return { ok: true, value: remove ? 'responseRemoved' : 'responded' };
}

export async function recordAction(deps: PanelDeps, context: LaunchContext, body: Record<string, unknown>): Promise<Refusable<CorrectiveAction>> {
  requireStaff(context);
  const { form, problems } = parseActionForm(body, true);
  if (!form) return { ok: false, problems };
  const reviews = await Promise.all(form.reviewIds.map((id) => deps.storage.reviews.findReview(context.link, id)));
  // A review id of another course is "not found", never linked.
  if (reviews.some((r) => r === null)) throw new AppError('NOT_FOUND', { reviewIds: form.reviewIds });
  const versions = await deps.storage.courseVersions.listVersions(context.link);
  const created = await deps.storage.actions.createAction({
    course: context.link,
    description: form.description,
    ...(form.dueOn ? { dueOn: form.dueOn } : {}),
    status: form.status,
    reviewIds: (reviews as Review[]).map((r) => r.id),
    ...(form.status === 'done' ? { doneInVersion: currentVersionId(versions, deps.now()) } : {}),
    createdBy: { id: context.userId, name: context.userName ?? '' },
    createdAt: deps.now(),
  });
  return { ok: true, value: created };
}

/** An action marked done keeps the version it was first done in; reopening it forgets that. */
export async function updateAction(deps: PanelDeps, context: LaunchContext, actionId: string, body: Record<string, unknown>): Promise<Refusable<CorrectiveAction>> {
  requireStaff(context);
  const existing = await deps.storage.actions.findAction(context.link, actionId);
  if (!existing) throw new AppError('NOT_FOUND', { actionId });
  const { form, problems } = parseActionForm(body, false);
  if (!form) return { ok: false, problems };
  let doneInVersion: string | undefined;
  if (form.status === 'done') doneInVersion = existing.doneInVersion ?? currentVersionId(await deps.storage.courseVersions.listVersions(context.link), deps.now());
  const updated = await deps.storage.actions.updateAction(context.link, existing.id, { description: form.description, status: form.status, dueOn: form.dueOn, doneInVersion }, deps.now());
  if (!updated) throw new AppError('NOT_FOUND', { actionId });
  return { ok: true, value: updated };
}

export async function startVersion(deps: PanelDeps, context: LaunchContext, body: Record<string, unknown>): Promise<Refusable<CourseVersion>> {
  requireStaff(context);
  const { form, problems } = parseVersionForm(body);
  if (!form) return { ok: false, problems };
  const version = await deps.storage.courseVersions.createVersion({
    course: context.link,
    label: form.label,
    startsOn: form.startsOn,
    createdAt: deps.now(),
    createdBy: { id: context.userId, name: context.userName ?? '' },
  });
  return { ok: true, value: version };
}
