/**
 * The polling state columns a feed row keeps (external_sources of the catalogue, mention_feeds of
 * the Listening view): the same columns, written by the same worker loop
 * (catalogue/external/poll-feed.ts), read back the same way for both.
 */
export interface FeedPollStateRow {
  last_attempt_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  consecutive_failures: number;
  next_attempt_at: number;
  etag: string | null;
  last_modified: string | null;
}

export function feedPollStateOf(row: FeedPollStateRow) {
  return {
    ...(row.last_attempt_at !== null ? { lastAttemptAt: new Date(row.last_attempt_at) } : {}),
    ...(row.last_success_at !== null ? { lastSuccessAt: new Date(row.last_success_at) } : {}),
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    consecutiveFailures: row.consecutive_failures,
    nextAttemptAt: new Date(row.next_attempt_at),
    ...(row.etag !== null ? { etag: row.etag } : {}),
    ...(row.last_modified !== null ? { lastModified: row.last_modified } : {}),
  };
}
