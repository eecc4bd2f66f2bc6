import mongoose, { type ConnectOptions, type Connection } from 'mongoose';

/*
 * The store owns mongoose's default connection alone: every lv_ model is registered on it, and ltijs
 * reaches its records through the store's plugin (ltijs-records.ts), so ltijs's own mongoose Database,
 * with its 'error' handler that disconnects and reconnects, is never constructed.
 */

export interface MongoConnectionOptions {
  readonly uri: string;
  /** How long to wait for a reachable server before an operation (or opening) fails. */
  readonly serverSelectionTimeoutMS?: number;
  /** Overrides the database named in the URI (tests use a fresh one per run). */
  readonly dbName?: string;
}

// Mongoose's ConnectionStates values, named locally so no runtime enum lookup is needed.
const CONNECTED = 1;
const CONNECTING = 2;
const DISCONNECTING = 3;

export function connectOptionsFor(options: MongoConnectionOptions): ConnectOptions {
  const connectOptions: ConnectOptions = {};
  if (options.serverSelectionTimeoutMS !== undefined) {
    connectOptions.serverSelectionTimeoutMS = options.serverSelectionTimeoutMS;
  }
  if (options.dbName !== undefined) connectOptions.dbName = options.dbName;
  return connectOptions;
}

/**
 * Opens the default connection, or joins it when it is already open (another storage instance in the
 * same process, as tests do). Returns true when this call opened it, so a failed setup knows whether to
 * close it again.
 */
export async function connectDefault(options: MongoConnectionOptions): Promise<{ connection: Connection; opened: boolean }> {
  const connection = mongoose.connection;
  if (connection.readyState === DISCONNECTING) {
    // close() on a closing connection resolves once it is closed; connecting before that would
    // race the teardown of the old client.
    await connection.close();
  }
  if (connection.readyState === CONNECTING) await connection.asPromise();
  if (connection.readyState === CONNECTED) {
    // mongoose.connect() on an open connection with another URI would silently start a second
    // client; joining is only safe when the database matches what the caller asked for.
    if (options.dbName !== undefined && connection.name !== options.dbName) {
      throw new Error(
        `mongoose's default connection is already open on database "${connection.name}", not "${options.dbName}"`,
      );
    }
    return { connection, opened: false };
  }
  await mongoose.connect(options.uri, connectOptionsFor(options));
  return { connection: mongoose.connection, opened: true };
}

/** Closes every connection of the tool's mongoose. */
export async function disconnectDefault(): Promise<void> {
  await mongoose.disconnect();
}

/**
 * Drops the whole database the default connection is using. Meant for test teardown on a throwaway
 * database; it deletes ltijs's records too (lv_ltijs_records).
 */
export async function dropDefaultDatabase(): Promise<void> {
  if (mongoose.connection.readyState !== CONNECTED) {
    throw new Error('Cannot drop the database: the MongoDB connection is not open');
  }
  await mongoose.connection.dropDatabase();
}

/** Throws unless the server answers a ping on the default connection. */
export async function pingDefault(): Promise<void> {
  const connection = mongoose.connection;
  // connection.db is undefined until the first connect (mongoose 9 types it so).
  if (connection.readyState !== CONNECTED || connection.db === undefined) {
    throw new Error('MongoDB connection is not open');
  }
  await connection.db.admin().ping();
}
