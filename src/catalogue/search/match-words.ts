/**
 * Which documents match the typed words, and how well. Each word reaches stems: its own, those of
 * the catalogue words it begins while it is being typed, and those of the words within its typo
 * allowance; a match through a completion or a typo counts less (PREFIX_WEIGHT, FUZZY_WEIGHT, less
 * again the further the word). Each word scores a document by the best stem it reached there, so
 * one word is never counted twice; a document's relevance is the sum over the words it matched.
 * Only documents matching the most words are kept: all of them when some document has every word,
 * as a search engine does, yet one word beyond repair does not empty the page (the words missed
 * make a suggestion).
 *
 * Scores accumulate in typed arrays indexed by document number, reused from one search to the next
 * (a search allocates per matched document, not per posting).
 */
import type { TermIndex } from './term-index';
import type { QueryWord } from './typed-query';
import type { Vocabulary } from './vocabulary';

const PREFIX_WEIGHT = 0.5;
const FUZZY_WEIGHT = 0.45;

export interface WordMatches {
  /** Documents matching `wordsMatched` words, and their relevance (same order): views into the scratch, valid until its next match. */
  readonly docs: Int32Array;
  readonly relevance: Float64Array;
  readonly wordsMatched: number;
  /** The highest relevance among `docs` (0 when none). */
  readonly bestRelevance: number;
  /** Every stem some word reached and found (to highlight). */
  readonly matchedStems: Set<string>;
  /** Per word: found as typed (itself or a completion), not only through a typo. */
  readonly foundAsTyped: boolean[];
}

/**
 * The stems a word reaches, each with how much a match on it counts (1 = the word itself), and
 * whether it reached any as typed (itself or a completion) rather than only through a typo.
 */
export function reachedStems(word: QueryWord, vocabulary: Vocabulary, index: TermIndex): { stems: Map<string, number>; asTyped: boolean } {
  const stems = new Map<string, number>();
  const offer = (stem: string, factor: number) => {
    if (!index.has(stem)) return false;
    if (factor > (stems.get(stem) ?? 0)) stems.set(stem, factor);
    return true;
  };
  let asTyped = offer(word.stem, 1);
  if (word.open) {
    for (const prefix of new Set([word.folded, word.stem])) {
      for (const [completion, known] of vocabulary.completions(prefix)) {
        asTyped = offer(known.stem, (PREFIX_WEIGHT * completion.length) / (completion.length + 0.3 * (completion.length - prefix.length))) || asTyped;
      }
    }
  }
  if (word.fuzzy > 0) {
    for (const [near, known, edits] of vocabulary.near(word.folded, word.fuzzy)) offer(known.stem, (FUZZY_WEIGHT * near.length) / (near.length + edits));
  }
  return { stems, asTyped };
}

export class MatchScratch {
  private wordScore = new Float64Array(0);
  private total = new Float64Array(0);
  private seenInWord = new Int32Array(0);
  private covered = new Uint8Array(0);
  /** Documents met by the current word, by any word, and kept. */
  private wordDocs = new Int32Array(0);
  private touched = new Int32Array(0);
  private keptDocs = new Int32Array(0);
  private keptRelevance = new Float64Array(0);
  private stamp = 0;

  /** Makes room for document numbers below `capacity`. */
  reserve(capacity: number): void {
    if (capacity <= this.total.length) return;
    const size = Math.max(capacity, this.total.length * 2, 1024);
    this.wordScore = new Float64Array(size);
    this.total = new Float64Array(size);
    this.seenInWord = new Int32Array(size);
    this.covered = new Uint8Array(size);
    this.wordDocs = new Int32Array(size);
    this.touched = new Int32Array(size);
    this.keptDocs = new Int32Array(size);
    this.keptRelevance = new Float64Array(size);
    this.stamp = 0;
  }

  match(index: TermIndex, vocabulary: Vocabulary, words: readonly QueryWord[]): WordMatches {
    const matchedStems = new Set<string>();
    const foundAsTyped: boolean[] = [];
    const alive = index.aliveFlags;
    const { wordScore, seenInWord, covered, total, wordDocs, touched } = this;
    let touchedCount = 0;
    for (const word of words) {
      const stamp = ++this.stamp;
      let wordCount = 0;
      const reached = reachedStems(word, vocabulary, index);
      for (const [stem, factor] of reached.stems) {
        const postings = index.postings(stem);
        if (!postings) continue;
        const scale = factor * index.idf(stem);
        matchedStems.add(stem);
        const { docs, weights, length } = postings;
        for (let i = 0; i < length; i++) {
          const doc = docs[i];
          if (alive[doc] !== 1) continue;
          const score = scale * weights[i];
          if (seenInWord[doc] !== stamp) {
            seenInWord[doc] = stamp;
            wordScore[doc] = score;
            wordDocs[wordCount++] = doc;
          } else if (score > wordScore[doc]) wordScore[doc] = score;
        }
      }
      foundAsTyped.push(reached.asTyped);
      for (let i = 0; i < wordCount; i++) {
        const doc = wordDocs[i];
        if (covered[doc] === 0) touched[touchedCount++] = doc;
        covered[doc] += 1;
        total[doc] += wordScore[doc];
      }
    }
    let wordsMatched = 0;
    for (let i = 0; i < touchedCount; i++) if (covered[touched[i]] > wordsMatched) wordsMatched = covered[touched[i]];
    let kept = 0;
    let bestRelevance = 0;
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i];
      if (covered[doc] === wordsMatched) {
        this.keptDocs[kept] = doc;
        this.keptRelevance[kept] = total[doc];
        if (total[doc] > bestRelevance) bestRelevance = total[doc];
        kept += 1;
      }
      covered[doc] = 0;
      total[doc] = 0;
    }
    return { docs: this.keptDocs.subarray(0, kept), relevance: this.keptRelevance.subarray(0, kept), wordsMatched, bestRelevance, matchedStems, foundAsTyped };
  }
}
