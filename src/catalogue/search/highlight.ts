/**
 * Shown text cut into matched and unmatched pieces. A word is matched when its stem is one the
 * typed words reached, after completion and typo expansion: "manag" typed highlights "management",
 * "leadrship" highlights "Leadership" and "évaluations" highlights "Évaluation". The view escapes
 * each piece and wraps the matched ones in <mark>; nothing here is HTML.
 */
import type { CatalogueEntry } from '../catalogue-entry';
import type { SearchHit, Segment } from './search-types';
import { isStopWord, stem, textWords } from './search-text';

export type WordMatcher = (folded: string) => boolean;

/** A matcher for the stems the typed words reached. */
export function matcherFor(matchedStems: ReadonlySet<string>): WordMatcher {
  return (folded) => !isStopWord(folded) && matchedStems.has(stem(folded));
}

/** `text` as pieces that join back to it: each matched word a piece of its own, the text between in unmatched pieces. */
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

/** A result as the page shows it: title and description in pieces, and the course excerpt holding the most matched words, if any. */
export function toHit(entry: CatalogueEntry, score: number, isMatch: WordMatcher): SearchHit {
  const hit: SearchHit = { entry, score, title: highlight(entry.title, isMatch), description: highlight(entry.description, isMatch) };
  if (entry.kind !== 'course') return hit;
  let best: { reviewId: string; text: string; matches: number } | undefined;
  for (const excerpt of entry.excerpts) {
    const matches = matchCount(excerpt.text, isMatch);
    if (matches > (best?.matches ?? 0)) best = { reviewId: excerpt.reviewId, text: excerpt.text, matches };
  }
  return best ? { ...hit, excerpt: { reviewId: best.reviewId, segments: highlight(best.text, isMatch) } } : hit;
}
