/**
 * The reviews panel as one view model: summary first (average, distribution, last 12 months,
 * aspects), then the viewer's own review form, then the list with sort, filter and cursor links.
 */
import type { LaunchSession } from '../../storage/port';
import type { CourseSettings } from '../../storage/ports/course-settings';
import type { Rating, ReviewSort, ReviewSummary, RatingStats } from '../../storage/ports/reviews';
import { translator } from '../../i18n/translate';
import { panelChrome, type PanelChrome } from '../chrome';
import type { PanelDeps } from '../panel-deps';
import { formatDate, presentReviewCard, type ReviewCard } from './review-card';
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
}

export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const sort = SORTS.find((s) => s === query.sort) ?? 'recent';
  const cursor = typeof query.cursor === 'string' && /^[A-Za-z0-9_-]{1,400}$/.test(query.cursor) ? query.cursor : undefined;
  return { sort, stars: asRating(query.stars), cursor };
}

export interface FormState {
  readonly values: Record<string, string>;
  readonly problems: readonly InputProblem[];
}

export async function loadReviewsPage(deps: PanelDeps, session: LaunchSession, settings: CourseSettings, query: ListQuery, form?: FormState) {
  const context = session.context;
  const t = translator(context.locale);
  const staff = context.role === 'instructor';
  const item = reviewedItem(context);
  const now = deps.now();
  const store = deps.storage.reviews;

  const [summary, own, member] = await Promise.all([store.summary(item, now), store.findReviewByAuthor(item, context.userId), deps.storage.members.findMember(context.link, context.userId)]);
  const visibility = visibilityFor(settings, staff, summary.overall.count);
  const page = visibility.texts ? await store.listReviews(item, { sort: query.sort, stars: query.stars, statuses: ['published'], cursor: query.cursor, limit: PAGE_SIZE }) : { items: [], nextCursor: null };
  const ids = page.items.map((r) => r.id);
  const [helpful, reported] = await Promise.all([store.helpfulVotesBy(context.link, context.userId, ids), store.reportsBy(context.link, context.userId, ids)]);
  const viewer = { id: context.userId, staff, locale: context.locale };
  const marks = { helpful, reported };
  const [linked, versions, figures, recentActions, attentionCount, pendingCredits, inviteState] = await Promise.all([
    deps.storage.actions.actionsForReviews(context.link, own ? [...ids, own.id] : ids),
    deps.storage.courseVersions.listVersions(context.link),
    deps.storage.reviews.versionSummaries(item),
    deps.storage.actions.listActions(context.link, 20),
    staff ? deps.storage.responses.countNeedsAttention(context.link) : Promise.resolve(0),
    staff ? deps.storage.gradeOutbox.pendingScores(context.link).then((p) => p.length) : Promise.resolve(0),
    staff || own ? Promise.resolve(null) : deps.storage.reviewInvites.inviteState(context.link, context.userId),
  ]);
  const present = (r: Review): ReviewCard => withLoop(presentReviewCard(r, viewer, settings, marks), r, linked.get(r.id) ?? [], staff, context.locale, t);
  // Small groups stay anonymous in per-version figures too (staff see them: they see every review anyway).
  const figureMinimum = staff ? 1 : settings.minRatings;

  const window = reviewWindowFor(settings, member, now);
  const chrome: PanelChrome = panelChrome(session, settings, 'reviews');
  const base = `${chrome.base}/reviews`;
  const listHref = (q: Partial<ListQuery>) => {
    const params = new URLSearchParams();
    const merged = { ...query, cursor: undefined, ...q };
    if (merged.sort !== 'recent') params.set('sort', merged.sort);
    if (merged.stars) params.set('stars', String(merged.stars));
    if (merged.cursor) params.set('cursor', merged.cursor);
    const qs = params.toString();
    return qs ? `${base}?${qs}#reviews-list` : `${base}#reviews-list`;
  };

  return {
    chrome,
    base,
    staff,
    summary: presentSummary(summary, settings, visibility, t),
    instructor: staff
      ? {
          reviewers: await store.countReviewers(item),
          learners: await deps.roster.countLearners(context),
          moderationCount: await store.countModerationQueue(context.link),
          attentionCount,
          pendingCredits,
        }
      : undefined,
    form: {
      canReview: !staff && window.open,
      windowMessage: window.open ? undefined : window.reason === 'not-before-date' ? t('reviews.window.notBefore', { date: formatDate(new Date(`${window.date}T00:00:00Z`), context.locale) }) : t('reviews.window.afterDays', { date: formatDate(window.opensAt, context.locale) }),
      isEdit: Boolean(own),
      aspects: settings.aspects.map((id) => ({ id, label: t(`reviews.aspect.${id}`), value: form?.values[`aspect_${id}`] ?? String(own?.aspects[id] ?? '') })),
      values: {
        rating: form?.values.rating ?? String(own?.rating ?? ''),
        title: form?.values.title ?? own?.title ?? '',
        liked: form?.values.liked ?? own?.liked ?? '',
        improve: form?.values.improve ?? own?.improve ?? '',
      },
      errors: Object.fromEntries((form?.problems ?? []).map((p) => [p.field, problemText(p, t)])),
    },
    own: own ? present(own) : undefined,
    invite: showsInvite({ learner: context.role === 'learner', hasReview: Boolean(own), window, state: inviteState, now }),
    ownNotices: own ? ownNotices(own, linked.get(own.id) ?? [], context.locale) : { lines: [], invite: false },
    loop: {
      visible: visibility.summary,
      versions: versionRows(versions, figures, figureMinimum, now, context.locale),
      effects: effectRows(recentActions, versions, figures, figureMinimum, context.locale),
    },
    list: {
      visible: visibility.texts,
      hiddenReason: visibility.texts ? undefined : visibility.belowMinimum ? 'minimum' : settings.textVisibility,
      sort: query.sort,
      stars: query.stars,
      sortOptions: SORTS.map((s) => ({ value: s, label: t(`reviews.sort.${s}`), selected: s === query.sort })),
      starOptions: [5, 4, 3, 2, 1].map((n) => ({ value: n, label: t('reviews.stars.label', { n }), selected: n === query.stars })),
      items: page.items.filter((r) => r.author.id !== context.userId).map(present),
      nextHref: page.nextCursor ? listHref({ cursor: page.nextCursor }) : undefined,
      firstHref: query.cursor ? listHref({}) : undefined,
      reportReasons: ['offensive', 'personal-data', 'spam', 'off-topic'].map((r) => ({ value: r, label: t(`reviews.report.${r}` as never) })),
    },
  };
}

function presentSummary(summary: ReviewSummary, settings: CourseSettings, visibility: ReturnType<typeof visibilityFor>, t: ReturnType<typeof translator>) {
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
    average: avg === null ? null : avg.toFixed(1),
    averageLabel: avg === null ? t('reviews.summary.none') : t('reviews.summary.average', { average: avg.toFixed(1), count: summary.overall.count }),
    bars: bars(summary.overall),
    last12: {
      count: summary.last12Months.count,
      label: avg12 === null ? t('reviews.summary.last12None') : t('reviews.summary.last12', { average: avg12.toFixed(1), count: summary.last12Months.count }),
    },
    aspects: settings.aspects
      .map((id) => ({ id, stats: summary.aspects[id] }))
      .filter((a) => a.stats && a.stats.count > 0)
      .map((a) => ({ label: t(`reviews.aspect.${a.id}`), average: (Math.round((a.stats!.sum / a.stats!.count) * 10) / 10).toFixed(1), count: a.stats!.count })),
  };
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
