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
import { cardLoop, versionRows } from './loop-presenter';
import { suggestsThanks } from './loop-rules';
import { knownName } from '../../../context/person-name';

const ATTENTION_PAGE = 20;
const ACTIONS_SHOWN = 50;
const CURSOR = /^[A-Za-z0-9_-]{1,400}$/;

export async function loadLoopPage(deps: PanelDeps, session: LaunchSession, settings: CourseSettings, query: Record<string, unknown>) {
  const context = session.context;
  const t = translator(context.locale);
  const course = context.link;
  const cursor = typeof query.page === 'string' && CURSOR.test(query.page) ? query.page : undefined;
  const chosenId = typeof query.review === 'string' && query.review.length <= 64 ? query.review : undefined;

  const [attention, chosen, actions, versions, figures] = await Promise.all([
    deps.storage.responses.needsAttention(course, { cursor, limit: ATTENTION_PAGE }),
    chosenId ? deps.storage.reviews.findReview(course, chosenId) : Promise.resolve(null),
    deps.storage.actions.listActions(course, ACTIONS_SHOWN),
    deps.storage.courseVersions.listVersions(course),
    deps.storage.reviews.versionSummaries(reviewedItem(context)),
  ]);
  const shown = [...(chosen && !attention.items.some((r) => r.id === chosen.id) ? [chosen] : []), ...attention.items];
  const linked = await deps.storage.actions.actionsForReviews(course, shown.map((r) => r.id));
  const viewer = { id: context.userId, staff: true, locale: context.locale };
  const marks = { helpful: new Set<string>(), reported: new Set<string>() };
  const card = (r: Review): ReviewCard => ({
    ...presentReviewCard(r, viewer, settings, marks),
    loop: cardLoop(r, linked.get(r.id) ?? [], context.locale),
    respond: { text: r.response?.text ?? (suggestsThanks(r.rating) ? t('loop.response.thanks') : ''), exists: Boolean(r.response), suggested: !r.response && suggestsThanks(r.rating) },
  });
  const chrome = panelChrome(session, settings, 'reviews');
  const base = `${chrome.base}/reviews`;
  const versionLabel = (id: string) => versions.find((v) => v.id === id)?.label ?? t('loop.version.initial');
  const today = deps.now().toISOString().slice(0, 10);

  return {
    chrome,
    base,
    currentUrl: `${base}/loop`,
    chosen: chosen ? card(chosen) : undefined,
    attention: attention.items.filter((r) => r.id !== chosen?.id).map(card),
    nextHref: attention.nextCursor ? `${base}/loop?page=${attention.nextCursor}#attention` : undefined,
    chooseFrom: shown.map((r) => ({ id: r.id, label: `${t('reviews.stars.label', { n: r.rating })} · ${knownName(r.author) ?? t('reviews.pseudonym', { n: r.authorNumber })}${r.title ? ` · ${r.title}` : ''}`, checked: r.id === chosen?.id })),
    statuses: ACTION_STATUSES.map((s) => ({ value: s, label: t(`loop.action.status.${s}`) })),
    actions: actions.map((a) => ({
      id: a.id,
      description: a.description,
      dueOn: a.dueOn ?? '',
      status: a.status,
      reviewCount: t('loop.action.reviewCount', { count: a.reviewIds.length }),
      doneIn: a.doneInVersion ? t('loop.action.doneIn', { version: versionLabel(a.doneInVersion) }) : undefined,
    })),
    versions: versionRows(versions, figures, 1, deps.now(), context.locale),
    today,
  };
}
