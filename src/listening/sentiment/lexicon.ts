/**
 * A lexicon: words and phrases with a valence from -3 (worst) to +3 (best), read from lines of the
 * form "2: clear useful helpful" (words) and "-3: waste of time | perte de temps" (phrases, split on
 * "|"). Keys go through lexiconKey(), as the words of a sentence do, so one entry serves a word's
 * plural and feminine forms. A phrase that contains a negation ("not bad", "pas mal", "rien à
 * redire") carries its own meaning: it is never negated again, and its negation word opens no scope.
 */
import { fold } from '../../catalogue/search/search-text';
import { lexiconKey } from './words';

export interface Lexicon {
  /** Word key → valence. */
  readonly words: ReadonlyMap<string, number>;
  /** Phrase (keys joined by spaces) → valence; at most MAX_PHRASE_WORDS words. */
  readonly phrases: ReadonlyMap<string, number>;
}

export const MAX_PHRASE_WORDS = 4;

function keysOf(text: string): string[] {
  return (text.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).map((word) => lexiconKey(fold(word)));
}

/** Builds a lexicon from lines "valence: entries"; phrases are separated by "|", words by spaces. */
export function readLexicon(wordLines: string, phraseLines: string): Lexicon {
  const words = new Map<string, number>();
  for (const [valence, entries] of valenceLines(wordLines)) {
    for (const word of entries.split(/\s+/)) if (word) words.set(keysOf(word)[0] ?? word, valence);
  }
  const phrases = new Map<string, number>();
  for (const [valence, entries] of valenceLines(phraseLines)) {
    for (const phrase of entries.split('|')) {
      const keys = keysOf(phrase);
      if (keys.length > 1 && keys.length <= MAX_PHRASE_WORDS) phrases.set(keys.join(' '), valence);
    }
  }
  return { words, phrases };
}

function* valenceLines(text: string): Generator<[number, string]> {
  for (const line of text.split('\n')) {
    const match = /^\s*(-?\d+(?:\.\d+)?):(.*)$/.exec(line);
    if (match) yield [Number(match[1]), match[2]!];
  }
}
