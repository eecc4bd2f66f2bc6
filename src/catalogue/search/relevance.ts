/**
 * How often the entry a query is meant to find comes in the first k results: the figure the
 * relevance test holds at ≥ 90 % for k = 3 on test/fixtures/catalogue-relevance, and that the bench
 * prints.
 */
import type { CatalogueIndex } from './catalogue-index';

export interface RelevanceQuery {
  /** As a user types it. */
  readonly q: string;
  /** The id of the entry it should find. */
  readonly expect: string;
  /** What makes it hard (typo, accent, plural, partial, review…), for reading misses. */
  readonly kind?: string;
}

export interface RelevanceFigure {
  readonly k: number;
  readonly queries: number;
  readonly found: number;
  /** found / queries, 0–1. */
  readonly rate: number;
  readonly misses: ReadonlyArray<{ readonly query: RelevanceQuery; readonly top: string[] }>;
}

export function relevanceAtK(index: CatalogueIndex, queries: readonly RelevanceQuery[], k: number, now = new Date()): RelevanceFigure {
  const misses: Array<{ query: RelevanceQuery; top: string[] }> = [];
  for (const query of queries) {
    const top = index.search({ text: query.q, limit: k, offset: 0, now }).hits.map((hit) => hit.entry.id);
    if (!top.includes(query.expect)) misses.push({ query, top });
  }
  const found = queries.length - misses.length;
  return { k, queries: queries.length, found, rate: queries.length ? found / queries.length : 1, misses };
}
