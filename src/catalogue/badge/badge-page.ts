/**
 * The public page a badge links to: the course's catalogue entry as anyone may see it, without a
 * session. Figures only (average, count, aspect averages): no review text and nothing about a person.
 */
import { formatAverage } from '../../i18n/format';
import { translate } from '../../i18n/translate';
import type { MessageKey } from '../../i18n/en';
import { ASPECTS } from '../../storage/ports/course-settings';
import type { BadgeLocale } from './badge-source';
import { ratingText, type ShownBadge } from './badge-svg';

export interface BadgePageModel {
  readonly pageTitle: string;
  readonly heading: string;
  readonly imageSrc: string;
  /** "Rated 3.7 out of 5 by 12 learners", or why there is no figure yet. */
  readonly summary: string;
  readonly aspects: readonly { readonly label: string; readonly text: string }[];
  readonly courseUrl?: string;
}

export function badgePageModel(badge: ShownBadge, token: string, locale: BadgeLocale): BadgePageModel {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const heading = badge.title?.trim() || t('badge.page.kicker');
  const summary = badge.state === 'ok' ? ratingText(locale, badge.figures) : t('badge.soon.long', { needed: badge.minRatings });
  const aspects =
    badge.state === 'ok'
      ? ASPECTS.flatMap((id) => {
          const average = badge.figures.aspects?.[id];
          if (typeof average !== 'number' || !Number.isFinite(average)) return [];
          const label = t(`reviews.aspect.${id}` as MessageKey);
          return [{ label, text: t('badge.page.aspectLine', { label, average: formatAverage(locale, average) }) }];
        })
      : [];
  const courseUrl = safeHttpUrl(badge.courseUrl);
  return {
    pageTitle: heading,
    heading,
    imageSrc: `/badge/${token}.svg?lang=${locale}`,
    summary,
    aspects,
    ...(courseUrl ? { courseUrl } : {}),
  };
}

/** Only http(s) links are printed: a javascript: or data: URL from a store would run on our origin. */
function safeHttpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
