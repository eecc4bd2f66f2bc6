/**
 * Shown text cut into matched and unmatched pieces. A word is matched when it, or its stem, is one
 * of the index terms the search matched for this entry: the terms MiniSearch reports after prefix
 * and fuzzy expansion, so "manag" typed highlights "management", "leadrship" highlights
 * "Leadership" and "évaluations" highlights "Évaluation". The view escapes each piece and wraps the
 * matched ones in <mark>; nothing here is HTML.
 */
import type { Segment } from './search-types';
import { isStopWord, textWords, wordTerms } from './search-text';

export type WordMatcher = (folded: string) => boolean;

/** A matcher for the index terms matched in one entry. */
export function matcherFor(matchedTerms: ReadonlySet<string>): WordMatcher {
  return (folded) => !isStopWord(folded) && wordTerms(folded).some((term) => matchedTerms.has(term));
}

/** `text` as pieces; adjacent matched words stay separate pieces only when something lies between them. */
export function highlight(text: string, isMatch: WordMatcher): Segment[] {
  const segments: Segment[] = [];
  let shownUpTo = 0;
  const push = (piece: string, match: boolean) => {
    if (piece) segments.push({ text: piece, match });
  };
  for (const word of textWords(text)) {
    if (!isMatch(word.folded)) continue;
    push(text.slice(shownUpTo, word.start), false);
    push(text.slice(word.start, word.end), true);
    shownUpTo = word.end;
  }
  push(text.slice(shownUpTo), false);
  return segments;
}

/** How many words of `text` match (to pick the excerpt worth showing). */
export function matchCount(text: string, isMatch: WordMatcher): number {
  return textWords(text).filter((word) => isMatch(word.folded)).length;
}
