/**
 * Fixed-window hit counters shared by every process on the store: the write limits, the address
 * limits in front of the launch and the per-user and per-platform launch limits count here, so a
 * limit holds once for the whole deployment, however many instances serve it.
 *
 * Each call is one atomic statement on the store (no read-then-write): of N concurrent hits on a
 * key, each gets a different count, 1..N. Keys are stored as a digest (storage/shared/rate-limit-key.ts),
 * never in clear, so an address or an LTI user id does not sit in the table, and any key fits.
 * A window is kept until it ends; storage.purgeExpired removes ended ones (and MongoDB's TTL index).
 */
export interface RateLimitWindow {
  /** Hits counted in the key's current window, this one included. */
  readonly hits: number;
  /** When the current window ends; the next hit at or after this time starts a new one. */
  readonly resetAt: Date;
}

export interface RateLimitStore {
  /**
   * Counts one hit for `key` at `now`. When the key has no window, or its window ended at or before
   * `now`, a new window of `windowMs` starts with this hit (hits 1); otherwise the hit joins it.
   */
  hit(key: string, windowMs: number, now: Date): Promise<RateLimitWindow>;
  /** The key's window still open at `now`, without counting anything; null when none is. */
  peek(key: string, now: Date): Promise<RateLimitWindow | null>;
  /** Takes back one hit of the key's window still open at `now` (never below 0); nothing otherwise. */
  decrement(key: string, now: Date): Promise<void>;
  /** Forgets the key's window. */
  reset(key: string): Promise<void>;
}
