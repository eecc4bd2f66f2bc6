/**
 * The filters of the catalogue search and their counts. Counts are "disjunctive": each facet is
 * counted with every other filter applied but not its own, so a count says what ticking that box
 * would give, and a ticked language still shows how many the other language has.
 */
import { type EntryFacts, IMPROVED, LANGUAGE_CODES, OPEN_CONSULTATION } from './entry-facts';
import { MIN_RATING_STEPS, type FacetCounts, type SearchFilters } from './search-types';

/** Counts facet values over the entries the words matched, and keeps those that pass every filter. */
export class FacetTally {
  private readonly languageCounts = [0, 0, 0];
  private open = 0;
  private improved = 0;
  private readonly atLeast = MIN_RATING_STEPS.map(() => 0);
  private readonly language: number;

  constructor(
    private readonly filters: SearchFilters,
    private readonly facts: EntryFacts,
  ) {
    this.language = filters.language ? LANGUAGE_CODES[filters.language] : 0;
  }

  /** Counts document `doc` and says whether it passes all filters (called for every matched entry: no allocation). */
  add(doc: number): boolean {
    const { minRating, openConsultation, improved } = this.filters;
    const average = this.facts.average[doc];
    const language = this.facts.language[doc];
    const open = (this.facts.flags[doc] & OPEN_CONSULTATION) !== 0;
    const better = (this.facts.flags[doc] & IMPROVED) !== 0;
    // Entries without a visible rating (NaN) are left out as soon as a minimum is set.
    const ratingOk = minRating === undefined || average >= minRating;
    const languageOk = this.language === 0 || language === this.language;
    const openOk = !openConsultation || open;
    const improvedOk = !improved || better;
    if (ratingOk && openOk && improvedOk) this.languageCounts[language] += 1;
    if (ratingOk && languageOk && improvedOk && open) this.open += 1;
    if (ratingOk && languageOk && openOk && better) this.improved += 1;
    if (languageOk && openOk && improvedOk) {
      for (let i = 0; i < MIN_RATING_STEPS.length; i++) if (average >= MIN_RATING_STEPS[i]) this.atLeast[i] += 1;
    }
    return ratingOk && languageOk && openOk && improvedOk;
  }

  counts(): FacetCounts {
    return {
      language: { en: this.languageCounts[LANGUAGE_CODES.en], fr: this.languageCounts[LANGUAGE_CODES.fr] },
      openConsultation: this.open,
      improved: this.improved,
      minRating: Object.fromEntries(MIN_RATING_STEPS.map((step, i) => [String(step), this.atLeast[i]])),
    };
  }
}
