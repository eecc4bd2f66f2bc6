/** Turns a search result into what the catalogue page shows: text and figures in the viewer's language, links, no HTML. */
import type { Locale } from '../../context/launch-context';
import type { CatalogueEntry } from '../../catalogue/catalogue-entry';
import { MIN_RATING_STEPS, type SearchResult, type Segment } from '../../catalogue/search/search-types';
import { formatAverage } from '../../i18n/format';
import { translator } from '../../i18n/translate';
import type { AspectId } from '../../storage/ports/course-settings';
import { starFills } from '../reviews/reviews-page';
import { catalogueSearchParams, PAGE_SIZE, type CatalogueQuery } from './catalogue-query';
import { markedHtml } from './marked-text';

export interface ResultCard {
  readonly id: string;
  readonly kind: 'course' | 'external';
  /** Escaped HTML with the matched words in <mark> (marked-text.ts). */
  readonly titleHtml: string;
  readonly plainTitle: string;
  readonly label?: string;
  readonly descriptionHtml: string;
  readonly language?: string;
  readonly rating?: { readonly average: string; readonly fills: number[]; readonly text: string; readonly aspects: string[] };
  readonly noRating?: string;
  readonly excerpts: Array<{ readonly html: string; readonly rating: number }>;
  readonly answers: string[];
  readonly consultation?: string;
  readonly open?: { readonly href: string; readonly text: string; readonly external: boolean };
  readonly openUnknown?: string;
  readonly source?: string;
}

export function presentResults(result: SearchResult, query: CatalogueQuery, base: string, locale: Locale) {
  const t = translator(locale);
  const count = query.text ? t('catalogue.results.countFor', { count: result.total, query: query.text }) : t('catalogue.results.count', { count: result.total });
  const nextOffset = query.offset + PAGE_SIZE;
  return {
    status: count,
    cards: result.hits.map((hit) => card(hit.entry, hit.title, hit.description, hit.excerpt, base, locale)),
    suggestion: result.suggestion ? { text: result.suggestion, href: `${base}/catalogue${catalogueSearchParams(query, { text: result.suggestion, offset: 0 })}` } : null,
    more: nextOffset < result.total ? `${base}/catalogue${catalogueSearchParams(query, { offset: nextOffset })}` : null,
    filters: {
      minRating: [
        { value: '', label: t('catalogue.filter.minRating.any'), selected: query.minRating === undefined },
        ...MIN_RATING_STEPS.map((step) => ({
          value: String(step),
          label: `${t('catalogue.filter.minRating.value', { value: formatStep(locale, step) })} (${result.facets.minRating[String(step)] ?? 0})`,
          selected: query.minRating === step,
        })),
      ],
      language: [
        { value: '', label: t('catalogue.filter.language.any'), selected: !query.language },
        ...(['en', 'fr'] as const).map((l) => ({ value: l, label: `${t(`catalogue.filter.language.${l}`)} (${result.facets.language[l]})`, selected: query.language === l })),
      ],
      consultation: { label: t('catalogue.filter.consultation', { count: result.facets.openConsultation }), checked: query.openConsultation },
      improved: { label: t('catalogue.filter.improved', { count: result.facets.improved }), checked: query.improved },
    },
  };
}

function formatStep(locale: Locale, step: number): string {
  return Number.isInteger(step) ? String(step) : formatAverage(locale, step);
}

function card(entry: CatalogueEntry, title: Segment[], description: Segment[], excerpt: { reviewId: string; segments: Segment[] } | undefined, base: string, locale: Locale): ResultCard {
  const t = translator(locale);
  const language = entry.language ? t(`catalogue.language.${entry.language}`) : undefined;
  if (entry.kind === 'external') {
    return {
      id: entry.id,
      kind: 'external',
      titleHtml: markedHtml(title),
      plainTitle: entry.title,
      descriptionHtml: markedHtml(description),
      language,
      excerpts: [],
      answers: [],
      source: t('catalogue.external.from', { source: entry.sourceName }),
      open: { href: entry.url, text: t('catalogue.external.open', { source: entry.sourceName }), external: true },
    };
  }
  const rating = entry.rating
    ? {
        average: formatAverage(locale, entry.rating.average),
        fills: starFills(entry.rating.average),
        text: t('catalogue.rating.summary', { average: formatAverage(locale, entry.rating.average), count: entry.rating.count }),
        aspects: Object.entries(entry.rating.aspects).map(([aspect, value]) => t('catalogue.aspect.value', { aspect: t(`reviews.aspect.${aspect as AspectId}`), average: formatAverage(locale, value ?? 0) })),
      }
    : undefined;
  // The excerpt that matched comes first, with its words marked; the other shown excerpt follows plain.
  const excerpts = entry.excerpts.map((e) => ({ rating: e.rating, segments: excerpt && excerpt.reviewId === e.reviewId ? excerpt.segments : [{ text: e.text, match: false }] }));
  if (excerpt) excerpts.sort((a, b) => Number(b.segments.some((s) => s.match)) - Number(a.segments.some((s) => s.match)));
  const answers: string[] = [];
  if (entry.answers) {
    if (entry.answers.reviews > 0) answers.push(t('catalogue.answers.answered', { answered: entry.answers.answered, reviews: entry.answers.reviews }));
    if (entry.answers.improvements > 0) answers.push(t('catalogue.answers.improvements', { count: entry.answers.improvements }));
    const latest = entry.answers.latest;
    if (latest) {
      const figures = latest.before !== undefined && latest.after !== undefined ? ` (${t('catalogue.answers.beforeAfter', { before: formatAverage(locale, latest.before), after: formatAverage(locale, latest.after) })})` : '';
      answers.push(t('catalogue.answers.latest', { description: latest.description }) + figures);
    }
  }
  return {
    id: entry.id,
    kind: 'course',
    titleHtml: markedHtml(title),
    plainTitle: entry.title,
    label: entry.label ? t('catalogue.label', { label: entry.label }) : undefined,
    descriptionHtml: markedHtml(description),
    language,
    rating,
    noRating: rating ? undefined : t('catalogue.rating.none'),
    excerpts: excerpts.map((e) => ({ rating: e.rating, html: markedHtml(e.segments) })),
    answers,
    consultation: entry.openConsultation ? t('catalogue.consultation') : undefined,
    open: entry.courseUrl ? { href: `${base}/catalogue/open/${encodeURIComponent(entry.contextId)}`, text: t('catalogue.open', { title: entry.title }), external: false } : undefined,
    openUnknown: entry.courseUrl ? undefined : t('catalogue.open.unknown'),
  };
}
