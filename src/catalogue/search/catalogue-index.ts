/**
 * The catalogue's search: one box, instant, typo-tolerant, English and French, with filters,
 * counts, highlights and "Did you mean". Pure: the caller decides when to build and update it (on
 * the store's per-course generation); nothing here does I/O.
 *
 * MiniSearch or our own? Both were built and measured (bench/catalogue-search.ts, 100,000 entries,
 * 400 mixed queries, on the shared 2-core machine under load; relevance on
 * test/fixtures/catalogue-relevance, intended entry in the top 3):
 *   - MiniSearch 7.2 whole (fields with boosts, prefix and fuzzy per term, our tokenizer, stemmer
 *     and ranking around it): relevance 98.8 %, search p50 113 ms, p99 1.2 s, build and heap in
 *     the report: it builds a result object, a match map and a sorted array per matching
 *     document, and keeps a Map per term and field.
 *   - Ours (this file, term-index.ts, match-words.ts): the same text rules, relevance 98.8 %, and the
 *     figures in bench/catalogue-search.ts's header: postings are two number arrays per term, scores
 *     accumulate in reused typed arrays, only the page's hits get objects.
 * So the index is ours, and of MiniSearch only the radix tree (SearchableMap: prefix walks and
 * Levenshtein-bounded fuzzy lookups) is kept — the hard, well-tested part.
 * The index holds document numbers and term statistics only; the entries stay in our arrays.
 */
import type { CatalogueEntry } from '../catalogue-entry';
import { analyseEntry } from './entry-analysis';
import { EntryFacts } from './entry-facts';
import { FacetTally } from './facets';
import { highlight, matchCount, matcherFor } from './highlight';
import { MatchScratch } from './match-words';
import { catalogueMeanOf, compareByQuality, rankScoreOf, ratingOf } from './rank-score';
import { fold } from './search-text';
import type { SearchHit, SearchRequest, SearchResult } from './search-types';
import { TermIndex } from './term-index';
import { readTypedQuery, type QueryWord } from './typed-query';
import { Vocabulary } from './vocabulary';

/** A page never holds more than this. */
export const MAX_LIMIT = 100;

interface Ranked {
  readonly doc: number;
  readonly score: number;
}

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

  static build(entries: Iterable<CatalogueEntry>): CatalogueIndex {
    const catalogue = new CatalogueIndex();
    for (const entry of entries) catalogue.upsert(entry);
    return catalogue;
  }

  get size(): number {
    return this.docOfId.size;
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
    this.byQuality = undefined;
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
    this.byQuality = undefined;
  }

  search(request: SearchRequest): SearchResult {
    const words = readTypedQuery(request.text);
    const tally = new FacetTally(request, this.facts);
    const mean = catalogueMeanOf(this.ratingTotals);
    const nowMs = request.now.getTime();
    const limit = Math.max(0, Math.min(MAX_LIMIT, Math.floor(request.limit) || 0));
    const offset = Math.max(0, Math.floor(request.offset) || 0);
    const { average, count, updatedMs } = this.facts;
    if (words.length === 0) {
      const passing = this.docsByQuality().filter((doc) => tally.add(doc));
      const hits = passing.slice(offset, offset + limit).map((doc) => {
        const entry = this.byDoc[doc] as CatalogueEntry;
        const score = rankScoreOf(0, average[doc], count[doc], updatedMs[doc], mean, nowMs);
        return { entry, score, title: [{ text: entry.title, match: false }], description: [{ text: entry.description, match: false }] };
      });
      return { hits, total: passing.length, suggestion: null, facets: tally.counts() };
    }
    this.scratch.reserve(this.byDoc.length);
    const matches = this.scratch.match(this.terms, this.vocabulary, words);
    const passing: number[] = [];
    let best = 0;
    for (let i = 0; i < matches.docs.length; i++) {
      if (!tally.add(matches.docs[i])) continue;
      passing.push(i);
      if (matches.relevance[i] > best) best = matches.relevance[i];
    }
    const docs = passing.map((i) => matches.docs[i]);
    const scores = passing.map((i) => {
      const doc = matches.docs[i];
      return rankScoreOf(matches.relevance[i] / (best || 1), average[doc], count[doc], updatedMs[doc], mean, nowMs);
    });
    const isMatch = matcherFor(matches.matchedStems);
    const hits = topRanked(docs, scores, offset + limit)
      .slice(offset)
      .map(({ doc, score }) => toHit(this.byDoc[doc] as CatalogueEntry, score, isMatch));
    const unknown = words.filter((_, i) => !matches.foundAsTyped[i]);
    const poor = passing.length === 0 || matches.wordsMatched < words.length || unknown.length > 0;
    return { hits, total: passing.length, suggestion: poor ? this.suggest(request.text, unknown) : null, facets: tally.counts() };
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

  private docsByQuality(): number[] {
    if (!this.byQuality) {
      const compare = compareByQuality(catalogueMeanOf(this.ratingTotals));
      const live = [...this.docOfId.values()];
      this.byQuality = live.sort((a, b) => compare(this.byDoc[a] as CatalogueEntry, this.byDoc[b] as CatalogueEntry));
    }
    return this.byQuality;
  }

  private countRating(entry: CatalogueEntry, sign: 1 | -1): void {
    const rating = ratingOf(entry);
    if (!rating || rating.count <= 0) return;
    this.ratingTotals.ratingSum += sign * rating.average * rating.count;
    this.ratingTotals.ratingCount += sign * rating.count;
  }
}

/**
 * The `count` best documents by score (ties: lower document number, i.e. indexed first), best first.
 * A typed prefix of two letters can match most of the catalogue; only the page's worth is sorted.
 */
function topRanked(docs: readonly number[], scores: readonly number[], count: number): Ranked[] {
  const before = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && docs[a] < docs[b]);
  const top: number[] = [];
  for (let i = 0; i < docs.length; i++) {
    if (top.length === count && !before(i, top[count - 1])) continue;
    let at = top.length;
    while (at > 0 && before(i, top[at - 1])) at--;
    top.splice(at, 0, i);
    if (top.length > count) top.pop();
  }
  return top.map((i) => ({ doc: docs[i], score: scores[i] }));
}

function toHit(entry: CatalogueEntry, score: number, isMatch: (folded: string) => boolean): SearchHit {
  const hit: SearchHit = { entry, score, title: highlight(entry.title, isMatch), description: highlight(entry.description, isMatch) };
  if (entry.kind !== 'course') return hit;
  let best: { reviewId: string; text: string; matches: number } | undefined;
  for (const excerpt of entry.excerpts) {
    const matches = matchCount(excerpt.text, isMatch);
    if (matches > (best?.matches ?? 0)) best = { reviewId: excerpt.reviewId, text: excerpt.text, matches };
  }
  return best ? { ...hit, excerpt: { reviewId: best.reviewId, segments: highlight(best.text, isMatch) } } : hit;
}
