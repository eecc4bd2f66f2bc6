import mongoose, { type ClientSession, type Connection } from 'mongoose';
import type { ContextKey } from '../../context/tenant';
import { StorageRefusedError } from '../port';
import { inCourseQueue } from './course-queue';
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

export async function inTransaction<T>(work: (session: ClientSession) => Promise<T>, course?: ContextKey): Promise<T> {
  // A counted write of a course waits for the course's earlier ones in this process (course-queue.ts).
  if (course !== undefined) return inCourseQueue(course, () => runTransaction(work));
  return runTransaction(work);
}

async function runTransaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Resolves to what `work` returned in the run that committed (driver 6+ withTransaction; on a
      // retry `work` runs again and the earlier runs' values are dropped).
      return await mongoose.connection.transaction(work, TRANSACTION_OPTIONS);
    } catch (err) {
      if (attempt >= DUPLICATE_KEY_ATTEMPTS || !isDuplicateKeyError(err)) throw err;
    }
  }
}

/** What the `hello` command says about the server (the fields this check reads). */
export interface HelloReply {
  /** Present on a replica set member. */
  readonly setName?: unknown;
  /** 'isdbgrid' on a mongos (a sharded cluster's router). */
  readonly msg?: unknown;
  /** The server's protocol version: 13 is MongoDB 5.0. */
  readonly maxWireVersion?: unknown;
}

/** MongoDB 5.0: snapshot reads outside transactions (inSnapshot). */
const MIN_WIRE_VERSION = 13;

/**
 * Transactions exist on replica set members and through mongos only; a standalone mongod refuses
 * them ("Transaction numbers are only allowed on a replica set member or mongos"). Returns the line
 * to stop on, or null when the server can run the store.
 */
export function serverProblem(hello: HelloReply, host: string): string | null {
  const replicaSet = typeof hello.setName === 'string' && hello.setName.length > 0;
  const mongos = hello.msg === 'isdbgrid';
  if (!replicaSet && !mongos) {
    return `MongoDB at ${host} is a standalone server: Learner Voice needs a replica set (a single-node one is fine: see README)`;
  }
  if (typeof hello.maxWireVersion !== 'number' || hello.maxWireVersion < MIN_WIRE_VERSION) {
    return `MongoDB at ${host} is older than 5.0: Learner Voice needs MongoDB 5.0 or later (see README)`;
  }
  return null;
}

/** Asks the connected server `hello` and throws one clear line when it cannot run the store. */
export async function requireTransactions(connection: Pick<Connection, 'db' | 'host' | 'port'> = mongoose.connection): Promise<void> {
  if (connection.db === undefined) throw new Error('MongoDB connection is not open');
  const hello = (await connection.db.admin().command({ hello: 1 })) as HelloReply;
  // Host and port only: the URI may carry credentials.
  const problem = serverProblem(hello, `${connection.host}:${connection.port}`);
  if (problem) throw new StorageRefusedError(problem);
}

/**
 * The reads of one page at one point in time, as SQLite's read transaction gives them: a snapshot
 * session (MongoDB 5.0+) makes every read in it use readConcern snapshot at the cluster time of its
 * first read. Chosen over a read-only transaction: no commit round trip, no transaction lifetime
 * limit, and the driver refuses writes and transactions in it. The server keeps snapshot history for
 * five minutes (minSnapshotHistoryWindowInSeconds), far more than a page's reads take.
 */
export async function inSnapshot<T>(read: (session: ClientSession) => Promise<T>): Promise<T> {
  const session = await mongoose.connection.startSession({ snapshot: true });
  try {
    return await read(session);
  } finally {
    await session.endSession();
  }
}
