/**
 * The polling state a feed document keeps (external sources of the catalogue, mention feeds of the
 * Listening view): the same fields, written by the same worker loop (catalogue/external/poll-feed.ts),
 * read back the same way for both.
 */
export interface FeedPollStateDoc {
  lastAttemptAt?: Date | null;
  lastSuccessAt?: Date | null;
  lastError?: string | null;
  consecutiveFailures: number;
  nextAttemptAt: Date;
  etag?: string | null;
  lastModified?: string | null;
}

export function feedPollStateOf(doc: FeedPollStateDoc) {
  return {
    ...(doc.lastAttemptAt != null ? { lastAttemptAt: doc.lastAttemptAt } : {}),
    ...(doc.lastSuccessAt != null ? { lastSuccessAt: doc.lastSuccessAt } : {}),
    ...(doc.lastError != null ? { lastError: doc.lastError } : {}),
    consecutiveFailures: doc.consecutiveFailures,
    nextAttemptAt: doc.nextAttemptAt,
    ...(doc.etag != null ? { etag: doc.etag } : {}),
    ...(doc.lastModified != null ? { lastModified: doc.lastModified } : {}),
  };
}
