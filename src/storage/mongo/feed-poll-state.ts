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

/** The schema fields of that state, spread into each feed collection's schema. */
export const FEED_POLL_STATE_FIELDS = {
  lastAttemptAt: { type: Date },
  lastSuccessAt: { type: Date },
  lastError: { type: String },
  consecutiveFailures: { type: Number, required: true },
  nextAttemptAt: { type: Date, required: true },
  etag: { type: String },
  lastModified: { type: String },
} as const;
