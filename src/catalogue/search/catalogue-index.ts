/**
 * The catalogue's search: one box, instant, typo-tolerant, English and French, with filters,
 * counts, highlights and "Did you mean". Pure: the caller decides when to build and update it (on
 * the store's per-course generation); nothing here does I/O.
 *
 * MiniSearch or our own? Both were built and measured with the same text rules (search-text.ts)
 * and ranking (bench/catalogue-search.ts: 100,000 synthetic EN/FR entries, 400 mixed queries, on
 * the shared 2-core machine with a load of 4–12; relevance on test/fixtures/catalogue-relevance,
 * 169 queries, intended entry in the top 3):
 *
 *                          relevance  build   JS heap   outside heap   search p50   p99
 *   MiniSearch 7.2 whole     98.8 %    60 s   +331 MB        —          113 ms     1.2 s
 *   ours (this module)       98.8 %  11–13 s  +59 MB     +31 MB     1.0–1.3 ms  8.8–17.6 ms
 *                                                                  (CPU time p99 7.4–8.9 ms)
 *
 * MiniSearch builds a result object, a match map and a sorted array for every matching document
 * and keeps a Map per term and field; a two-letter prefix matches half the catalogue. Ours keeps
 * postings in typed arrays, accumulates scores in typed arrays reused between searches, reads
 * filters from one Float64Array, and gives objects only to a page's hits. Of MiniSearch we keep
 * its radix tree (SearchableMap: prefix walks and Levenshtein-bounded fuzzy lookups), the hard,
 * well-tested part. The slowest searches (p99) are two-letter prefixes and typos of very common
 * words, matching 40–56 % of the entries, every one of which is counted for the facets.
 * The index holds document numbers and term statistics only; the entries stay in our arrays.
 */
import type { CatalogueEntry } from '../catalogue-entry';
import { analyseEntry } from './entry-analysis';
import { EntryFacts } from './entry-facts';
import { FacetTally } from './facets';
import { matcherFor, toHit } from './highlight';
import { MatchScratch } from './match-words';
import { catalogueMeanOf, compareByQuality, rankScoreOf, ratingOf } from './rank-score';
import { fold } from './search-text';
import type { SearchFilters, SearchRequest, SearchResult } from './search-types';
import { TermIndex } from './term-index';
import { TopRanked } from './top-ranked';
import { readTypedQuery, type QueryWord } from './typed-query';
import { Vocabulary } from './vocabulary';

/** A page never holds more than this. */
export const MAX_LIMIT = 100;
/** Filter combinations whose landing page is kept (the page offers about 60). */
const MAX_BROWSE_PAGES = 64;

export class CatalogueIndex {
  /** Document number → entry (undefined once removed); id → document number. */
  private readonly byDoc: Array<CatalogueEntry | undefined> = [];
  private readonly docOfId = new Map<string, number>();
  private readonly terms = new TermIndex();
  private readonly vocabulary = new Vocabulary();
  private readonly scratch = new MatchScratch();
  private readonly facts = new EntryFacts();
  private readonly ratingTotals = { ratingSum: 0, ratingCount: 0 };
  /** Document numbers of all entries in the no-words order; rebuilt lazily after a change. */
  private byQuality: number[] | undefined;
  /** Set while a suggestion is being checked, so the check never checks its own suggestion. */
  private checkingSuggestion = false;
  /**
   * The landing page (no words) per filter combination: what passes and the counts, until the next
   * change. Counting 100,000 entries costs ~15 ms; the empty box is the most frequent request.
   */
  private readonly browsePages = new Map<string, { passing: number[]; facets: SearchResult['facets'] }>();

  static build(entries: Iterable<CatalogueEntry>): CatalogueIndex {
    const catalogue = new CatalogueIndex();
    for (const entry of entries) catalogue.upsert(entry);
    catalogue.terms.trim();
    return catalogue;
  }

  /**
   * The same as build(), giving the event loop back every `batch` entries: 100,000 entries take
   * about 10 s on a loaded 2-core machine, which a server must not spend in one go. Searches on the
   * old index go on meanwhile; swap when the promise resolves.
   */
  static async buildGradually(entries: Iterable<CatalogueEntry>, batch = 1000): Promise<CatalogueIndex> {
    const catalogue = new CatalogueIndex();
    let sinceYield = 0;
    for (const entry of entries) {
      catalogue.upsert(entry);
      if (++sinceYield >= batch) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    catalogue.terms.trim();
    return catalogue;
  }

  get size(): number {
    return this.docOfId.size;
  }

  /** The entry with this id, if indexed. */
  get(id: string): CatalogueEntry | undefined {
    const doc = this.docOfId.get(id);
    return doc === undefined ? undefined : this.byDoc[doc];
  }

  /** Every entry indexed now. */
  *entries(): IterableIterator<CatalogueEntry> {
    for (const doc of this.docOfId.values()) {
      const entry = this.byDoc[doc];
      if (entry) yield entry;
    }
  }

  /**
   * Document numbers handed out, live or dead: each upsert takes a fresh one, so a long-lived index
   * that is updated often grows; its owner rebuilds it when this is far above `size`.
   */
  get slots(): number {
    return this.byDoc.length;
  }

  /** Adds the entry, or replaces the one with its id. */
  upsert(entry: CatalogueEntry): void {
    this.remove(entry.id);
    const doc = this.byDoc.length;
    const analysis = analyseEntry(entry);
    this.byDoc.push(entry);
    this.docOfId.set(entry.id, doc);
    this.terms.add(doc, analysis.terms);
    this.facts.set(doc, entry);
    this.vocabulary.add(analysis.words);
    this.countRating(entry, +1);
    this.changed();
  }

  /** Removes the entry with this id, if any; searches are exact at once. */
  remove(id: string): void {
    const doc = this.docOfId.get(id);
    const previous = doc === undefined ? undefined : this.byDoc[doc];
    if (doc === undefined || !previous) return;
    const analysis = analyseEntry(previous);
    this.terms.remove(doc, analysis.terms.keys());
    this.vocabulary.remove(analysis.words);
    this.countRating(previous, -1);
    this.byDoc[doc] = undefined;
    this.docOfId.delete(id);
    this.changed();
  }

  search(request: SearchRequest): SearchResult {
    const words = readTypedQuery(request.text);
    const tally = new FacetTally(request, this.facts);
    const mean = catalogueMeanOf(this.ratingTotals);
    const nowMs = request.now.getTime();
    const limit = Math.max(0, Math.min(MAX_LIMIT, Math.floor(request.limit) || 0));
    const offset = Math.max(0, Math.floor(request.offset) || 0);
    const facts = this.facts;
    const scoreOf = (relevance: number, doc: number) => rankScoreOf(relevance, facts.average(doc), facts.ratingCount(doc), facts.updatedMs(doc), mean, nowMs);
    if (words.length === 0) {
      const { passing, facets } = this.browse(request);
      const hits = passing.slice(offset, offset + limit).map((doc) => {
        const entry = this.byDoc[doc] as CatalogueEntry;
        const score = scoreOf(0, doc);
        return { entry, score, title: [{ text: entry.title, match: false }], description: [{ text: entry.description, match: false }] };
      });
      // A copy: the cached counts must not change if the caller edits what it got.
      return { hits, total: passing.length, suggestion: null, facets: { ...facets, language: { ...facets.language }, minRating: { ...facets.minRating } } };
    }
    this.scratch.reserve(this.byDoc.length);
    const matches = this.scratch.match(this.terms, this.vocabulary, words);
    // One pass: counts, filters, and the rank of those that pass (text relevance relative to the best match of the words).
    const top = new TopRanked(offset + limit, (a, b) => (this.byDoc[a] as CatalogueEntry).id < (this.byDoc[b] as CatalogueEntry).id);
    const best = matches.bestRelevance || 1;
    let total = 0;
    for (let i = 0; i < matches.docs.length; i++) {
      const doc = matches.docs[i];
      if (!tally.add(doc)) continue;
      total += 1;
      top.offer(doc, scoreOf(matches.relevance[i] / best, doc));
    }
    const isMatch = matcherFor(matches.matchedStems);
    const hits = top
      .best()
      .slice(offset)
      .map(({ doc, score }) => toHit(this.byDoc[doc] as CatalogueEntry, score, isMatch));
    const unknown = words.filter((_, i) => !matches.foundAsTyped[i]);
    const poor = total === 0 || matches.wordsMatched < words.length || unknown.length > 0;
    const facets = tally.counts();
    // Offered only when it finds something under the same filters ("Did you mean" leading nowhere
    // is worse than none). The check is a second search, made only for poor results; it reuses the
    // scratch buffers, which this search no longer needs.
    const suggestion = poor ? this.suggest(request.text, unknown) : null;
    return { hits, total, suggestion: suggestion !== null && this.findsAnything({ ...request, text: suggestion }) ? suggestion : null, facets };
  }

  private findsAnything(request: SearchRequest): boolean {
    if (this.checkingSuggestion) return true;
    this.checkingSuggestion = true;
    try {
      return this.search({ ...request, limit: 0, offset: 0 }).total > 0;
    } finally {
      this.checkingSuggestion = false;
    }
  }

  /** The typed text with each unknown word replaced by the closest catalogue word; null when nothing changes. */
  private suggest(text: string, unknown: readonly QueryWord[]): string | null {
    let suggestion = '';
    let copiedUpTo = 0;
    for (const word of unknown) {
      const correction = this.vocabulary.closest(word.folded);
      if (!correction || fold(correction) === word.folded) continue;
      suggestion += text.slice(copiedUpTo, word.start) + correction;
      copiedUpTo = word.end;
    }
    return copiedUpTo === 0 ? null : (suggestion + text.slice(copiedUpTo)).trim();
  }

  private browse(filters: SearchFilters): { passing: number[]; facets: SearchResult['facets'] } {
    const key = JSON.stringify([filters.minRating, filters.language, filters.openConsultation === true, filters.improved === true]);
    let page = this.browsePages.get(key);
    if (!page) {
      const tally = new FacetTally(filters, this.facts);
      page = { passing: this.docsByQuality().filter((doc) => tally.add(doc)), facets: tally.counts() };
      if (this.browsePages.size >= MAX_BROWSE_PAGES) this.browsePages.clear();
      this.browsePages.set(key, page);
    }
    return page;
  }

  private docsByQuality(): number[] {
    if (!this.byQuality) {
      const compare = compareByQuality(catalogueMeanOf(this.ratingTotals));
      const live = [...this.docOfId.values()];
      this.byQuality = live.sort((a, b) => compare(this.byDoc[a] as CatalogueEntry, this.byDoc[b] as CatalogueEntry));
    }
    return this.byQuality;
  }

  private changed(): void {
    this.byQuality = undefined;
    this.browsePages.clear();
  }

  private countRating(entry: CatalogueEntry, sign: 1 | -1): void {
    const rating = ratingOf(entry);
    if (!rating || rating.count <= 0) return;
    this.ratingTotals.ratingSum += sign * rating.average * rating.count;
    this.ratingTotals.ratingCount += sign * rating.count;
  }
}
