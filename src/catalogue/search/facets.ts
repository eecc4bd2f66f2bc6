/**
 * The filters of the catalogue search and their counts. Counts are "disjunctive": each facet is
 * counted with every other filter applied but not its own, so a count says what ticking that box
 * would give, and a ticked language still shows how many the other language has.
 */
import { languageCode, type EntryFacts } from './entry-facts';
import { MIN_RATING_STEPS, type FacetCounts, type SearchFilters } from './search-types';

/** Copied once: an imported constant read in a loop over 50,000 entries is a getter call under tsx. */
const STEPS: readonly number[] = [...MIN_RATING_STEPS];
const EN = languageCode('en');
const FR = languageCode('fr');

/** Counts facet values over the entries the words matched, and keeps those that pass every filter. */
export class FacetTally {
  private readonly languageCounts = [0, 0, 0];
  private open = 0;
  private improved = 0;
  private readonly atLeast = STEPS.map(() => 0);
  // The filters copied into fields of fixed types: read through the request object, whose shape
  // varies from one search to the next, each read was a megamorphic lookup (×3 per matched entry).
  private readonly minRating: number;
  private readonly language: number;
  private readonly onlyOpen: boolean;
  private readonly onlyImproved: boolean;

  constructor(
    filters: SearchFilters,
    private readonly facts: EntryFacts,
  ) {
    this.minRating = filters.minRating ?? -Infinity;
    this.language = languageCode(filters.language);
    this.onlyOpen = filters.openConsultation === true;
    this.onlyImproved = filters.improved === true;
  }

  /** Counts document `doc` and says whether it passes all filters (called for every matched entry: no allocation). */
  add(doc: number): boolean {
    const average = this.facts.average(doc);
    const language = this.facts.language(doc);
    const open = this.facts.isOpen(doc);
    const better = this.facts.isImproved(doc);
    // Entries without a visible rating (NaN) are left out as soon as a minimum is set.
    const ratingOk = this.minRating === -Infinity || average >= this.minRating;
    const languageOk = this.language === 0 || language === this.language;
    const openOk = !this.onlyOpen || open;
    const improvedOk = !this.onlyImproved || better;
    if (ratingOk && openOk && improvedOk) this.languageCounts[language] += 1;
    if (ratingOk && languageOk && improvedOk && open) this.open += 1;
    if (ratingOk && languageOk && openOk && better) this.improved += 1;
    if (languageOk && openOk && improvedOk) {
      for (let i = 0; i < STEPS.length; i++) if (average >= STEPS[i]) this.atLeast[i] += 1;
    }
    return ratingOk && languageOk && openOk && improvedOk;
  }

  counts(): FacetCounts {
    return {
      language: { en: this.languageCounts[EN], fr: this.languageCounts[FR] },
      openConsultation: this.open,
      improved: this.improved,
      minRating: Object.fromEntries(MIN_RATING_STEPS.map((step, i) => [String(step), this.atLeast[i]])),
    };
  }
}
