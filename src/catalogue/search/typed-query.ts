/**
 * What is typed in the box, read as search words: folded, stop words left out, the last word
 * matched as a prefix while it is still being typed (no space after it), and each word allowed a
 * number of typos by its length (none up to 4 letters, one from 5 to 8, two beyond — a short word
 * with one edit is another word: "exel"/"exam").
 */
import { isStopWord, stem, textWords } from './search-text';

/** Longer input is cut: a search box holds a few words, and every word costs a lookup. */
export const MAX_QUERY_CHARS = 200;
export const MAX_QUERY_WORDS = 8;
/**
 * A word being typed is expanded as a prefix from this many letters ("pyt" → python). Two letters
 * ("pr", "re") reach half of a 100,000-entry catalogue and cost 15–20 ms a search, three about 8 ms
 * at worst; the box waits for a pause in typing anyway, and the relevance set is unchanged (98.8 %).
 */
export const MIN_PREFIX_LENGTH = 3;

export interface QueryWord {
  /** As typed (for the suggestion), folded, and stemmed. */
  readonly typed: string;
  readonly folded: string;
  readonly stem: string;
  /** Still being typed: matched as a prefix. */
  readonly open: boolean;
  /** Edits allowed. */
  readonly fuzzy: number;
  /** Where it stands in the typed text. */
  readonly start: number;
  readonly end: number;
}

export function typoAllowance(length: number): number {
  return length <= 4 ? 0 : length <= 8 ? 1 : 2;
}

/** The search words of `text`; empty when nothing searchable was typed. */
export function readTypedQuery(rawText: string): QueryWord[] {
  const text = rawText.slice(0, MAX_QUERY_CHARS);
  const all = textWords(text);
  const last = all[all.length - 1];
  const lastOpen = last !== undefined && last.end === text.length;
  const words = all.filter((word) => !isStopWord(word.folded));
  // A lone stop word still being typed may be the start of another word ("on" → onboarding).
  if (words.length === 0 && lastOpen && last.folded.length >= MIN_PREFIX_LENGTH) words.push(last);
  return words.slice(0, MAX_QUERY_WORDS).map((word) => ({
    typed: text.slice(word.start, word.end),
    folded: word.folded,
    stem: stem(word.folded),
    open: lastOpen && word === last && word.folded.length >= MIN_PREFIX_LENGTH,
    fuzzy: typoAllowance(word.folded.length),
    start: word.start,
    end: word.end,
  }));
}
