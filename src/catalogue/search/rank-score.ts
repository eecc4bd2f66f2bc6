/**
 * The order a customer can trust: how well an entry matches the words, then how good it is known
 * to be, then how fresh it is.
 *
 *   confidence-adjusted rating  b = (C·m + n·r) / (C + n)        Bayesian average, C = 5 ratings,
 *                                                                  m = the catalogue's mean rating,
 *                                                                  r, n = the entry's average and count
 *                                                                  (no visible rating: b = m)
 *   quality                     q = (b − 1) / 4                   1–5 stars to 0–1
 *   recency                     f = 0.5 ^ (age in days / 365)     halves each year, 1 when just updated
 *   rankScore                   s = 0.75·t + 0.20·q + 0.05·f      t = text relevance, 0–1 (1 = the best
 *                                                                  match of this query)
 *
 * Why a Bayesian average rather than the raw mean: a course rated 5.0 by two people must not beat
 * one rated 4.7 by sixty; with C = 5 the first counts as 4.3 (m = 4), the second as 4.6. Why text
 * first: a two-star gap moves s by 0.10, so a strong rating lifts a decent match above an equally
 * decent one but never lifts a stray mention above the course the words describe.
 * Without words (t = 0 for all) the page orders by b, then by updatedAt: see compareByQuality.
 */
import type { CatalogueEntry } from '../catalogue-entry';

/** How many ratings at the catalogue mean an entry is assumed to have before its own. */
export const PRIOR_RATINGS = 5;
export const WEIGHTS = { text: 0.75, quality: 0.2, recency: 0.05 } as const;
const RECENCY_HALF_LIFE_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RatingFigures {
  readonly average: number;
  readonly count: number;
}

/** The entry's average pulled towards the catalogue mean, the more so the fewer its ratings. */
export function confidenceAdjustedRating(rating: RatingFigures | undefined, catalogueMean: number): number {
  if (!rating || rating.count <= 0) return catalogueMean;
  return (PRIOR_RATINGS * catalogueMean + rating.count * rating.average) / (PRIOR_RATINGS + rating.count);
}

/** 1 for an entry updated now, 0.5 a year ago, 0.25 two years ago (future dates count as now). */
export function recency(updatedAt: Date, now: Date): number {
  const ageDays = Math.max(0, (now.getTime() - updatedAt.getTime()) / DAY_MS);
  return Math.pow(0.5, ageDays / RECENCY_HALF_LIFE_DAYS);
}

export interface RankInput {
  /** Text relevance relative to the best match of the words (before filters), 0–1. */
  readonly relevance: number;
  readonly rating?: RatingFigures;
  readonly updatedAt: Date;
}

export function rankScore(input: RankInput, context: { readonly catalogueMean: number; readonly now: Date }): number {
  return rankScoreOf(input.relevance, input.rating?.average ?? NaN, input.rating?.count ?? 0, input.updatedAt.getTime(), context.catalogueMean, context.now.getTime());
}

/** rankScore on plain numbers (the search computes it for every match; no rating = NaN average). */
export function rankScoreOf(relevance: number, average: number, count: number, updatedMs: number, catalogueMean: number, nowMs: number): number {
  const adjusted = count > 0 && average === average ? (PRIOR_RATINGS * catalogueMean + count * average) / (PRIOR_RATINGS + count) : catalogueMean;
  const fresh = Math.exp((-Math.LN2 * Math.max(0, nowMs - updatedMs)) / (DAY_MS * RECENCY_HALF_LIFE_DAYS)); // 0.5 ^ (days / half-life)
  return WEIGHTS.text * relevance + (WEIGHTS.quality * (adjusted - 1)) / 4 + WEIGHTS.recency * fresh;
}

/** The visible rating of an entry (external entries have none). */
export function ratingOf(entry: CatalogueEntry): RatingFigures | undefined {
  return entry.kind === 'course' ? entry.rating : undefined;
}

/** Mean of all published ratings (weighted by count); 3 — the middle of the scale — for a catalogue without any. */
export function catalogueMeanOf(totals: { readonly ratingSum: number; readonly ratingCount: number }): number {
  return totals.ratingCount > 0 ? totals.ratingSum / totals.ratingCount : 3;
}

/** Order without words: confidence-adjusted rating, then the most recently updated, then id (stable). */
export function compareByQuality(catalogueMean: number): (a: CatalogueEntry, b: CatalogueEntry) => number {
  return (a, b) =>
    confidenceAdjustedRating(ratingOf(b), catalogueMean) - confidenceAdjustedRating(ratingOf(a), catalogueMean) ||
    b.updatedAt.getTime() - a.updatedAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
