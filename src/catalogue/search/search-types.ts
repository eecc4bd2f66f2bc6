/** What the catalogue page asks of the search and what it gets back: data only, never HTML. */
import type { CatalogueEntry, CatalogueLanguage } from '../catalogue-entry';

/** Filters, applied before ranking. Absent or false = no filter. */
export interface SearchFilters {
  /** Only entries whose visible average is at least this (entries without a visible rating are left out). */
  readonly minRating?: number;
  readonly language?: CatalogueLanguage;
  /** Only courses with an open consultation. */
  readonly openConsultation?: boolean;
  /** Only courses with at least one corrective action done. */
  readonly improved?: boolean;
}

export interface SearchRequest extends SearchFilters {
  /** What is typed in the box, as typed (the last word may be unfinished). */
  readonly text: string;
  readonly limit: number;
  readonly offset: number;
  /** Recency is measured from here (passed in so that results are reproducible). */
  readonly now: Date;
}

/** A piece of shown text; the view escapes `text` and wraps it in <mark> when `match`. */
export interface Segment {
  readonly text: string;
  readonly match: boolean;
}

export interface SearchHit {
  readonly entry: CatalogueEntry;
  /** rankScore (see rank-score.ts); with no words, the rank score at text relevance 0. */
  readonly score: number;
  readonly title: Segment[];
  readonly description: Segment[];
  /** The course excerpt that holds the most matched words, when one holds any. */
  readonly excerpt?: { readonly reviewId: string; readonly segments: Segment[] };
}

/** Thresholds offered for the minimum-rating facet. */
export const MIN_RATING_STEPS = [3, 3.5, 4, 4.5] as const;

/**
 * How many results each facet value would give for the current words with the other filters kept
 * (so "Open consultation (3)" is what ticking it shows).
 */
export interface FacetCounts {
  readonly language: Record<CatalogueLanguage, number>;
  readonly openConsultation: number;
  readonly improved: number;
  /** Keyed by threshold, e.g. { '4': 12, '4.5': 3 }. */
  readonly minRating: Record<string, number>;
}

export interface SearchResult {
  readonly hits: SearchHit[];
  /** Results in all, before paging. */
  readonly total: number;
  /** A corrected query from the catalogue's own words when this one finds nothing or misses words; else null. */
  readonly suggestion: string | null;
  readonly facets: FacetCounts;
}
