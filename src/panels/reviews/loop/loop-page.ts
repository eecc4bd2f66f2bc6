/**
 * The instructor's "closing the loop" page as one view model: the needs-attention list (each with
 * its response form), a review chosen from elsewhere for a new action, the actions with their edit
 * forms, and the course versions with their figures.
 */
import { translator } from '../../../i18n/translate';
import type { LaunchSession } from '../../../storage/port';
import { ACTION_STATUSES } from '../../../storage/ports/corrective-actions';
import type { CourseSettings } from '../../../storage/ports/course-settings';
import type { Review } from '../../../storage/ports/reviews';
import { panelChrome } from '../../chrome';
import type { PanelDeps } from '../../panel-deps';
import { presentReviewCard, type ReviewCard } from '../review-card';
import { reviewedItem } from '../review-item';
import { attentionReasons, cardLoop, effectRows, versionRows } from './loop-presenter';
import { loopProblemText } from './loop-commands';
import type { LoopProblem } from './loop-rules';
import type { Locale } from '../../../context/launch-context';
import { formatDay } from '../../../i18n/format';
import { suggestsThanks } from './loop-rules';
import { knownName } from '../../../context/person-name';
import { alertsOfScope } from '../../listening/alerts-view';

/** A refused loop form: which form (new-action, version, action-<id>), what it held, what was wrong. */
export interface LoopFormState {
  readonly target: string;
  readonly values: TypedValues;
  readonly problems: readonly LoopProblem[];
}

export interface TypedValues {
  readonly [field: string]: string | string[] | undefined;
  readonly reviews?: string[];
}

const REVIEW_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** What a refused form held, strings only (and the checked review ids), to fill it in again. */
export function typedValues(body: unknown): TypedValues {
  if (!body || typeof body !== 'object') return {};
  const fields = body as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).slice(0, 5000) : undefined);
  const reviews = (Array.isArray(fields.reviews) ? fields.reviews : [fields.reviews]).filter((id): id is string => typeof id === 'string' && REVIEW_ID.test(id)).slice(0, 50);
  return { description: text('description'), dueOn: text('dueOn'), status: text('status'), label: text('label'), startsOn: text('startsOn'), text: text('text'), reviews };
}

const ATTENTION_PAGE = 20;
const ACTIONS_SHOWN = 50;
const CURSOR = /^[A-Za-z0-9_-]{1,400}$/;

export async function loadLoopPage(deps: PanelDeps, session: LaunchSession, settings: CourseSettings, query: Record<string, unknown>, form?: LoopFormState) {
  const context = session.context;
  const t = translator(context.locale);
  const course = context.link;
  const cursor = typeof query.page === 'string' && CURSOR.test(query.page) ? query.page : undefined;
  const chosenId = typeof query.review === 'string' && query.review.length <= 64 ? query.review : form?.target === 'new-action' ? form.values.reviews?.[0] : undefined;

  const [attention, chosen, actions, versions, figures] = await Promise.all([
    deps.storage.responses.needsAttention(course, { cursor, limit: ATTENTION_PAGE }),
    chosenId ? deps.storage.reviews.findReview(course, chosenId) : Promise.resolve(null),
    deps.storage.actions.listActions(course, ACTIONS_SHOWN),
    deps.storage.courseVersions.listVersions(course),
    deps.storage.reviews.versionSummaries(reviewedItem(context)),
  ]);
  const shown = [...(chosen && !attention.items.some((r) => r.id === chosen.id) ? [chosen] : []), ...attention.items];
  // Reviews checked in a refused new-action form that this page would not list otherwise stay offered (and checked).
  const keptIds = form?.target === 'new-action' ? (form.values.reviews ?? []).filter((id) => !shown.some((r) => r.id === id)) : [];
  const kept = (await Promise.all(keptIds.slice(0, 20).map((id) => deps.storage.reviews.findReview(course, id)))).filter((r): r is Review => r !== null);
  const linked = await deps.storage.actions.actionsForReviews(course, shown.map((r) => r.id));
  const viewer = { id: context.userId, staff: true, locale: context.locale };
  const marks = { helpful: new Set<string>(), reported: new Set<string>() };
  const card = (r: Review): ReviewCard => ({
    ...presentReviewCard(r, viewer, settings, marks),
    loop: cardLoop(r, linked.get(r.id) ?? [], context.locale),
    respond:
      form?.target === `respond-${r.id}`
        ? { text: typeof form.values.text === 'string' ? form.values.text : '', exists: Boolean(r.response), suggested: false, open: true, error: form.problems[0] ? loopProblemText(context.locale, form.problems[0]) : undefined }
        : { text: r.response?.text ?? (suggestsThanks(r.rating) ? t('loop.response.thanks') : ''), exists: Boolean(r.response), suggested: !r.response && suggestsThanks(r.rating) },
    attentionReasons: attentionReasons(r, t),
  });
  const chrome = panelChrome(session, settings, 'reviews');
  const base = `${chrome.base}/reviews`;
  // The course's alerts (issue 15) above the list they often point into.
  const { issuer, clientId, deploymentId, contextId } = course;
  const alerts = await alertsOfScope(deps.storage, { kind: 'course', course: { issuer, clientId, deploymentId, contextId } }, { locale: context.locale, sessionId: session.id, csrfToken: chrome.csrfToken, sessionCourse: course, back: 'loop' });
  const versionLabel = (id: string) => versions.find((v) => v.id === id)?.label ?? t('loop.version.initial');
  const today = deps.now().toISOString().slice(0, 10);
  const checked = (id: string) => (form?.target === 'new-action' ? (form.values.reviews ?? []).includes(id) : id === chosen?.id);
  const formFor = (target: string) => (form?.target === target ? presentForm(form, context.locale) : undefined);
  // Instructors see every figure (they read every review anyway), as the reviews page shows them to staff.
  const effects = new Map(effectRows(actions, versions, figures, 1, context.locale).map((e) => [e.id, e]));

  return {
    chrome,
    base,
    currentUrl: `${base}/loop`,
    alerts,
    chosen: chosen ? card(chosen) : undefined,
    attention: attention.items.filter((r) => r.id !== chosen?.id).map(card),
    nextHref: attention.nextCursor ? `${base}/loop?page=${attention.nextCursor}#attention` : undefined,
    chooseFrom: [...shown, ...kept].map((r) => ({ id: r.id, label: `${t('reviews.stars.label', { n: r.rating })} · ${knownName(r.author) ?? t('reviews.pseudonym', { n: r.authorNumber })}${r.title ? ` · ${r.title}` : ''}`, checked: checked(r.id) })),
    statuses: ACTION_STATUSES.map((s) => ({ value: s, label: t(`loop.action.statusName.${s}`) })),
    actions: actions.map((a) => {
      const refused = formFor(`action-${a.id}`);
      return {
        id: a.id,
        description: a.description,
        dueOn: a.dueOn ?? '',
        due: a.dueOn && a.status !== 'done' ? t('loop.action.due', { date: formatDay(a.dueOn, context.locale) }) : undefined,
        status: a.status,
        statusName: t(`loop.action.statusName.${a.status}`),
        reviewCount: t('loop.action.reviewCount', { count: a.reviewIds.length }),
        doneIn: a.doneInVersion ? t('loop.action.doneIn', { version: versionLabel(a.doneInVersion) }) : undefined,
        effect: effects.get(a.id),
        // The edit form opens by itself only when it was just refused.
        form: refused ?? { open: false, values: { description: a.description, dueOn: a.dueOn ?? '', status: a.status }, errors: {}, problems: [] },
      };
    }),
    newAction: formFor('new-action') ?? { open: false, values: { description: '', dueOn: '', status: 'planned' }, errors: {}, problems: [] },
    newVersion: formFor('version') ?? { open: false, values: { label: '', startsOn: today }, errors: {}, problems: [] },
    versions: versionRows(versions, figures, 1, deps.now(), context.locale),
    today,
  };
}

/** A refused form as the template shows it: the typed values, each field's message, and the summary's list. */
function presentForm(form: LoopFormState, locale: Locale) {
  const text = (name: string) => (typeof form.values[name] === 'string' ? (form.values[name] as string) : '');
  return {
    open: true,
    values: { description: text('description'), dueOn: text('dueOn'), status: text('status'), label: text('label'), startsOn: text('startsOn') },
    errors: Object.fromEntries(form.problems.map((p) => [p.field, loopProblemText(locale, p)])) as Record<string, string>,
    problems: form.problems.map((p) => ({ field: p.field, message: loopProblemText(locale, p) })),
  };
}
