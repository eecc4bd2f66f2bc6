/**
 * Which documents match the typed words, and how well. Each word is scored on its own — the best of
 * its expansions in each document: itself, a completion, a near spelling — so that a word found
 * both as itself and as its stem is not counted twice; a document's relevance is the sum over the
 * words it matched. Only documents matching the most words are kept: all of them when some
 * document has every word, as a search engine does, yet one word beyond repair does not empty the
 * page (the missed words make a suggestion).
 *
 * Scores accumulate in typed arrays indexed by document number, reused from one search to the next
 * (a search allocates per matched document, not per posting).
 */
import type { TermIndex } from './term-index';
import type { QueryWord } from './typed-query';

export interface WordMatches {
  /** Documents matching `wordsMatched` words, and their relevance (same order). */
  readonly docs: number[];
  readonly relevance: number[];
  readonly wordsMatched: number;
  /** Every index term some word expanded to and found (to highlight). */
  readonly matchedTerms: Set<string>;
}

export class MatchScratch {
  private wordScore = new Float64Array(0);
  private total = new Float64Array(0);
  private seenInWord = new Int32Array(0);
  private covered = new Uint8Array(0);
  private word = 0;

  /** Makes room for document numbers below `capacity`. */
  reserve(capacity: number): void {
    if (capacity <= this.total.length) return;
    const size = Math.max(capacity, this.total.length * 2, 1024);
    this.wordScore = new Float64Array(size);
    this.total = new Float64Array(size);
    this.seenInWord = new Int32Array(size);
    this.covered = new Uint8Array(size);
    this.word = 0;
  }

  match(index: TermIndex, words: readonly QueryWord[]): WordMatches {
    const touched: number[] = [];
    const matchedTerms = new Set<string>();
    for (const word of words) {
      const stamp = ++this.word;
      const inWord: number[] = [];
      const exact = [word.stem];
      const prefixes = word.open ? [...new Set([word.folded, word.stem])] : [];
      for (const { term, factor } of index.expand(exact, prefixes, word.fuzzy)) {
        const scale = factor * index.idf(term);
        matchedTerms.add(term);
        index.forEachPosting(term, (doc, weight) => {
          const score = scale * weight;
          if (this.seenInWord[doc] !== stamp) {
            this.seenInWord[doc] = stamp;
            this.wordScore[doc] = score;
            inWord.push(doc);
          } else if (score > this.wordScore[doc]) this.wordScore[doc] = score;
        });
      }
      for (const doc of inWord) {
        if (this.covered[doc] === 0) touched.push(doc);
        this.covered[doc] += 1;
        this.total[doc] += this.wordScore[doc];
      }
    }
    let wordsMatched = 0;
    for (const doc of touched) wordsMatched = Math.max(wordsMatched, this.covered[doc]);
    const docs: number[] = [];
    const relevance: number[] = [];
    for (const doc of touched) {
      if (this.covered[doc] === wordsMatched) docs.push(doc), relevance.push(this.total[doc]);
      this.covered[doc] = 0;
      this.total[doc] = 0;
    }
    return { docs, relevance, wordsMatched, matchedTerms };
  }
}
