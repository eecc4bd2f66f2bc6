/**
 * When an existing idea is "similar" to the title being typed, decided once for every adapter: each
 * store only fetches candidates sharing at least one term (SQLite FTS5, MongoDB $text),
 * then this module scores and keeps them, so both agree.
 *
 * Measured on test/fixtures/similar-ideas/pairs.json (see the precision test): one shared term
 * between two titles is a coincidence ("Drop the final exam" / "Practice quizzes before the exam"),
 * two are a likely duplicate. While the first word is being typed, that word alone is enough.
 */
import type { Locale } from '../../context/launch-context';
import type { Idea } from '../ports/consultations';
import { matchTerms } from './match-terms';

/** How many candidates an adapter fetches before scoring (the limit applies after scoring). */
export const SIMILAR_CANDIDATES = 50;
/** Terms two ideas must share, unless the typed text has a single term. */
const MIN_SHARED_TERMS = 2;
/** Part of the typed terms the idea must contain. */
const MIN_COVERAGE = 0.4;
/** The last typed term also matches as a prefix from this length (the word is still being typed). */
const MIN_PREFIX = 3;

export interface SimilarText {
  readonly text: string;
  readonly language: Locale;
}

/** The typed text's terms, or none when it has no words that count. */
export function typedTerms(query: SimilarText): string[] {
  return matchTerms(query.text, query.language);
}

/** 0 when not similar; otherwise higher is closer (a term in the title counts twice). */
export function similarityScore(typed: readonly string[], idea: Pick<Idea, 'title' | 'description' | 'situation' | 'language'>): number {
  if (typed.length === 0) return 0;
  const title = matchTerms(idea.title, idea.language);
  const body = matchTerms(`${idea.description} ${idea.situation}`, idea.language);
  const last = typed[typed.length - 1];
  const matches = (terms: string[], term: string) =>
    terms.some((t) => t === term || (term === last && term.length >= MIN_PREFIX && t.startsWith(term)));
  let shared = 0;
  let weight = 0;
  for (const term of typed) {
    if (matches(title, term)) (shared += 1), (weight += 2);
    else if (matches(body, term)) (shared += 1), (weight += 1);
  }
  const enough = typed.length === 1 ? shared === 1 : shared >= MIN_SHARED_TERMS && shared / typed.length >= MIN_COVERAGE;
  return enough ? weight : 0;
}

/** The candidates that are similar, closest first, then most voted; at most `limit`. */
export function pickSimilar<T extends Pick<Idea, 'title' | 'description' | 'situation' | 'language' | 'voteCount'>>(
  query: SimilarText,
  candidates: readonly T[],
  limit: number,
): T[] {
  const typed = typedTerms(query);
  return candidates
    .map((idea) => ({ idea, score: similarityScore(typed, idea) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || b.idea.voteCount - a.idea.voteCount)
    .slice(0, limit)
    .map((c) => c.idea);
}
