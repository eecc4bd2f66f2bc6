/** Page models of the panel: the list with the share form, one contribution, "mine", the queue. */
import type { Response } from 'express';
import { AppError } from '../../http/errors';
import type { Contribution, ContributionSort } from '../../storage/ports/contributions';
import type { FieldProblem } from '../consumer-group/form-input';
import { errorsOf } from '../consumer-group/form-input';
import type { PanelDeps } from '../panel-deps';
import { RECORD_ID, renderContrib, type ContribState } from './panel-state';
import { presentCard, presentComment, presentReuse } from './present';
import { otherCoursesOf } from './reuse-targets';

const PAGE_SIZE = 20;
const SORTS: readonly ContributionSort[] = ['featured', 'newest', 'useful'];

export interface FormEcho {
  readonly values: Record<string, string>;
  readonly problems: readonly FieldProblem[];
}

export function parseSort(raw: unknown): ContributionSort {
  return SORTS.find((s) => s === raw) ?? 'featured';
}

/** A cursor is opaque; one the store cannot read is a bad link (400), never a 500. */
export function parseCursor(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw.length > 0 && raw.length <= 512 ? raw : undefined;
}

async function pageOrBadLink<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof RangeError) throw new AppError('INVALID_PAGE_LINK', { reason: err.message });
    throw err;
  }
}

export async function listModel(deps: PanelDeps, state: ContribState, query: Record<string, unknown>) {
  const sort = parseSort(query.sort);
  const cursor = parseCursor(query.cursor);
  const page = await pageOrBadLink(() => deps.storage.contributions.listContributions(state.course, { sort, cursor, limit: PAGE_SIZE, statuses: ['published'] }));
  const marked = await deps.storage.contributions.usefulMarksBy(state.course, state.me.id, page.items.map((c) => c.id));
  const reuseCount = state.staff ? 0 : await deps.storage.contributions.reuseCountOfAuthor(state.course, state.me.id);
  return {
    sort,
    sorts: SORTS.map((s) => ({ id: s, href: `${state.base}?sort=${s}`, label: state.t(`contrib.sort.${s}`), current: s === sort })),
    items: page.items.map((c) => ({ ...presentCard(state, c), markedUseful: marked.has(c.id) })),
    nextHref: page.nextCursor ? `${state.base}?sort=${sort}&cursor=${encodeURIComponent(page.nextCursor)}` : undefined,
    reuseCount,
    queueCount: state.staff ? await deps.storage.contributions.countModerationQueue(state.course) : 0,
  };
}

export async function renderSharePage(deps: PanelDeps, res: Response, state: ContribState, form: FormEcho, status = 200, query: Record<string, unknown> = {}, flash?: string): Promise<void> {
  renderContrib(res, state, 'panel', {
    list: await listModel(deps, state, query),
    form: { values: form.values, problems: form.problems, errors: errorsOf(form.problems) },
    maxFile: deps.config.contributions.maxFileBytes,
    flash,
  }, status);
}

/** A contribution this person may see: published ones, their own, and every one for staff; else 404. */
export async function visibleContribution(deps: PanelDeps, state: ContribState, id: string): Promise<Contribution> {
  const found = RECORD_ID.test(id) ? await deps.storage.contributions.findContribution(state.course, id) : null;
  if (!found || (found.status !== 'published' && !state.staff && found.author.id !== state.me.id)) throw new AppError('NOT_FOUND', { contributionId: id });
  return found;
}

/** The session user's own contribution, for the author's actions (edit, delete); anyone else's is a 404. */
export async function authoredContribution(deps: PanelDeps, state: ContribState, id: string): Promise<Contribution> {
  const c = await visibleContribution(deps, state, id);
  if (c.author.id !== state.me.id) throw new AppError('NOT_FOUND', { contributionId: c.id, reason: 'not the author' });
  return c;
}

/** The edit form's values as stored (the form starts from them). */
function storedValues(c: Contribution): Record<string, string> {
  return { title: c.title, text: c.text, link: c.link ?? '', licence: c.licence, credit: c.credit.byName ? 'name' : 'anonymous', consent: c.consentToReuse ? '1' : '', fileAction: 'keep' };
}

/** The edit page; `values` absent means "as stored" (a first visit, or a refusal whose fields could not be trusted). */
export async function renderEditPage(deps: PanelDeps, res: Response, state: ContribState, c: Contribution, echo: { values?: Record<string, string>; problems: readonly FieldProblem[] } = { problems: [] }, status = 200): Promise<void> {
  const card = presentCard(state, c);
  renderContrib(res, state, 'edit', {
    card,
    form: { values: echo.values ?? storedValues(c), problems: echo.problems, errors: errorsOf(echo.problems) },
    currentFile: card.file ? { name: card.file.name, size: card.file.size } : null,
    maxFile: deps.config.contributions.maxFileBytes,
  }, status);
}

export async function detailModel(deps: PanelDeps, state: ContribState, c: Contribution, echo?: FormEcho) {
  const store = deps.storage.contributions;
  const [comments, marked, reported, reuses, versions, courses, reports] = await Promise.all([
    store.listComments(state.course, c.id, state.staff ? ['published', 'held'] : ['published'], 200),
    store.usefulMarksBy(state.course, state.me.id, [c.id]),
    store.reportsBy(state.course, state.me.id, [c.id]),
    store.listReuses(state.course, c.id),
    deps.storage.courseVersions.listVersions(state.course),
    otherCoursesOf(deps, state),
    state.staff ? store.reportsOf(state.course, c.id) : Promise.resolve([]),
  ]);
  return {
    card: { ...presentCard(state, c), markedUseful: marked.has(c.id), reported: reported.has(c.id) },
    canMark: c.status === 'published' && c.author.id !== state.me.id,
    comments: comments.map((m) => presentComment(state, m)),
    reuses: reuses.map((r) => ({ id: r.id, text: presentReuse(state, r, versions, courses) })),
    versions: versions.map((v) => ({ value: `version:${v.id}`, label: v.label })),
    courses: courses.map((k) => ({ value: `course:${Buffer.from(JSON.stringify([k.course.deploymentId, k.course.contextId])).toString('base64url')}`, label: k.title })),
    consentToEditCredit: c.creditEditConsentAt !== undefined,
    creditName: c.credit.byName ? c.credit.name : '',
    reports: reports.map((r) => state.t(`reviews.report.${r.reason}`)),
    form: { values: echo?.values ?? {}, problems: echo?.problems ?? [], errors: errorsOf(echo?.problems ?? []) },
  };
}

export async function renderDetail(deps: PanelDeps, res: Response, state: ContribState, c: Contribution, echo?: FormEcho, status = 200, flash?: string) {
  renderContrib(res, state, 'contribution', { ...(await detailModel(deps, state, c, echo)), flash }, status);
}
