/**
 * The filters of the catalogue search and their counts. Counts are "disjunctive": each facet is
 * counted with every other filter applied but not its own, so a count says what ticking that box
 * would give, and a ticked language still shows how many the other language has.
 */
import type { CatalogueEntry } from '../catalogue-entry';
import { MIN_RATING_STEPS, type FacetCounts, type SearchFilters } from './search-types';

type Facet = 'minRating' | 'language' | 'openConsultation' | 'improved';

function visibleAverage(entry: CatalogueEntry): number | undefined {
  return entry.kind === 'course' ? entry.rating?.average : undefined;
}

function isImproved(entry: CatalogueEntry): boolean {
  return entry.kind === 'course' && (entry.answers?.improvements ?? 0) > 0;
}

function isOpen(entry: CatalogueEntry): boolean {
  return entry.kind === 'course' && entry.openConsultation;
}

/** Whether `entry` passes one facet of `filters` (true when that facet is not set). */
function passes(entry: CatalogueEntry, filters: SearchFilters, facet: Facet): boolean {
  switch (facet) {
    case 'minRating': {
      if (filters.minRating === undefined) return true;
      const average = visibleAverage(entry);
      return average !== undefined && average >= filters.minRating;
    }
    case 'language':
      return filters.language === undefined || entry.language === filters.language;
    case 'openConsultation':
      return !filters.openConsultation || isOpen(entry);
    case 'improved':
      return !filters.improved || isImproved(entry);
  }
}

const FACETS: readonly Facet[] = ['minRating', 'language', 'openConsultation', 'improved'];

/** Counts facet values over the entries the words matched, and keeps those that pass every filter. */
export class FacetTally {
  private readonly languageCounts = { en: 0, fr: 0 };
  private open = 0;
  private improved = 0;
  private readonly atLeast = MIN_RATING_STEPS.map(() => 0);

  constructor(private readonly filters: SearchFilters) {}

  /** Counts `entry` and says whether it passes all filters. */
  add(entry: CatalogueEntry): boolean {
    const passing = FACETS.map((facet) => passes(entry, this.filters, facet));
    const [rating, language, open, improved] = passing;
    const allBut = (skip: number) => passing.every((ok, i) => ok || i === skip);
    if (allBut(1) && entry.language) this.languageCounts[entry.language] += 1;
    if (allBut(2) && isOpen(entry)) this.open += 1;
    if (allBut(3) && isImproved(entry)) this.improved += 1;
    const average = visibleAverage(entry);
    if (allBut(0) && average !== undefined) MIN_RATING_STEPS.forEach((step, i) => (this.atLeast[i] += average >= step ? 1 : 0));
    return rating && language && open && improved;
  }

  counts(): FacetCounts {
    return {
      language: { ...this.languageCounts },
      openConsultation: this.open,
      improved: this.improved,
      minRating: Object.fromEntries(MIN_RATING_STEPS.map((step, i) => [String(step), this.atLeast[i]])),
    };
  }
}
