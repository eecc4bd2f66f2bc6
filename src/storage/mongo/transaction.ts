import mongoose, { type ClientSession, type Connection } from 'mongoose';
import { isDuplicateKeyError } from './errors';

/*
 * One transaction policy for the whole MongoDB store: every write that changes several documents (a
 * review and its summaries, a vote and its idea's count, a change and its audit entry or generation
 * bump) runs in inTransaction, and the store refuses to open on a server without transactions
 * (requireTransactions, at open), instead of falling back to step-by-step writes that a crash or a
 * concurrent writer could leave half done. A single-node replica set is enough (see README).
 */

/** Snapshot reads, and a commit that survives a failover before it is acknowledged. */
const TRANSACTION_OPTIONS = { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } } as const;

/**
 * Besides the transient errors withTransaction retries itself (write conflicts between concurrent
 * transactions, unknown commit results), a unique index can refuse an insert whose twin another
 * transaction committed after this one started (two first saves of one author's review, two first
 * bumps of a course). Running the whole unit again reads the twin and takes the update path.
 */
const DUPLICATE_KEY_ATTEMPTS = 5;

export async function inTransaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
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

/** What the `hello` command says about the server's topology (the fields this check reads). */
export interface HelloReply {
  /** Present on a replica set member. */
  readonly setName?: unknown;
  /** 'isdbgrid' on a mongos (a sharded cluster's router). */
  readonly msg?: unknown;
}

/**
 * Transactions exist on replica set members and through mongos only; a standalone mongod refuses
 * them ("Transaction numbers are only allowed on a replica set member or mongos"). Returns the line
 * to stop on, or null when the server can run transactions.
 */
export function standaloneProblem(hello: HelloReply, host: string): string | null {
  const replicaSet = typeof hello.setName === 'string' && hello.setName.length > 0;
  const mongos = hello.msg === 'isdbgrid';
  if (replicaSet || mongos) return null;
  return `MongoDB at ${host} is a standalone server: Learner Voice needs a replica set (a single-node one is fine: see README)`;
}

/** Asks the connected server `hello` and throws the one clear line when it cannot run transactions. */
export async function requireTransactions(connection: Pick<Connection, 'db' | 'host' | 'port'> = mongoose.connection): Promise<void> {
  if (connection.db === undefined) throw new Error('MongoDB connection is not open');
  const hello = (await connection.db.admin().command({ hello: 1 })) as HelloReply;
  // Host and port only: the URI may carry credentials.
  const problem = standaloneProblem(hello, `${connection.host}:${connection.port}`);
  if (problem) throw new Error(problem);
}
