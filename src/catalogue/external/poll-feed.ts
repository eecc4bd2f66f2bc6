/**
 * One poll of a feed the caller has claimed, whatever the feed is for: a conditional fetch within
 * the limits, the body parsed, and the schedule that follows (the interval after a success or a
 * 304, back-off after a failure). Every way it can go wrong ends as a failure with a code; nothing
 * is thrown. The caller records the outcome in its own store.
 */
import type { Logger } from '../../http/logger';
import { nextAfterFailure, nextAfterSuccess } from './backoff';
import type { FeedEntry } from './feed-entry';
import { FeedError, type FeedErrorCode } from './feed-error';
import { fetchFeed } from './feed-fetch';
import { parseFeed } from './feed-parser';
import type { FeedSettings } from './feed-settings';

/** What a poll needs to know of the feed: where it is, its validators, how often it failed in a row. */
export interface PolledFeed {
  readonly id: string;
  readonly url: string;
  readonly etag?: string;
  readonly lastModified?: string;
  readonly consecutiveFailures: number;
}

export interface PollDeps {
  readonly settings: FeedSettings;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly random: () => number;
  /** Aborts the fetch when the worker stops. */
  readonly signal?: AbortSignal;
}

export type PollOutcome =
  | { readonly kind: 'success'; readonly at: Date; readonly nextAttemptAt: Date; readonly entries: readonly FeedEntry[]; readonly etag?: string; readonly lastModified?: string }
  | { readonly kind: 'not-modified'; readonly at: Date; readonly nextAttemptAt: Date; readonly etag?: string; readonly lastModified?: string }
  | { readonly kind: 'failure'; readonly at: Date; readonly nextAttemptAt: Date; readonly error: FeedErrorCode };

/** `what` names the feed's use in the log line ('external feed', 'mention feed'). */
export async function pollFeed(feed: PolledFeed, deps: PollDeps, what: string): Promise<PollOutcome> {
  try {
    const response = await fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.lastModified }, { ...deps.settings.fetch, signal: deps.signal });
    const at = deps.now();
    if (response.kind === 'not-modified') return { kind: 'not-modified', at, nextAttemptAt: nextAfterSuccess(at, deps.settings.intervalMs), ...response.validators };
    const parsed = parseFeed(response.body, response.finalUrl);
    if (!parsed.ok) throw parsed.error;
    return { kind: 'success', at, nextAttemptAt: nextAfterSuccess(at, deps.settings.intervalMs), entries: parsed.feed.entries, ...response.validators };
  } catch (err) {
    const error = err instanceof FeedError ? err : new FeedError('internal', err instanceof Error ? err.message : String(err));
    const at = deps.now();
    // Only the feed's id: its URL may carry a key in its query string. Details are scrubbed of any URL query too.
    deps.logger.warn({ sourceId: feed.id, error: error.code, detail: withoutQueries(error.detail), failures: feed.consecutiveFailures + 1 }, `${what} fetch failed`);
    return { kind: 'failure', at, error: error.code, nextAttemptAt: nextAfterFailure(at, feed.consecutiveFailures + 1, deps.random) };
  }
}

function withoutQueries(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#]*)[?#]\S*/gi, '$1').slice(0, 300);
}
