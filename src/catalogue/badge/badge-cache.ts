/**
 * Lookups kept in memory for a short while, so that a busy LMS front page (every listing view fetches
 * every badge on it) does not reach the store per image. Concurrent requests for one token share a
 * single lookup. Bounded: the oldest entry goes first once `maxEntries` are held (a Map keeps insertion
 * order; a hit moves its entry to the end, so it is least-recently-used order).
 * A change (a new rating, a badge switched off) shows within `ttlMs`; the image's own max-age adds to it.
 * A failed lookup is not kept: the next request tries the store again.
 */
import type { BadgeLookup, BadgeSource } from './badge-source';

export interface BadgeCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly now?: () => number;
}

export class CachedBadgeSource implements BadgeSource {
  private readonly entries = new Map<string, { lookup: Promise<BadgeLookup>; until: number }>();
  private readonly now: () => number;

  constructor(
    private readonly source: BadgeSource,
    private readonly options: BadgeCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  lookup(token: string): Promise<BadgeLookup> {
    const at = this.now();
    const hit = this.entries.get(token);
    this.entries.delete(token);
    if (hit && at < hit.until) {
      this.entries.set(token, hit);
      return hit.lookup;
    }
    const lookup = this.source.lookup(token);
    this.remember(token, { lookup, until: at + this.options.ttlMs });
    lookup.catch(() => {
      if (this.entries.get(token)?.lookup === lookup) this.entries.delete(token);
    });
    return lookup;
  }

  /** How many lookups are held (for tests and for whoever sizes maxEntries). */
  get size(): number {
    return this.entries.size;
  }

  private remember(token: string, entry: { lookup: Promise<BadgeLookup>; until: number }): void {
    while (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, entry);
  }
}
