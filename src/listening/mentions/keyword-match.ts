/**
 * Which of a course's terms a post mentions. Both sides are read as words folded the way the
 * catalogue search folds them (lower case, accents and ligatures dropped: "Évaluation" = "evaluation",
 * "cœur" = "coeur"), so a term matches on word boundaries only: "python" matches "Python!" and
 * "#python" but not "pythonic"; "éthique" matches "l'éthique". A term of several words matches them
 * in sequence, whatever separates them ("data-science", "data science"), or written as one word, as
 * hashtags are ("#DataScience").
 */
import { fold } from '../../catalogue/search/search-text';

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

export function foldedWords(text: string): string[] {
  return Array.from(text.normalize('NFC').matchAll(WORD), (match) => fold(match[0])).filter((word) => word !== '');
}

export interface CompiledTerm {
  /** As the course lists it: what a mention shows as "matched". */
  readonly term: string;
  readonly words: readonly string[];
}

export function compileTerms(terms: readonly string[]): CompiledTerm[] {
  return terms.map((term) => ({ term, words: foldedWords(term) })).filter((compiled) => compiled.words.length > 0);
}

/** The words of one text, indexed once and then asked about every course's terms. */
export class MatchableText {
  private readonly positions = new Map<string, number[]>();
  private readonly words: readonly string[];

  constructor(text: string) {
    this.words = foldedWords(text);
    this.words.forEach((word, i) => {
      const list = this.positions.get(word);
      if (list) list.push(i);
      else this.positions.set(word, [i]);
    });
  }

  mentions(term: CompiledTerm): boolean {
    const [first, ...rest] = term.words;
    if (rest.length > 0 && this.positions.has(term.words.join(''))) return true;
    return (this.positions.get(first) ?? []).some((start) => rest.every((word, i) => this.words[start + 1 + i] === word));
  }

  /** The terms mentioned, in the course's order. */
  matchedTerms(terms: readonly CompiledTerm[]): string[] {
    return terms.filter((term) => this.mentions(term)).map((term) => term.term);
  }
}
