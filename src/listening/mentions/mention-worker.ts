/**
 * The background worker that reads the deployments' mention feeds: the same loop, leases, limits
 * and back-off as the catalogue's external sources (catalogue/external/lease-worker.ts,
 * poll-feed.ts), then each new entry matched against every course's terms of the feed's
 * deployment and stored as mentions. `onMention` hears each mention the store kept as new (the
 * alerts raise one on a negative mention); a hook that throws is logged and never stops the worker.
 *
 * Wiring (app process only, next to the FeedWorker in main.ts): `const mentions = new MentionWorker({
 * store: storage.mentions, settings: feedSettings(config.feeds), logger, onMention }); if
 * (config.feeds.enabled) mentions.start();` and `await mentions.stop()` before `storage.close()`.
 */
import type { FeedSettings } from '../../catalogue/external/feed-settings';
import { LeaseWorker } from '../../catalogue/external/lease-worker';
import { pollFeed } from '../../catalogue/external/poll-feed';
import type { Logger } from '../../http/logger';
import type { Mention, MentionFeed, MentionFetchRecord, MentionStore } from '../../storage/ports/mentions';
import { findMentions } from './find-mentions';

export interface MentionWorkerDeps {
  readonly store: MentionStore;
  readonly settings: FeedSettings;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly random?: () => number;
  readonly onMention?: (mention: Mention) => void | Promise<void>;
}

export type MentionPollOutcome =
  | { readonly kind: 'success'; readonly added: readonly Mention[] }
  | { readonly kind: 'not-modified' }
  | { readonly kind: 'failure'; readonly error: string }
  /** Removed while it was being fetched: nothing recorded. */
  | { readonly kind: 'removed' };

export class MentionWorker extends LeaseWorker<MentionFeed> {
  constructor(deps: MentionWorkerDeps) {
    const now = deps.now ?? (() => new Date());
    const random = deps.random ?? Math.random;
    super(
      {
        name: 'mention feed',
        tickMs: deps.settings.tickMs,
        leaseMs: deps.settings.leaseMs,
        due: (at, limit) => deps.store.dueFeeds(at, limit),
        claim: (feed, at, leaseUntil) => deps.store.claimFeed(feed.id, at, leaseUntil),
        work: async (feed, signal) => {
          await pollMentionFeed(feed, { ...deps, now, random, signal });
          return true;
        },
        idOf: (feed) => feed.id,
      },
      deps.logger,
      now,
    );
  }
}

/** One poll of one claimed feed: fetch, match, record, then tell the hook about the new mentions. */
export async function pollMentionFeed(
  feed: MentionFeed,
  deps: MentionWorkerDeps & { readonly now: () => Date; readonly random: () => number; readonly signal?: AbortSignal },
): Promise<MentionPollOutcome> {
  const outcome = await pollFeed(feed, deps, 'mention feed');
  let record: MentionFetchRecord;
  if (outcome.kind === 'success') {
    const { entries, ...rest } = outcome;
    // Read after the fetch: terms changed while it ran are used at once.
    record = { ...rest, mentions: findMentions(entries, await deps.store.listKeywords(feed.deployment)) };
  } else record = outcome;
  const added = await deps.store.recordFetch(feed.id, record);
  if (added === null) return { kind: 'removed' };
  if (record.kind === 'failure') return { kind: 'failure', error: record.error };
  if (record.kind === 'not-modified') return { kind: 'not-modified' };
  for (const mention of added) await tell(deps, mention);
  return { kind: 'success', added };
}

async function tell(deps: MentionWorkerDeps, mention: Mention): Promise<void> {
  if (!deps.onMention) return;
  try {
    await deps.onMention(mention);
  } catch (err) {
    deps.logger.error({ err, mentionId: mention.id }, 'mention hook failed');
  }
}
