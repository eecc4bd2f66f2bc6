import mongoose, { type ClientSession } from 'mongoose';
import { isDuplicateKeyError } from './errors';

/*
 * The transactions of the review store: a review write and its item summary (or a moderation and its
 * audit entry) change together or not at all.
 *
 * MongoDB allows transactions on a replica set or a sharded cluster only: a standalone mongod
 * answers "Transaction numbers are only allowed on a replica set member or mongos". A single-node
 * replica set is enough (docker-compose.yml runs mongo with --replSet rs0 and the URI names it).
 * Unlike transaction.ts (consultations), there is no step-by-step fallback on a standalone server:
 * summaries are sums over many reviews, and two writers interleaving outside a transaction could
 * leave one permanently wrong, so a review write fails loudly instead.
 */

/** Snapshot reads, and a commit that survives a failover before it is acknowledged. */
const TRANSACTION_OPTIONS = { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } } as const;

/**
 * Besides the transient errors withTransaction retries itself (write conflicts between concurrent
 * transactions, unknown commit results), a unique index can refuse an insert whose twin another
 * transaction committed after this one started (two first saves of one author's review). Running the
 * whole unit again reads the twin and takes the update path, so a few attempts are allowed.
 */
const DUPLICATE_KEY_ATTEMPTS = 5;

export async function inReviewTransaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // connection.transaction() resolves to the commit result, not to what `work` returned; and on
      // a retry `work` runs again, so only the value of the committed run is kept.
      const holder: { value?: T } = {};
      await mongoose.connection.transaction(async (session) => {
        holder.value = await work(session);
      }, TRANSACTION_OPTIONS);
      return holder.value as T;
    } catch (err) {
      if (attempt >= DUPLICATE_KEY_ATTEMPTS || !isDuplicateKeyError(err)) throw err;
    }
  }
}
