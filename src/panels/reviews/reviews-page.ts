/**
 * The reviews panel as one view model: summary first (average with a star row; distribution, last
 * 12 months and aspects behind a disclosure), then the review form for a learner who has not
 * reviewed (or a one-line reminder for one who has), then the list with sort, filter and cursor
 * links, then the learner's own review as a card whose form opens in place.
 */
import { catalogueReach, formIntroKey, readBeforeEnrolling, type CatalogueReach } from '../../catalogue/prospective-readers';
import type { LaunchContext, Locale } from '../../context/launch-context';
import type { LaunchSession } from '../../storage/port';
import type { CourseSettings } from '../../storage/ports/course-settings';
import { REVIEW_TRIAGES, type Rating, type ReviewSort, type ReviewSummary, type RatingStats, type ReviewTriage } from '../../storage/ports/reviews';
import { formatAverage, formatDate, formatDay } from '../../i18n/format';
import { translator } from '../../i18n/translate';
import { panelChrome, type PanelChrome } from '../chrome';
import type { PanelDeps } from '../panel-deps';
import { presentReviewCard, type ReviewCard } from './review-card';
import { reviewedItem } from './review-item';
import { asRating, average, reviewWindowFor, visibilityFor, type InputProblem } from './review-rules';
import type { Review } from '../../storage/ports/reviews';
import type { CorrectiveAction } from '../../storage/ports/corrective-actions';
import { cardLoop, effectRows, ownNotices, versionRows } from './loop/loop-presenter';
import { suggestsThanks } from './loop/loop-rules';
import { showsInvite } from './loop/review-invite';

export const PAGE_SIZE = 10;
export const SORTS: readonly ReviewSort[] = ['recent', 'helpful', 'highest', 'lowest'];

export interface ListQuery {
  readonly sort: ReviewSort;
  readonly stars?: Rating;
  readonly cursor?: string;
  /** Instructors only (learners' pages ignore it): a triage filter, listed newest first. */
  readonly triage?: ReviewTriage;
}

export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const sort = SORTS.find((s) => s === query.sort) ?? 'recent';
  const cursor = typeof query.cursor === 'string' && /^[A-Za-z0-9_-]{1,400}$/.test(query.cursor) ? query.cursor : undefined;
  const triage = REVIEW_TRIAGES.find((t) => t === query.show);
  return { sort, stars: asRating(query.stars), cursor, ...(triage ? { triage } : {}) };
}

export interface FormState {
  readonly values: Record<string, string>;
  readonly problems: readonly InputProblem[];
}

/** Links of the list (sort, filter, pages) under `base`, the session's /s/<id>/reviews. */
export function listHref(base: string, query: ListQuery, change: Partial<ListQuery> = {}, anchor = '#reviews-list'): string {
  const params = new URLSearchParams();
  const merged = { ...query, cursor: undefined, ...change };
  // A triaged list is newest first without stars: the triage replaces the sort and the star filter.
  if (merged.triage) params.set('show', merged.triage);
  else {
    if (merged.sort !== 'recent') params.set('sort', merged.sort);
    if (merged.stars) params.set('stars', String(merged.stars));
  }
  if (merged.cursor) params.set('cursor', merged.cursor);
  const qs = params.toString();
  return qs ? `${base}?${qs}${anchor}` : `${base}${anchor}`;
}

/**
 * What every viewer of one kind (learner or staff) sees alike on one list page: the summary, the
 * per-version figures, and the page of reviews with their responses and linked actions. Learners'
 * copies of it are cached per course generation (learner-page.ts), so it must not depend on who asks.
 */
export async function loadCommonPart(deps: PanelDeps, context: LaunchContext, settings: CourseSettings, query: ListQuery) {
  const staff = context.role === 'instructor';
  const item = reviewedItem(context);
  const now = deps.now();
  const store = deps.storage.reviews;
  const t = translator(context.locale);
  const summary = await store.summary(item, now);
  const visibility = visibilityFor(settings, staff, summary.overall.count);
  const triage = staff ? query.triage : undefined;
  const order = triage ? { sort: 'recent' as const, triage } : { sort: query.sort, stars: query.stars };
  const page = visibility.texts ? await store.listReviews(item, { ...order, statuses: ['published'], cursor: query.cursor, limit: PAGE_SIZE }) : { items: [], nextCursor: null };
  const [linked, versions, figures, recentActions] = await Promise.all([
    deps.storage.actions.actionsForReviews(context.link, page.items.map((r) => r.id)),
    deps.storage.courseVersions.listVersions(context.link),
    store.versionSummaries(item),
    deps.storage.actions.listActions(context.link, 20),
  ]);
  // Small groups stay anonymous in per-version figures too (staff see them: they see every review anyway).
  const figureMinimum = staff ? 1 : settings.minRatings;
  return {
    summary: presentSummary(summary, settings, visibility, t, context.locale),
    visibility,
    page,
    linked,
    loop: {
      visible: visibility.summary,
      versions: versionRows(versions, figures, figureMinimum, now, context.locale),
      effects: effectRows(recentActions, versions, figures, figureMinimum, context.locale),
    },
  };
}
export type CommonPart = Awaited<ReturnType<typeof loadCommonPart>>;

/** What only this viewer sees: their own review and its notices, their marks on the listed reviews, the invitation. */
/** `knownReach`: the catalogue's reach when the caller has read it already (the learner page keys its cache by it). */
export async function loadViewerPart(deps: PanelDeps, context: LaunchContext, settings: CourseSettings, listedIds: readonly string[], knownReach?: CatalogueReach) {
  const staff = context.role === 'instructor';
  const item = reviewedItem(context);
  const store = deps.storage.reviews;
  const now = deps.now();
  const [own, member, helpful, reported] = await Promise.all([
    store.findReviewByAuthor(item, context.userId),
    // Only a window counted from the learner's first launch needs their membership.
    settings.reviewWindow.mode === 'after-days' ? deps.storage.members.findMember(context.link, context.userId) : Promise.resolve(null),
    store.helpfulVotesBy(context.link, context.userId, listedIds),
    store.reportsBy(context.link, context.userId, listedIds),
  ]);
  const [ownLinked, inviteState, reach] = await Promise.all([
    own ? deps.storage.actions.actionsForReviews(context.link, [own.id]).then((m) => m.get(own.id) ?? []) : Promise.resolve([]),
    staff || own ? Promise.resolve(null) : deps.storage.reviewInvites.inviteState(context.link, context.userId),
    knownReach ?? catalogueReach(deps.storage, context.link),
  ]);
  const window = reviewWindowFor(settings, member, now);
  return {
    own,
    ownLinked,
    window,
    marks: { helpful, reported },
    readBeforeEnrolling: readBeforeEnrolling(settings, reach),
    invite: showsInvite({ learner: context.role === 'learner', hasReview: Boolean(own), window, state: inviteState, now }),
  };
}
export type ViewerPart = Awaited<ReturnType<typeof loadViewerPart>>;

/** The viewer's review form: their review's values (or what they just sent, with its problems). */
export function presentForm(context: LaunchContext, settings: CourseSettings, viewer: Pick<ViewerPart, 'own' | 'window' | 'readBeforeEnrolling'>, form?: FormState) {
  const t = translator(context.locale);
  const { own, window } = viewer;
  return {
    canReview: context.role !== 'instructor' && window.open,
    intro: t(formIntroKey(settings, viewer.readBeforeEnrolling)),
    windowMessage: window.open ? undefined : window.reason === 'not-before-date' ? t('reviews.window.notBefore', { date: formatDay(window.date, context.locale) }) : t('reviews.window.afterDays', { date: formatDate(window.opensAt, context.locale) }),
    isEdit: Boolean(own),
    aspects: settings.aspects.map((id) => ({ id, label: t(`reviews.aspect.${id}`), value: form?.values[`aspect_${id}`] ?? String(own?.aspects[id] ?? '') })),
    values: {
      rating: form?.values.rating ?? String(own?.rating ?? ''),
      title: form?.values.title ?? own?.title ?? '',
      liked: form?.values.liked ?? own?.liked ?? '',
      improve: form?.values.improve ?? own?.improve ?? '',
    },
    errors: Object.fromEntries((form?.problems ?? []).map((p) => [p.field, problemText(p, t)])),
  };
}

/** The list part of the page model; `cards` are the listed reviews as this page presents them. */
export function presentList(context: LaunchContext, settings: CourseSettings, query: ListQuery, common: CommonPart, base: string, cards: ReviewCard[]) {
  const t = translator(context.locale);
  const { visibility, page } = common;
  return {
    visible: visibility.texts,
    hiddenReason: visibility.texts ? undefined : visibility.belowMinimum ? 'minimum' : settings.textVisibility,
    sort: query.sort,
    stars: query.stars,
    sortOptions: SORTS.map((s) => ({ value: s, label: t(`reviews.sort.${s}`), selected: s === query.sort })),
    triage: context.role === 'instructor' ? triageLinks(query, base, t) : undefined,
    starOptions: [5, 4, 3, 2, 1].map((n) => ({ value: n, label: t('reviews.stars.label', { n }), selected: n === query.stars })),
    items: cards,
    nextHref: page.nextCursor ? listHref(base, query, { cursor: page.nextCursor }) : undefined,
    firstHref: query.cursor ? listHref(base, query) : undefined,
    // Where a vote or report on this page comes back to (the same page, without any flash).
    back: listHref(base, query, { cursor: query.cursor }, ''),
    reportReasons: ['offensive', 'personal-data', 'spam', 'off-topic'].map((r) => ({ value: r, label: t(`reviews.report.${r}` as never) })),
  };
}

/** The instructors' triage filters as links (each keeps to the first page), the current one marked. */
function triageLinks(query: ListQuery, base: string, t: ReturnType<typeof translator>) {
  const current = query.triage;
  return {
    active: current !== undefined,
    links: [undefined, ...REVIEW_TRIAGES].map((triage) => ({
      href: listHref(base, { sort: 'recent' }, triage ? { triage } : {}),
      label: t(triage ? `reviews.triage.${triage}` : 'reviews.triage.all'),
      current: triage === current,
    })),
  };
}

/** A review card with its response and actions, and (for staff) the response form's starting text. */
export function presentWithLoop(review: Review, viewer: { id: string; staff: boolean; locale: Locale }, settings: CourseSettings, marks: { helpful: Set<string>; reported: Set<string> }, actions: CorrectiveAction[]): ReviewCard {
  return withLoop(presentReviewCard(review, viewer, settings, marks), review, actions, viewer.staff, viewer.locale, translator(viewer.locale));
}

/** The viewer's own review as its section shows it: the card, and the "your feedback was answered" notices. */
export function presentOwn(context: LaunchContext, settings: CourseSettings, viewer: Pick<ViewerPart, 'own' | 'ownLinked' | 'marks'>) {
  const { own, ownLinked, marks } = viewer;
  if (!own) return { own: undefined, ownNotices: { lines: [], invite: false } };
  const who = { id: context.userId, staff: context.role === 'instructor', locale: context.locale };
  return { own: presentWithLoop(own, who, settings, marks, ownLinked), ownNotices: ownNotices(own, ownLinked, context.locale) };
}

/** The whole page for one viewer, rendered in one go: instructors, form errors, and any page the learner cache does not serve. */
export async function loadReviewsPage(deps: PanelDeps, session: LaunchSession, settings: CourseSettings, query: ListQuery, form?: FormState) {
  const context = session.context;
  const staff = context.role === 'instructor';
  const item = reviewedItem(context);
  const common = await loadCommonPart(deps, context, settings, query);
  const viewer = await loadViewerPart(deps, context, settings, common.page.items.map((r) => r.id));
  const [attentionCount, pendingCredits] = await Promise.all([
    staff ? deps.storage.responses.countNeedsAttention(context.link) : Promise.resolve(0),
    staff ? deps.storage.gradeOutbox.pendingScores(context.link).then((p) => p.length) : Promise.resolve(0),
  ]);
  const who = { id: context.userId, staff, locale: context.locale };
  const present = (r: Review, actions: CorrectiveAction[]) => presentWithLoop(r, who, settings, viewer.marks, actions);
  const chrome: PanelChrome = panelChrome(session, settings, 'reviews');
  const base = `${chrome.base}/reviews`;
  const cards = common.page.items.filter((r) => r.author.id !== context.userId).map((r) => present(r, common.linked.get(r.id) ?? []));

  return {
    chrome,
    base,
    staff,
    summary: common.summary,
    instructor: staff
      ? {
          ...(await responseRate(deps, context)),
          moderationCount: await deps.storage.reviews.countModerationQueue(context.link),
          attentionCount,
          pendingCredits,
        }
      : undefined,
    form: presentForm(context, settings, viewer, form),
    ...presentOwn(context, settings, viewer),
    invite: viewer.invite,
    loop: common.loop,
    list: presentList(context, settings, query, common, base, cards),
  };
}

/**
 * "8 of the 40 learners now enrolled have reviewed (20 %)": only reviewers among the roster's
 * current learners count, so the rate never passes 100 %; reviews of people who left the course are
 * said apart. Without a roster (no NRPS, or the call failed) the plain number of reviewers.
 */
async function responseRate(deps: PanelDeps, context: LaunchContext): Promise<{ responseRate: string; formerReviewers?: string }> {
  const t = translator(context.locale);
  const item = reviewedItem(context);
  const [reviewers, learners] = await Promise.all([deps.storage.reviews.countReviewers(item), deps.roster.learnerIds(context)]);
  if (!learners || learners.size === 0) return { responseRate: t('reviews.staff.reviewCount', { reviewed: reviewers }) };
  const enrolled = await deps.storage.reviews.countReviewersAmong(item, [...learners]);
  const percent = Math.round((enrolled / learners.size) * 100);
  const former = reviewers - enrolled;
  return {
    responseRate: t('reviews.staff.responseRate', { reviewed: enrolled, learners: learners.size, percent }),
    ...(former > 0 ? { formerReviewers: t('reviews.staff.formerReviewers', { count: former }) } : {}),
  };
}

function presentSummary(summary: ReviewSummary, settings: CourseSettings, visibility: ReturnType<typeof visibilityFor>, t: ReturnType<typeof translator>, locale: Locale) {
  const decimal = (value: number) => formatAverage(locale, value);
  const bars = (stats: RatingStats) =>
    [5, 4, 3, 2, 1].map((stars) => {
      const count = stats.histogram[stars - 1];
      const percent = stats.count ? Math.round((count / stats.count) * 100) : 0;
      return { stars, count, percent, label: t('reviews.summary.bar', { stars, count, percent }) };
    });
  const avg = average(summary.overall);
  const avg12 = average(summary.last12Months);
  return {
    visible: visibility.summary,
    needed: settings.minRatings,
    count: summary.overall.count,
    average: avg === null ? null : decimal(avg),
    starFills: avg === null ? [] : starFills(avg),
    averageLabel: avg === null ? t('reviews.summary.none') : t('reviews.summary.average', { average: decimal(avg), count: summary.overall.count }),
    bars: bars(summary.overall),
    last12: {
      count: summary.last12Months.count,
      label: avg12 === null ? t('reviews.summary.last12None') : t('reviews.summary.last12', { average: decimal(avg12), count: summary.last12Months.count }),
    },
    aspects: settings.aspects
      .map((id) => ({ id, stats: summary.aspects[id] }))
      .filter((a) => a.stats && a.stats.count > 0)
      .map((a) => ({ label: t(`reviews.aspect.${a.id}`), average: decimal(a.stats!.sum / a.stats!.count), count: a.stats!.count })),
  };
}

/**
 * How full each of the five stars next to the average is, in tenths (0–10), from the average as
 * shown (one decimal): 4.3 gives [10, 10, 10, 10, 3]. Tenths, because the CSP forbids inline
 * styles: the stylesheet has one rule per tenth.
 */
export function starFills(averageRating: number): number[] {
  const tenths = Math.round(averageRating * 10);
  return [0, 1, 2, 3, 4].map((i) => Math.min(10, Math.max(0, tenths - i * 10)));
}

function withLoop(card: ReviewCard, review: Review, actions: CorrectiveAction[], staff: boolean, locale: 'en' | 'fr', t: ReturnType<typeof translator>): ReviewCard {
  const respond = staff
    ? { text: review.response?.text ?? (suggestsThanks(review.rating) ? t('loop.response.thanks') : ''), exists: Boolean(review.response), suggested: !review.response && suggestsThanks(review.rating) }
    : undefined;
  return { ...card, loop: cardLoop(review, actions, locale), ...(respond ? { respond } : {}) };
}

function problemText(p: InputProblem, t: ReturnType<typeof translator>): string {
  if (p.problem === 'rating-required') return t('reviews.form.ratingRequired');
  if (p.problem === 'too-long') return t('reviews.form.tooLong', { limit: p.limit ?? 0 });
  return t('reviews.form.aspectInvalid');
}
