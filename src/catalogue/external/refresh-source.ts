/**
 * One refresh of one source the caller has claimed: fetch (conditionally), parse, record. Every
 * way it can go wrong ends as a recorded failure with a code; the source's earlier entries stay in
 * the catalogue until a later success replaces them. Used by the worker, the CLI and the admin page.
 */
import type { Logger } from '../../http/logger';
import type { ExternalSource, ExternalSourceStore } from '../../storage/ports/external-sources';
import type { FeedErrorCode } from './feed-error';
import type { FeedSettings } from './feed-settings';
import { pollFeed } from './poll-feed';

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
  const record = await pollFeed(source, deps, 'external feed');
  const kept = await deps.store.recordFetch(source.id, record);
  if (!kept) return { kind: 'removed' };
  if (record.kind === 'success') return { kind: 'success', entries: record.entries.length };
  if (record.kind === 'not-modified') return { kind: 'not-modified' };
  return { kind: 'failure', error: record.error };
}
