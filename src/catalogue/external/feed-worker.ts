/**
 * The background worker of one tool process: every tick it reads the sources due across all
 * platforms, claims each (a lease in the store, so processes sharing the store never fetch one source
 * twice at once; a crashed process's lease simply runs out) and refreshes at most two at a time.
 * Nothing it does is on a request's path: search reads the stored entries and never waits for a feed.
 *
 * Wiring (app process only): `const feeds = new FeedWorker({ store: storage.externalSources,
 * settings: feedSettings(config.feeds), logger }); if (config.feeds.enabled) feeds.start();` and
 * `await feeds.stop()` before `storage.close()` on shutdown.
 */
import type { Logger } from '../../http/logger';
import type { ExternalSource, ExternalSourceStore } from '../../storage/ports/external-sources';
import type { FeedSettings } from './feed-settings';
import { refreshSource, type RefreshOutcome } from './refresh-source';

const CONCURRENCY = 2;
const BATCH = 20;
const STOP_WAIT_MS = 5_000;

export interface FeedWorkerDeps {
  readonly store: ExternalSourceStore;
  readonly settings: FeedSettings;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly random?: () => number;
}

export class FeedWorker {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<number> | undefined;
  private readonly stopping = new AbortController();
  private readonly now: () => Date;
  private readonly random: () => number;

  constructor(private readonly deps: FeedWorkerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.random = deps.random ?? Math.random;
  }

  start(): void {
    if (this.timer || this.stopping.signal.aborted) return;
    this.timer = setInterval(() => void this.tick(), this.deps.settings.tickMs);
    // A timer must never keep the process alive on its own (tests, a CLI that opened the app).
    this.timer.unref();
    void this.tick();
  }

  /** Stops ticking, aborts fetches under way and waits (a bounded time) for them to record their outcome. */
  async stop(waitMs = STOP_WAIT_MS): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopping.abort();
    if (!this.ticking) return;
    let timeout: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, waitMs);
      timeout.unref();
    });
    await Promise.race([this.ticking.then(() => undefined, () => undefined), gaveUp]);
    clearTimeout(timeout);
  }

  /** One pass over the due sources; a pass still running is joined, never doubled. Returns how many it refreshed. */
  tick(): Promise<number> {
    if (!this.ticking) {
      this.ticking = this.pass()
        .catch((err: unknown) => {
          this.deps.logger.error({ err }, 'external feed worker pass failed');
          return 0;
        })
        .finally(() => {
          this.ticking = undefined;
        });
    }
    return this.ticking;
  }

  private async pass(): Promise<number> {
    if (this.stopping.signal.aborted) return 0;
    const due = await this.deps.store.dueSources(this.now(), BATCH);
    let refreshed = 0;
    const queue = [...due];
    const lane = async () => {
      for (let source = queue.shift(); source && !this.stopping.signal.aborted; source = queue.shift()) {
        if (await this.claimAndRefresh(source)) refreshed++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    return refreshed;
  }

  private async claimAndRefresh(source: ExternalSource): Promise<RefreshOutcome | null> {
    const now = this.now();
    const claimed = await this.deps.store.claimSource(source.id, now, new Date(now.getTime() + this.deps.settings.leaseMs));
    if (!claimed) return null;
    try {
      return await refreshSource(source, { ...this.deps, now: this.now, random: this.random, signal: this.stopping.signal });
    } catch (err) {
      // The store failed while recording: the lease runs out and the source is tried again.
      this.deps.logger.error({ err, sourceId: source.id }, 'external feed outcome not recorded');
      return null;
    }
  }
}
