/**
 * The inverted index: for each stem, the documents holding it and the stem's weight there, in
 * typed arrays (8 bytes a posting) once a stem has more than SMALL postings, in plain arrays before
 * (most stems — course codes, names, rare words — have one or two, and a typed array costs some
 * 200 bytes of bookkeeping: 30 MB at 100,000 entries). Weights are stored at float32 precision
 * either way, so a stem gives the same scores whichever form it is in. Documents are small integers handed out by the caller; a removed
 * document is marked dead at once (so results are exact) and its postings are dropped from a stem's
 * arrays once they outnumber the live ones. Which stems a typed word reaches (completions, near
 * spellings) is the vocabulary's business (vocabulary.ts).
 */
export interface Postings {
  docs: Int32Array | number[];
  weights: Float32Array | number[];
  /** Used length of the arrays (the rest is room to grow). */
  length: number;
  /** Live documents among `docs` (document frequency). */
  live: number;
}

/** Postings kept in plain arrays up to this many. */
const SMALL = 16;

export class TermIndex {
  private readonly terms = new Map<string, Postings>();
  private alive = new Uint8Array(1024);
  private liveDocs = 0;

  get documentCount(): number {
    return this.liveDocs;
  }

  /** Adds document `doc` (never used before) with its term weights. */
  add(doc: number, termWeights: ReadonlyMap<string, number>): void {
    if (doc >= this.alive.length) this.alive = grow(this.alive, doc + 1);
    this.alive[doc] = 1;
    this.liveDocs += 1;
    for (const [term, weight] of termWeights) {
      let postings = this.terms.get(term);
      if (!postings) this.terms.set(term, (postings = { docs: [], weights: [], length: 0, live: 0 }));
      if (Array.isArray(postings.docs) && Array.isArray(postings.weights)) {
        // A pushed-to array reserves 17 slots at once (0.4 kB a stem): trim() gives them back after a build.
        if (postings.length < SMALL) {
          postings.docs.push(doc);
          postings.weights.push(Math.fround(weight));
          postings.length += 1;
          postings.live += 1;
          continue;
        }
        postings.docs = Int32Array.from(postings.docs);
        postings.weights = Float32Array.from(postings.weights);
      }
      if (postings.length === postings.docs.length) {
        postings.docs = grow(postings.docs as Int32Array, postings.length + 1);
        postings.weights = grow(postings.weights as Float32Array, postings.length + 1);
      }
      postings.docs[postings.length] = doc;
      postings.weights[postings.length] = Math.fround(weight);
      postings.length += 1;
      postings.live += 1;
    }
  }

  /** Removes document `doc`, given the same terms it was added with. */
  remove(doc: number, terms: Iterable<string>): void {
    if (this.alive[doc] !== 1) return;
    this.alive[doc] = 0;
    this.liveDocs -= 1;
    for (const term of terms) {
      const postings = this.terms.get(term);
      if (!postings) continue;
      postings.live -= 1;
      if (postings.live === 0) this.terms.delete(term);
      else if (postings.length > 2 * postings.live) this.compact(postings);
    }
  }

  /** Gives back the room left to grow, once a build is done. */
  trim(): void {
    for (const postings of this.terms.values()) {
      if (postings.length === postings.docs.length && !Array.isArray(postings.docs)) continue;
      // slice() copies to the exact length, plain or typed.
      postings.docs = postings.docs.slice(0, postings.length);
      postings.weights = postings.weights.slice(0, postings.length);
    }
  }

  /** Live or dead: postings of removed documents may remain until compaction, callers skip them. */
  get aliveFlags(): Uint8Array {
    return this.alive;
  }

  has(term: string): boolean {
    return this.terms.has(term);
  }

  postings(term: string): Postings | undefined {
    return this.terms.get(term);
  }

  /** Inverse document frequency (BM25's), from live counts. */
  idf(term: string): number {
    const df = this.terms.get(term)?.live ?? 0;
    return Math.log(1 + (this.liveDocs - df + 0.5) / (df + 0.5));
  }

  private compact(postings: Postings): void {
    let kept = 0;
    for (let i = 0; i < postings.length; i++) {
      if (this.alive[postings.docs[i]] !== 1) continue;
      postings.docs[kept] = postings.docs[i];
      postings.weights[kept] = postings.weights[i];
      kept += 1;
    }
    postings.length = kept;
    if (Array.isArray(postings.docs) && Array.isArray(postings.weights)) postings.docs.length = postings.weights.length = kept;
  }
}

/** A copy with room for at least `needed` items (doubling). */
function grow<T extends Int32Array | Float32Array | Uint8Array>(array: T, needed: number): T {
  const bigger = new (array.constructor as new (size: number) => T)(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}
