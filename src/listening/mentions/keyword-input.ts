/**
 * The terms someone types for a course, checked before anything stores them: one per line (a comma
 * separates too), spaces collapsed, duplicates (after folding case and accents) kept once; at most
 * MENTION_LIMITS.keywordsPerCourse terms of 2–60 characters and at most five words each, each with
 * at least one letter or digit. An empty list is valid: it stops looking for the course's mentions.
 */
import { MENTION_LIMITS } from '../../storage/ports/mentions';
import { foldedWords } from './keyword-match';

export type KeywordProblem = 'too-many' | 'too-long' | 'too-short' | 'too-many-words';
export const MAX_WORDS_PER_TERM = 5;
/** What the form may send at most (ten terms of sixty characters and their separators, with room). */
export const KEYWORDS_FIELD_CHARS = 1_000;

export type KeywordInputResult = { readonly ok: true; readonly terms: string[] } | { readonly ok: false; readonly problem: KeywordProblem };

export function parseKeywords(raw: unknown): KeywordInputResult {
  if (typeof raw !== 'string') return { ok: true, terms: [] };
  if (raw.length > KEYWORDS_FIELD_CHARS) return { ok: false, problem: 'too-long' };
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const piece of raw.split(/[\n\r,]+/)) {
    const term = piece.replace(/\s+/g, ' ').trim();
    if (term === '') continue;
    const words = foldedWords(term);
    if (term.length > MENTION_LIMITS.keywordChars) return { ok: false, problem: 'too-long' };
    if (term.length < 2 || words.length === 0) return { ok: false, problem: 'too-short' };
    if (words.length > MAX_WORDS_PER_TERM) return { ok: false, problem: 'too-many-words' };
    const key = words.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
  }
  return terms.length > MENTION_LIMITS.keywordsPerCourse ? { ok: false, problem: 'too-many' } : { ok: true, terms };
}
