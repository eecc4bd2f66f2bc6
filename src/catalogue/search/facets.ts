/**
 * The filters of the catalogue search and their counts. Counts are "disjunctive": each facet is
 * counted with every other filter applied but not its own, so a count says what ticking that box
 * would give, and a ticked language still shows how many the other language has.
 */
import type { CatalogueEntry } from '../catalogue-entry';
import { MIN_RATING_STEPS, type FacetCounts, type SearchFilters } from './search-types';

function visibleAverage(entry: CatalogueEntry): number | undefined {
  return entry.kind === 'course' ? entry.rating?.average : undefined;
}

function isImproved(entry: CatalogueEntry): boolean {
  return entry.kind === 'course' && (entry.answers?.improvements ?? 0) > 0;
}

function isOpen(entry: CatalogueEntry): boolean {
  return entry.kind === 'course' && entry.openConsultation;
}

/** Counts facet values over the entries the words matched, and keeps those that pass every filter. */
export class FacetTally {
  private readonly languageCounts = { en: 0, fr: 0 };
  private open = 0;
  private improved = 0;
  private readonly atLeast = MIN_RATING_STEPS.map(() => 0);

  constructor(private readonly filters: SearchFilters) {}

  /** Counts `entry` and says whether it passes all filters (called for every matched entry: no allocation). */
  add(entry: CatalogueEntry): boolean {
    const { minRating, language, openConsultation, improved } = this.filters;
    const average = visibleAverage(entry);
    const open = isOpen(entry);
    const better = isImproved(entry);
    // Entries without a visible rating are left out as soon as a minimum is set.
    const ratingOk = minRating === undefined || (average !== undefined && average >= minRating);
    const languageOk = language === undefined || entry.language === language;
    const openOk = !openConsultation || open;
    const improvedOk = !improved || better;
    if (ratingOk && openOk && improvedOk && entry.language) this.languageCounts[entry.language] += 1;
    if (ratingOk && languageOk && improvedOk && open) this.open += 1;
    if (ratingOk && languageOk && openOk && better) this.improved += 1;
    if (languageOk && openOk && improvedOk && average !== undefined) {
      for (let i = 0; i < MIN_RATING_STEPS.length; i++) if (average >= MIN_RATING_STEPS[i]) this.atLeast[i] += 1;
    }
    return ratingOk && languageOk && openOk && improvedOk;
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
