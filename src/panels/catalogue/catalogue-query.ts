/**
 * The catalogue's search parameters, checked at the edge: a search box is typed by anyone (and
 * replayed by crawlers of the LMS page), so every value has a limit and anything else is a 400 with
 * the field named, in the page's language.
 */
import { z } from 'zod';
import { MIN_RATING_STEPS } from '../../catalogue/search/search-types';

export const QUERY_MAX = 200;
/** Ten results a page, as search engines show: a phone screen reads two or three. */
export const PAGE_SIZE = 10;
/** Deep result pages are for robots; a person refines the search first. */
const OFFSET_MAX = 2000;

const single = z.string().max(QUERY_MAX + 50);
const schema = z.object({
  q: single.optional(),
  min: z.enum(['', ...MIN_RATING_STEPS.map(String)] as [string, ...string[]]).optional(),
  lang: z.enum(['', 'en', 'fr']).optional(),
  consultation: z.enum(['on']).optional(),
  improved: z.enum(['on']).optional(),
  offset: z.string().regex(/^\d{1,5}$/).optional(),
  partial: z.enum(['1']).optional(),
});

export interface CatalogueQuery {
  readonly text: string;
  readonly minRating?: number;
  readonly language?: 'en' | 'fr';
  readonly openConsultation: boolean;
  readonly improved: boolean;
  readonly offset: number;
  /** Only the results (the page's script replaces them as one types). */
  readonly partial: boolean;
}

export type QueryProblem = { readonly field: string };

export function parseCatalogueQuery(raw: Record<string, unknown>): CatalogueQuery | QueryProblem {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { field: String(parsed.error.issues[0]?.path[0] ?? 'q') };
  const v = parsed.data;
  const text = (v.q ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (text.length > QUERY_MAX) return { field: 'q' };
  const offset = Number(v.offset ?? 0);
  if (offset > OFFSET_MAX) return { field: 'offset' };
  return {
    text,
    ...(v.min ? { minRating: Number(v.min) } : {}),
    ...(v.lang ? { language: v.lang as 'en' | 'fr' } : {}),
    openConsultation: v.consultation === 'on',
    improved: v.improved === 'on',
    offset,
    partial: v.partial === '1',
  };
}

/** The query string of a catalogue link with these parameters (only what is set). */
export function catalogueSearchParams(query: CatalogueQuery, overrides: Partial<CatalogueQuery> = {}): string {
  const q = { ...query, ...overrides };
  const params = new URLSearchParams();
  if (q.text) params.set('q', q.text);
  if (q.minRating !== undefined) params.set('min', String(q.minRating));
  if (q.language) params.set('lang', q.language);
  if (q.openConsultation) params.set('consultation', 'on');
  if (q.improved) params.set('improved', 'on');
  if (q.offset) params.set('offset', String(q.offset));
  const text = params.toString();
  return text ? `?${text}` : '';
}
