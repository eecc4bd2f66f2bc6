/**
 * express-rate-limit's Store (its documented interface: increment, decrement, resetKey) over the
 * store's rate-limit windows (storage/ports/rate-limits.ts), so that every process of a deployment
 * counts into the same window. One instance per limiter (express-rate-limit refuses a shared
 * instance), each under its own prefix, so limiters keyed on the same address never mix their counts.
 * Each call is one statement on the store. A failing call throws: the limiter is built with
 * passOnStoreError, so the request goes on uncounted and the limiter's logger says so once
 * (rate-limits.ts). A limit that cannot be counted is not worth an error page.
 */
import type { IncrementResponse, Store } from 'express-rate-limit';
import type { RateLimitStore } from '../storage/ports/rate-limits';

export class SharedLimitStore implements Store {
  /** Keys are counted in a store other processes share (express-rate-limit's double-count check reads this). */
  readonly localKeys = false;

  constructor(
    private readonly windows: RateLimitStore,
    readonly prefix: string,
    private readonly windowMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async increment(key: string): Promise<IncrementResponse> {
    const window = await this.windows.hit(this.prefix + key, this.windowMs, this.now());
    return { totalHits: window.hits, resetTime: window.resetAt };
  }

  async decrement(key: string): Promise<void> {
    await this.windows.decrement(this.prefix + key, this.now());
  }

  async resetKey(key: string): Promise<void> {
    await this.windows.reset(this.prefix + key);
  }
}
