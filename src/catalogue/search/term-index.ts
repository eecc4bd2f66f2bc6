/**
 * The inverted index: for each term, the documents holding it with the term's weight there, in two
 * plain number arrays (16 bytes a posting), in a Map; the distinct terms are also kept in MiniSearch's
 * radix tree (SearchableMap) for the prefix walks and the Levenshtein-bounded fuzzy lookups (a
 * tree walk per posting made the build four times slower, so the tree only sees new terms). Documents are small integers handed out
 * by the caller; a removed document is marked dead at once (so results are exact) and its postings
 * are dropped from a term's arrays once they outnumber the live ones.
 */
import SearchableMap from 'minisearch/SearchableMap';

interface Postings {
  docs: number[];
  weights: number[];
  /** Live documents among `docs` (document frequency). */
  live: number;
}

/** An index term a query word expands to, and how much a match on it counts (1 = the word itself). */
export interface Expansion {
  readonly term: string;
  readonly factor: number;
}

/** A query word expands to at most this many terms (the most frequent first): "re" must stay instant. */
export const MAX_EXPANSIONS = 64;
const PREFIX_WEIGHT = 0.5;
const FUZZY_WEIGHT = 0.45;

export class TermIndex {
  private readonly terms = new Map<string, Postings>();
  private readonly tree = new SearchableMap<Postings>();
  private readonly alive: boolean[] = [];
  private liveDocs = 0;

  get documentCount(): number {
    return this.liveDocs;
  }

  /** Adds document `doc` (never used before) with its term weights. */
  add(doc: number, termWeights: ReadonlyMap<string, number>): void {
    this.alive[doc] = true;
    this.liveDocs += 1;
    for (const [term, weight] of termWeights) {
      let postings = this.terms.get(term);
      if (!postings) {
        postings = { docs: [], weights: [], live: 0 };
        this.terms.set(term, postings);
        this.tree.set(term, postings);
      }
      postings.docs.push(doc);
      postings.weights.push(weight);
      postings.live += 1;
    }
  }

  /** Removes document `doc`, given the same terms it was added with. */
  remove(doc: number, terms: Iterable<string>): void {
    if (!this.alive[doc]) return;
    this.alive[doc] = false;
    this.liveDocs -= 1;
    for (const term of terms) {
      const postings = this.terms.get(term);
      if (!postings) continue;
      postings.live -= 1;
      if (postings.live === 0) this.terms.delete(term), this.tree.delete(term);
      else if (postings.docs.length > 2 * postings.live) this.compact(postings);
    }
  }

  isAlive(doc: number): boolean {
    return this.alive[doc] === true;
  }

  /** The terms a query word matches: its own term, completions when it is being typed, near spellings within `fuzzy` edits. */
  expand(exact: readonly string[], prefixes: readonly string[], fuzzy: number): Expansion[] {
    const found = new Map<string, number>();
    const offer = (term: string, factor: number) => found.set(term, Math.max(found.get(term) ?? 0, factor));
    for (const term of exact) if (this.terms.has(term)) offer(term, 1);
    for (const prefix of prefixes) {
      for (const [term] of this.mostFrequent(this.tree.atPrefix(prefix).entries())) {
        offer(term, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * (term.length - prefix.length)));
      }
    }
    if (fuzzy > 0) {
      for (const term of exact) {
        const near = [...this.tree.fuzzyGet(term, fuzzy)].map(([key, [postings, distance]]) => [key, postings, distance] as const);
        for (const [key, , distance] of this.mostFrequent(near)) {
          if (distance > 0) offer(key, (FUZZY_WEIGHT * key.length) / (key.length + distance));
        }
      }
    }
    return [...found].map(([term, factor]) => ({ term, factor }));
  }

  /** Inverse document frequency (BM25's), from live counts. */
  idf(term: string): number {
    const df = this.terms.get(term)?.live ?? 0;
    return Math.log(1 + (this.liveDocs - df + 0.5) / (df + 0.5));
  }

  /** Calls `visit(doc, weight)` for each live document holding `term`. */
  forEachPosting(term: string, visit: (doc: number, weight: number) => void): void {
    const postings = this.terms.get(term);
    if (!postings) return;
    const { docs, weights } = postings;
    for (let i = 0; i < docs.length; i++) if (this.alive[docs[i]]) visit(docs[i], weights[i]);
  }

  private mostFrequent<R extends readonly [string, Postings, ...unknown[]]>(rows: Iterable<R>): R[] {
    const all = [...rows];
    return all.length <= MAX_EXPANSIONS ? all : all.sort((a, b) => b[1].live - a[1].live).slice(0, MAX_EXPANSIONS);
  }

  private compact(postings: Postings): void {
    const docs: number[] = [];
    const weights: number[] = [];
    postings.docs.forEach((doc, i) => {
      if (this.alive[doc]) docs.push(doc), weights.push(postings.weights[i]);
    });
    postings.docs = docs;
    postings.weights = weights;
  }
}
