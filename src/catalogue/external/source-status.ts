/**
 * What the admin sees of a source's health. Failing: the last attempt failed (its entries, if any,
 * are still shown). Stale: the last success is older than two refresh intervals, whatever the last
 * attempt did (a feed that keeps answering 304 is fresh; one that never answers is not). Pending: added,
 * not fetched yet.
 */
import type { ExternalSource } from '../../storage/ports/external-sources';

export type SourceStatus = 'pending' | 'ok' | 'stale' | 'failing';

export function sourceStatus(source: ExternalSource, now: Date, intervalMs: number): SourceStatus {
  if (source.consecutiveFailures > 0) return 'failing';
  if (!source.lastSuccessAt) return 'pending';
  return now.getTime() - source.lastSuccessAt.getTime() > 2 * intervalMs ? 'stale' : 'ok';
}

/** Stale as the brief's admin means it: not refreshed within two intervals, failing or not. */
export function isStale(source: ExternalSource, now: Date, intervalMs: number): boolean {
  const since = source.lastSuccessAt ?? source.addedAt;
  return now.getTime() - since.getTime() > 2 * intervalMs;
}
