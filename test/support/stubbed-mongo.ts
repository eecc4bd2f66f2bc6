/**
 * For MongoDB tests over a stubbed driver (no server exists here): a real ClientSession from a
 * client that never connects, handed to the work by a stubbed mongoose.connection.transaction
 * (the real one needs a replica set), and the course-generation bump as a stubbed driver call.
 */
import { MongoClient, type ClientSession } from 'mongodb';
import mongoose from 'mongoose';
import { AuditModel } from '../../src/storage/mongo/course-models';
import { CourseGenerationModel } from '../../src/storage/mongo/generation-models';
import type { AuditInput } from '../../src/storage/ports/audit';

export interface StubbedTransaction {
  readonly session: ClientSession;
  /** Like mongoose after an abort, each run rejects with what the work threw. */
  readonly transaction: jest.SpyInstance;
  /** Restores every mock and closes the session: call it in afterEach. */
  end(): Promise<void>;
}

export function stubTransaction(): StubbedTransaction {
  const client = new MongoClient('mongodb://127.0.0.1:1');
  const session = client.startSession();
  // Resolves to what the work returned, as mongoose 9's transaction() does (driver 6+ withTransaction).
  const transaction = jest.spyOn(mongoose.connection, 'transaction').mockImplementation(async (fn) => fn(session));
  return {
    session,
    transaction,
    end: async () => {
      jest.restoreAllMocks();
      await session.endSession();
      await client.close();
    },
  };
}

export function stubGenerationBump(): jest.SpyInstance {
  return jest
    .spyOn(CourseGenerationModel.collection, 'updateOne')
    .mockResolvedValue({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
}

/**
 * The course's generation was bumped exactly once, as an upserted $inc (stamped with the server's $currentDate) on the full course key,
 * inside `session` when given (a transaction) or outside any.
 */
export function expectOneGenerationBump(bump: jest.SpyInstance, course: object, session?: unknown): void {
  expect(bump).toHaveBeenCalledTimes(1);
  const [filter, update, options] = bump.mock.calls[0] as [object, object, { upsert?: boolean; session?: unknown }];
  expect(filter).toEqual(course);
  expect(update).toEqual({ $inc: { generation: 1 }, $currentDate: { changedAt: true } });
  expect(options.upsert).toBe(true);
  expect(options.session).toBe(session);
}

export function stubAuditInsert(): jest.SpyInstance {
  return jest.spyOn(AuditModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: null as never });
}

/** Exactly one audit entry was inserted, this one, inside `session` (the change's transaction). */
export function expectOneAuditInSession(insert: jest.SpyInstance, entry: AuditInput, session: unknown): void {
  expect(insert).toHaveBeenCalledTimes(1);
  const [doc, options] = insert.mock.calls[0] as [Record<string, unknown>, { session?: unknown }];
  expect(doc).toMatchObject({ ...entry.course, action: entry.action, actor: entry.actor, subject: entry.subject, at: entry.at });
  expect(options?.session).toBe(session);
}

export interface StubbedSnapshot {
  /** The sessions handed out, in order (each a real snapshot session of a client that never connects). */
  readonly sessions: ClientSession[];
  readonly startSession: jest.SpyInstance;
  end(): Promise<void>;
}

/** mongoose.connection.startSession() answered with real snapshot sessions that never reach a server. */
export function stubSnapshotSessions(): StubbedSnapshot {
  const client = new MongoClient('mongodb://127.0.0.1:1');
  const sessions: ClientSession[] = [];
  const startSession = jest.spyOn(mongoose.connection, 'startSession').mockImplementation((async (options?: { snapshot?: boolean }) => {
    const session = client.startSession(options);
    sessions.push(session);
    return session;
  }) as never);
  return {
    sessions,
    startSession,
    end: async () => {
      await Promise.all(sessions.map((s) => s.endSession()));
      await client.close();
    },
  };
}
