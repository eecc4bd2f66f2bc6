/**
 * External catalogue sources: feeds (RSS, Atom, JSON Feed) a platform administrator adds for one
 * deployment, their fetch state, and the entries of each source's last successful fetch. The worker
 * (catalogue/external/feed-worker.ts) reads dueSources across every platform, claims one with a lease
 * before fetching (so processes sharing the store never fetch a source twice at once), and records
 * the outcome; the catalogue reads listEntries, and rebuilds its index when sourcesVersion moves.
 */
import type { DeploymentKey } from '../../context/tenant';

export interface ExternalSourceInput {
  readonly deployment: DeploymentKey;
  readonly name: string;
  readonly url: string;
  /** The language the source's entries are written in when they do not say ('en', 'fr'). */
  readonly language?: string;
  /** The LTI user id of the admin who added it. */
  readonly addedBy: string;
}

export interface SourceFetchState {
  readonly lastAttemptAt?: Date;
  readonly lastSuccessAt?: Date;
  /** A FeedErrorCode of the last attempt when it failed; absent after a success or a 304. */
  readonly lastError?: string;
  readonly consecutiveFailures: number;
  /** When the source is due; while a fetch is under way, the end of its lease. */
  readonly nextAttemptAt: Date;
  readonly etag?: string;
  readonly lastModified?: string;
  /** Entries kept from the last successful fetch. */
  readonly entryCount: number;
}

export interface ExternalSource extends SourceFetchState {
  readonly id: string;
  readonly deployment: DeploymentKey;
  readonly name: string;
  readonly url: string;
  readonly language?: string;
  readonly addedAt: Date;
  readonly addedBy: string;
}

/** One entry as stored (catalogue/external/feed-entry.ts makes them, within its caps). */
export interface StoredFeedEntry {
  /** The entry's guid (RSS), id (Atom, JSON Feed) or, failing those, its link: stable across fetches. */
  readonly key: string;
  readonly title: string;
  readonly summary: string;
  readonly url: string;
  /** A lower-case primary language subtag ('en', 'fr', 'de'), when the entry or feed says. */
  readonly language?: string;
  readonly updatedAt?: Date;
}

export interface SourceEntry extends StoredFeedEntry {
  readonly sourceId: string;
}

/** One fetch of a feed as its store records it (catalogue sources, Listening mentions); `Found` is what a parsed body brings. */
export type FeedFetchRecord<Found> =
  /** A body parsed: what it brings is stored in one atomic write. */
  | ({ readonly kind: 'success'; readonly at: Date; readonly nextAttemptAt: Date; readonly etag?: string; readonly lastModified?: string } & Found)
  /** 304: what was stored stays, the feed counts as fresh. */
  | { readonly kind: 'not-modified'; readonly at: Date; readonly nextAttemptAt: Date; readonly etag?: string; readonly lastModified?: string }
  /** What was stored stays (the catalogue keeps showing it), the failure is counted. */
  | { readonly kind: 'failure'; readonly at: Date; readonly nextAttemptAt: Date; readonly error: string };

/** A source's fetch: a parsed body's entries replace the source's. */
export type FetchRecord = FeedFetchRecord<{ readonly entries: readonly StoredFeedEntry[] }>;

export interface ExternalSourceStore {
  /** Adds a source, due at once. Returns null when the deployment already has a source with this URL. */
  addSource(input: ExternalSourceInput, now: Date): Promise<ExternalSource | null>;
  /** The deployment's sources, oldest first. */
  listSources(deployment: DeploymentKey): Promise<ExternalSource[]>;
  findSource(deployment: DeploymentKey, id: string): Promise<ExternalSource | null>;
  /** Deletes the source and its entries; false when the deployment has no such source. */
  removeSource(deployment: DeploymentKey, id: string): Promise<boolean>;
  /** Sources of every deployment due at `now` (nextAttemptAt <= now), the longest waiting first. */
  dueSources(now: Date, limit: number): Promise<ExternalSource[]>;
  /**
   * Takes the source for one fetch until leaseUntil (nextAttemptAt moves there too) and records the
   * attempt, only if the source is due at `now`, or, with evenIfNotDue (an admin's refresh), only if
   * no fetch holds it. Of several callers exactly one gets true; recordFetch ends the lease.
   */
  claimSource(id: string, now: Date, leaseUntil: Date, options?: { readonly evenIfNotDue?: boolean }): Promise<boolean>;
  /** Records a fetch's outcome; false when the source was removed meanwhile (nothing is written). */
  recordFetch(id: string, record: FetchRecord): Promise<boolean>;
  /** Every entry of the deployment's sources, by source then in feed order. */
  listEntries(deployment: DeploymentKey): Promise<SourceEntry[]>;
  /**
   * A number that changes whenever the deployment's sources or entries change (add, remove, a
   * successful fetch), in the store itself: several processes sharing it agree on it.
   */
  sourcesVersion(deployment: DeploymentKey): Promise<number>;
}
