import mongoose, { type ClientSession } from 'mongoose';

/*
 * Writes that change several documents together (a vote and its idea's count, a merge) run in a
 * transaction. Transactions need a replica set; on a standalone server (the docker-compose default)
 * the same steps run one by one, ordered so that each step on its own keeps counts exact (a vote is
 * inserted under a unique index before the count moves, a merge marks the source first).
 */
let transactionsUnsupported = false;

function isNoTransactionServer(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  return code === 20 || (typeof message === 'string' && /Transaction numbers are only allowed/.test(message));
}

export async function inTransaction<T>(work: (session: ClientSession | undefined) => Promise<T>): Promise<T> {
  if (!transactionsUnsupported) {
    try {
      let result: T | undefined;
      // connection.transaction retries the whole function on transient errors (write conflicts).
      await mongoose.connection.transaction(async (session) => {
        result = await work(session);
      });
      return result as T;
    } catch (err) {
      if (!isNoTransactionServer(err)) throw err;
      transactionsUnsupported = true;
    }
  }
  return work(undefined);
}

/**
 * A change written with its audit entry (a moderation, a settings save): one transaction and never
 * the step-by-step fallback above, so the change and its entry are both kept or neither is. On a
 * standalone server the write is refused, as review writes are (review-transaction.ts); the
 * docker-compose default is a single-node replica set. Only the committed run's value is returned
 * (connection.transaction runs `work` again on transient errors).
 */
export async function inAuditedTransaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
  const holder: { value?: T } = {};
  await mongoose.connection.transaction(async (session) => {
    holder.value = await work(session);
  });
  return holder.value as T;
}
