/**
 * What templates see of the loop: a review's response and linked actions, the author's "your
 * feedback was answered" notices, the per-version figures and the before/after of done actions.
 */
import type { Locale } from '../../../context/launch-context';
import { formatAverage, formatDate, formatDay } from '../../../i18n/format';
import { translator, type Translate } from '../../../i18n/translate';
import type { CorrectiveAction } from '../../../storage/ports/corrective-actions';
import type { CourseVersion } from '../../../storage/ports/course-versions';
import type { RatingStats, Review } from '../../../storage/ports/reviews';
import { average } from '../review-rules';
import { beforeAfter, currentVersionId, versionTimeline } from './loop-rules';
import { personLabel } from '../../person-label';

export interface CardLoop {
  readonly response?: { text: string; byline: string; edited?: string };
  readonly actions: ReadonlyArray<{ text: string; status: string }>;
}

const dateOf = (iso: string, locale: Locale) => formatDay(iso, locale);

/** "planned, by 15 Jan 2027" inside a sentence; "Planned, by …" as a label (`asLabel`), the case statuses have elsewhere in the UI. */
export function actionStatusLine(action: CorrectiveAction, t: Translate, locale: Locale, asLabel = false): string {
  const status = t(asLabel ? `loop.action.statusName.${action.status}` : `loop.action.status.${action.status}`);
  return action.dueOn && action.status !== 'done' ? `${status}, ${t('loop.action.due', { date: dateOf(action.dueOn, locale) })}` : status;
}

export function cardLoop(review: Review, actions: readonly CorrectiveAction[], locale: Locale): CardLoop {
  const t = translator(locale);
  const r = review.response;
  return {
    ...(r
      ? {
          response: {
            text: r.text,
            byline: t('loop.response.by', { name: personLabel(r.by, t), role: t(`role.${r.by.role}`), date: formatDate(r.at, locale) }),
            ...(r.editedAt ? { edited: t('loop.response.edited', { date: formatDate(r.editedAt, locale) }) } : {}),
          },
        }
      : {}),
    actions: actions.map((a) => ({ text: t('loop.action.taken', { description: a.description }), status: t('loop.action.statusLine', { status: actionStatusLine(a, t, locale, true) }) })),
  };
}

/**
 * Why a review is in the needs-attention list, in the order an instructor acts on them (the same
 * conditions as shared/review-loop.ts needsAttention, read from the review itself).
 */
export function attentionReasons(review: Review, t: Translate): string[] {
  const reasons: string[] = [];
  const response = review.response;
  const lastResponse = response ? (response.editedAt ?? response.at).getTime() : null;
  const lastChange = (review.editedAt ?? review.createdAt).getTime();
  const answeredSince = lastResponse !== null && lastResponse >= lastChange;
  if (review.reportCount > 0) reasons.push(t('loop.reason.reported', { count: review.reportCount }));
  if (review.status === 'published' && !answeredSince) {
    if (review.previousRating !== undefined && review.rating < review.previousRating) reasons.push(t('loop.reason.lowered', { from: review.previousRating, to: review.rating }));
    else if (review.rating <= 2) reasons.push(t(response ? 'loop.reason.lowEdited' : 'loop.reason.low', { stars: review.rating }));
  }
  if (lastResponse !== null && review.editedAt && review.editedAt.getTime() > lastResponse) reasons.push(t('loop.reason.editedAfterResponse'));
  return reasons;
}

/** Shown to the author while the response or an action is newer than their review's last change. */
export function ownNotices(review: Review, actions: readonly CorrectiveAction[], locale: Locale): { lines: string[]; invite: boolean } {
  const t = translator(locale);
  const since = review.updatedAt.getTime();
  const lines: string[] = [];
  if (review.response && (review.response.editedAt ?? review.response.at).getTime() > since) lines.push(t('loop.own.answered'));
  for (const a of actions) if (a.updatedAt.getTime() > since) lines.push(t('loop.own.action', { description: a.description, status: actionStatusLine(a, t, locale) }));
  return { lines, invite: lines.length > 0 };
}

function figure(stats: RatingStats | undefined, minimum: number, t: Translate, locale: Locale): string {
  if (!stats || stats.count === 0) return t('reviews.summary.none');
  if (stats.count < minimum) return t('loop.version.tooFew', { needed: minimum });
  return t('loop.version.figure', { average: formatAverage(locale, average(stats) ?? 0), count: stats.count });
}

export function versionRows(versions: readonly CourseVersion[], figures: ReadonlyMap<string, RatingStats>, minimum: number, now: Date, locale: Locale) {
  const t = translator(locale);
  const current = currentVersionId(versions, now);
  return versionTimeline(versions).map((v) => ({
    id: v.id,
    label: v.label ?? t('loop.version.initial'),
    since: v.startsOn ? t('loop.version.since', { date: dateOf(v.startsOn, locale) }) : '',
    current: v.id === current,
    figure: figure(figures.get(v.id), minimum, t, locale),
  }));
}

export function effectRows(actions: readonly CorrectiveAction[], versions: readonly CourseVersion[], figures: ReadonlyMap<string, RatingStats>, minimum: number, locale: Locale) {
  const t = translator(locale);
  const labelOf = (id: string) => versions.find((v) => v.id === id)?.label ?? t('loop.version.initial');
  return actions
    .filter((a) => a.status === 'done' && a.doneInVersion)
    .map((a) => {
      const split = beforeAfter(versions, figures, a.doneInVersion!, minimum);
      if (!split) return null;
      const side = (stats: RatingStats, shown: boolean) => (shown ? t('loop.version.figure', { average: formatAverage(locale, average(stats) ?? 0), count: stats.count }) : t('loop.effect.waiting', { needed: Math.max(minimum, 1) }));
      return {
        id: a.id,
        action: t('loop.effect.action', { description: a.description, version: labelOf(a.doneInVersion!) }),
        before: t('loop.effect.before', { figure: side(split.before, split.beforeShown) }),
        after: t('loop.effect.after', { figure: side(split.after, split.afterShown) }),
      };
    })
    .filter((row): row is NonNullable<typeof row> => row !== null);
}
