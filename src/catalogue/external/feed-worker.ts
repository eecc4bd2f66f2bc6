/**
 * The background worker of one tool process for the catalogue's external sources: every tick it
 * refreshes the sources due across all platforms, each claimed with a lease (lease-worker.ts).
 * Nothing it does is on a request's path: search reads the stored entries and never waits for a feed.
 *
 * Wiring (app process only): `const feeds = new FeedWorker({ store: storage.externalSources,
 * settings: feedSettings(config.feeds), logger }); if (config.feeds.enabled) feeds.start();` and
 * `await feeds.stop()` before `storage.close()` on shutdown.
 */
import type { Logger } from '../../http/logger';
import type { ExternalSource, ExternalSourceStore } from '../../storage/ports/external-sources';
import type { FeedSettings } from './feed-settings';
import { LeaseWorker } from './lease-worker';
import { refreshSource } from './refresh-source';

export interface FeedWorkerDeps {
  readonly store: ExternalSourceStore;
  readonly settings: FeedSettings;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly random?: () => number;
}

export class FeedWorker extends LeaseWorker<ExternalSource> {
  constructor(deps: FeedWorkerDeps) {
    const now = deps.now ?? (() => new Date());
    const random = deps.random ?? Math.random;
    super(
      {
        name: 'external feed',
        tickMs: deps.settings.tickMs,
        leaseMs: deps.settings.leaseMs,
        due: (at, limit) => deps.store.dueSources(at, limit),
        claim: (source, at, leaseUntil) => deps.store.claimSource(source.id, at, leaseUntil),
        work: async (source, signal) => {
          await refreshSource(source, { ...deps, now, random, signal });
          return true;
        },
        idOf: (source) => source.id,
      },
      deps.logger,
      now,
    );
  }
}
