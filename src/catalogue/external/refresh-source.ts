/**
 * One refresh of one source the caller has claimed: fetch (conditionally), parse, record. Every
 * way it can go wrong ends as a recorded failure with a code; the source's earlier entries stay in
 * the catalogue until a later success replaces them. Used by the worker, the CLI and the admin page.
 */
import type { Logger } from '../../http/logger';
import type { ExternalSource, ExternalSourceStore, FetchRecord } from '../../storage/ports/external-sources';
import { nextAfterFailure, nextAfterSuccess } from './backoff';
import { FeedError, type FeedErrorCode } from './feed-error';
import { fetchFeed } from './feed-fetch';
import { parseFeed } from './feed-parser';
import type { FeedSettings } from './feed-settings';

export interface RefreshDeps {
  readonly store: ExternalSourceStore;
  readonly settings: FeedSettings;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly random: () => number;
  /** Aborts the fetch when the worker stops. */
  readonly signal?: AbortSignal;
}

export type RefreshOutcome =
  | { readonly kind: 'success'; readonly entries: number }
  | { readonly kind: 'not-modified' }
  | { readonly kind: 'failure'; readonly error: FeedErrorCode }
  /** The source was removed while it was being fetched: nothing recorded. */
  | { readonly kind: 'removed' };

export async function refreshSource(source: ExternalSource, deps: RefreshDeps): Promise<RefreshOutcome> {
  const record = await fetchAndParse(source, deps);
  const kept = await deps.store.recordFetch(source.id, record);
  if (!kept) return { kind: 'removed' };
  if (record.kind === 'success') return { kind: 'success', entries: record.entries.length };
  if (record.kind === 'not-modified') return { kind: 'not-modified' };
  return { kind: 'failure', error: record.error as FeedErrorCode };
}

async function fetchAndParse(source: ExternalSource, deps: RefreshDeps): Promise<FetchRecord> {
  try {
    const response = await fetchFeed(source.url, { etag: source.etag, lastModified: source.lastModified }, { ...deps.settings.fetch, signal: deps.signal });
    const at = deps.now();
    if (response.kind === 'not-modified') return { kind: 'not-modified', at, nextAttemptAt: nextAfterSuccess(at, deps.settings.intervalMs), ...response.validators };
    const parsed = parseFeed(response.body, response.finalUrl);
    if (!parsed.ok) throw parsed.error;
    return { kind: 'success', at, nextAttemptAt: nextAfterSuccess(at, deps.settings.intervalMs), entries: parsed.feed.entries, ...response.validators };
  } catch (err) {
    const error = err instanceof FeedError ? err : new FeedError('internal', err instanceof Error ? err.message : String(err));
    const at = deps.now();
    // Only the source id: its URL may carry a key in its query string. Details are scrubbed of any URL query too.
    deps.logger.warn({ sourceId: source.id, error: error.code, detail: withoutQueries(error.detail), failures: source.consecutiveFailures + 1 }, 'external feed fetch failed');
    return { kind: 'failure', at, error: error.code, nextAttemptAt: nextAfterFailure(at, source.consecutiveFailures + 1, deps.random) };
  }
}

function withoutQueries(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#]*)[?#]\S*/gi, '$1').slice(0, 300);
}
