/**
 * The catalogue's search: one box, instant, typo-tolerant, English and French, with filters,
 * counts, highlights and "Did you mean". Pure: the caller owns when to build and update it (on the
 * store's per-course generation), this module holds no I/O.
 *
 * Built on MiniSearch (npm "minisearch": zero dependencies, maintained, a radix tree with
 * Levenshtein-bounded fuzzy lookup and prefix walks, BM25 scoring per field with boosts); our own
 * code decides how text is read (search-text.ts), which words an entry must match (coverage,
 * below), the rank (rank-score.ts), filters and counts (facets.ts), highlights and suggestions.
 * The index holds only ids and term statistics; the entries stay in our Map.
 * Figures (see bench/catalogue-search.ts and the relevance test) are in the report of the commit
 * that added this file and repeated in bench/catalogue-search.ts.
 *
 * Coverage: each typed word is looked up on its own (OR), then only the entries that match the
 * most words are kept — all of them when some entry matches all, as a search engine does, yet a
 * word with a typo beyond repair does not empty the page; the words missed make a suggestion.
 */
import MiniSearch from 'minisearch';
import type { CatalogueEntry } from '../catalogue-entry';
import { FacetTally } from './facets';
import { highlight, matchCount, matcherFor } from './highlight';
import { catalogueMeanOf, compareByQuality, rankScore, ratingOf } from './rank-score';
import { fold, isStopWord, textWords, wordTerms } from './search-text';
import type { SearchHit, SearchRequest, SearchResult } from './search-types';
import { readTypedQuery, termsOf, toMiniSearchQuery, type QueryWord } from './typed-query';
import { Vocabulary } from './vocabulary';

/** Relative weight of a match in each field: the title says what the course is, reviews only hint. */
export const FIELD_BOOSTS = { title: 4, label: 2.5, description: 1.5, reviews: 0.6 } as const;
type Field = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];
/** A page never holds more than this. */
export const MAX_LIMIT = 100;

function fieldText(entry: CatalogueEntry, field: Field): string {
  switch (field) {
    case 'title':
      return entry.title;
    case 'description':
      return entry.description;
    case 'label':
      return entry.kind === 'course' ? (entry.label ?? '') : '';
    case 'reviews':
      return entry.kind === 'course' ? [...entry.excerpts.map((e) => e.text), ...entry.searchTexts].join('\n') : '';
  }
}

/** Distinct folded words of an entry with one written form each (for the vocabulary). */
function entryWords(entry: CatalogueEntry): Map<string, string> {
  const words = new Map<string, string>();
  for (const field of FIELDS) {
    const text = fieldText(entry, field);
    for (const word of textWords(text)) {
      if (!isStopWord(word.folded) && !words.has(word.folded)) words.set(word.folded, text.slice(word.start, word.end).toLowerCase());
    }
  }
  return words;
}

function newMiniSearch(): MiniSearch<CatalogueEntry> {
  return new MiniSearch<CatalogueEntry>({
    fields: FIELDS,
    storeFields: [],
    extractField: (entry, field) => (field === 'id' ? entry.id : fieldText(entry, field as Field)),
    tokenize: (text) => textWords(text).map((word) => word.folded).filter((word) => !isStopWord(word)),
    processTerm: (term) => wordTerms(term),
    // Queries arrive as processed terms (typed-query.ts).
    searchOptions: { tokenize: (term) => [term], processTerm: (term) => term, boost: { ...FIELD_BOOSTS } },
  });
}

interface Candidate {
  readonly entry: CatalogueEntry;
  readonly relevance: number;
  readonly matchedTerms: ReadonlySet<string>;
}

export class CatalogueIndex {
  private readonly entries = new Map<string, CatalogueEntry>();
  private readonly index = newMiniSearch();
  private readonly vocabulary = new Vocabulary();
  private readonly ratingTotals = { ratingSum: 0, ratingCount: 0 };
  /** All entries in the no-words order; rebuilt lazily after a change. */
  private byQuality: CatalogueEntry[] | undefined;

  static build(entries: Iterable<CatalogueEntry>): CatalogueIndex {
    const catalogue = new CatalogueIndex();
    for (const entry of entries) catalogue.upsert(entry);
    return catalogue;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry with this id, if indexed. */
  get(id: string): CatalogueEntry | undefined {
    return this.entries.get(id);
  }

  /** Adds the entry, or replaces the one with its id. */
  upsert(entry: CatalogueEntry): void {
    this.remove(entry.id);
    this.entries.set(entry.id, entry);
    this.index.add(entry);
    this.vocabulary.add(entryWords(entry));
    this.countRating(entry, +1);
    this.byQuality = undefined;
  }

  /** Removes the entry with this id, if any. Exact at once: MiniSearch's remove() takes the indexed version out term by term. */
  remove(id: string): void {
    const previous = this.entries.get(id);
    if (!previous) return;
    this.index.remove(previous);
    this.vocabulary.remove(entryWords(previous));
    this.countRating(previous, -1);
    this.entries.delete(id);
    this.byQuality = undefined;
  }

  search(request: SearchRequest): SearchResult {
    const words = readTypedQuery(request.text);
    const tally = new FacetTally(request);
    const catalogueMean = catalogueMeanOf(this.ratingTotals);
    const limit = Math.max(0, Math.min(MAX_LIMIT, Math.floor(request.limit)));
    const offset = Math.max(0, Math.floor(request.offset));
    if (words.length === 0) {
      const passing = this.entriesByQuality().filter((entry) => tally.add(entry));
      const hits = passing.slice(offset, offset + limit).map((entry) => ({
        entry,
        score: rankScore({ relevance: 0, rating: ratingOf(entry), updatedAt: entry.updatedAt }, { catalogueMean, now: request.now }),
        title: [{ text: entry.title, match: false }],
        description: [{ text: entry.description, match: false }],
      }));
      return { hits, total: passing.length, suggestion: null, facets: tally.counts() };
    }
    const { candidates, wordsMatched } = this.matchWords(words);
    const passing = candidates.filter((candidate) => tally.add(candidate.entry));
    const best = passing.reduce((max, c) => Math.max(max, c.relevance), 0) || 1;
    const context = { catalogueMean, now: request.now };
    const ranked = passing
      .map((c) => ({ c, score: rankScore({ relevance: c.relevance / best, rating: ratingOf(c.entry), updatedAt: c.entry.updatedAt }, context) }))
      .sort((a, b) => b.score - a.score || (a.c.entry.id < b.c.entry.id ? -1 : 1));
    const hits = ranked.slice(offset, offset + limit).map(({ c, score }) => this.toHit(c, score));
    const suggestion = passing.length === 0 || wordsMatched < words.length || this.hasUnknownWord(words) ? this.suggest(request.text, words) : null;
    return { hits, total: passing.length, suggestion, facets: tally.counts() };
  }

  /** Entries matching the most typed words, with their text relevance and the index terms they matched. */
  private matchWords(words: readonly QueryWord[]): { candidates: Candidate[]; wordsMatched: number } {
    const wordOfTerm = new Map<string, number[]>();
    words.forEach((word, i) => termsOf(word).forEach((term) => wordOfTerm.set(term, [...(wordOfTerm.get(term) ?? []), i])));
    const results = this.index.search(toMiniSearchQuery(words));
    const coverage = results.map((result) => new Set(result.queryTerms.flatMap((term) => wordOfTerm.get(term) ?? [])).size);
    const wordsMatched = coverage.reduce((max, n) => Math.max(max, n), 0);
    const candidates: Candidate[] = [];
    results.forEach((result, i) => {
      const entry = this.entries.get(result.id as string);
      if (entry && coverage[i] === wordsMatched) candidates.push({ entry, relevance: result.score, matchedTerms: new Set(result.terms) });
    });
    return { candidates, wordsMatched };
  }

  private toHit(candidate: Candidate, score: number): SearchHit {
    const { entry } = candidate;
    const isMatch = matcherFor(candidate.matchedTerms);
    const hit: SearchHit = { entry, score, title: highlight(entry.title, isMatch), description: highlight(entry.description, isMatch) };
    if (entry.kind !== 'course') return hit;
    const scored = entry.excerpts.map((excerpt) => ({ excerpt, matches: matchCount(excerpt.text, isMatch) }));
    const bestExcerpt = scored.reduce<(typeof scored)[number] | undefined>((best, e) => (e.matches > (best?.matches ?? 0) ? e : best), undefined);
    return bestExcerpt ? { ...hit, excerpt: { reviewId: bestExcerpt.excerpt.reviewId, segments: highlight(bestExcerpt.excerpt.text, isMatch) } } : hit;
  }

  /** A word the catalogue has in no form (found, if at all, only through a typo allowance). */
  private hasUnknownWord(words: readonly QueryWord[]): boolean {
    return words.some((word) => !this.vocabulary.knows(word.folded, word.open));
  }

  /** The typed text with each unknown word replaced by the closest catalogue word; null when nothing changes. */
  private suggest(text: string, words: readonly QueryWord[]): string | null {
    let suggestion = '';
    let copiedUpTo = 0;
    for (const word of words) {
      if (this.vocabulary.knows(word.folded, word.open)) continue;
      const correction = this.vocabulary.closest(word.folded);
      if (!correction || fold(correction) === word.folded) continue;
      suggestion += text.slice(copiedUpTo, word.start) + correction;
      copiedUpTo = word.end;
    }
    return copiedUpTo === 0 ? null : (suggestion + text.slice(copiedUpTo)).trim();
  }

  private entriesByQuality(): CatalogueEntry[] {
    this.byQuality ??= [...this.entries.values()].sort(compareByQuality(catalogueMeanOf(this.ratingTotals)));
    return this.byQuality;
  }

  private countRating(entry: CatalogueEntry, sign: 1 | -1): void {
    const rating = ratingOf(entry);
    if (!rating || rating.count <= 0) return;
    this.ratingTotals.ratingSum += sign * rating.average * rating.count;
    this.ratingTotals.ratingCount += sign * rating.count;
  }
}
