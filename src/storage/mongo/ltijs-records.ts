import { Schema, type Types } from 'mongoose';
import type { LtiDatabasePlugin } from '../port';
import { LtijsDocumentPlugin } from '../ltijs/document-plugin';
import type { FieldCondition, LtiDoc, LtiRecordTable, StoredLtiRecord } from '../ltijs/records';
import { baseOptions, defineModel } from './models';

/*
 * ltijs's records (platforms, keys, tokens, states, nonces) in one collection of the store's own
 * connection, reached through the driver-free document plugin: ltijs is given the plugin, so it never
 * constructs its mongoose Database, never connects, never listens to (or closes) this connection.
 */

export interface LtiRecordDoc {
  _id: Types.ObjectId;
  /** ltijs's collection name (platform, idtoken, nonce...); `collection` is a name mongoose reserves. */
  kind: string;
  doc: LtiDoc;
  createdAt: Date;
  /** Absent for collections that never expire; the TTL index ignores such documents. */
  expiresAt?: Date;
  /** Bumped by every change, so a read-modify-write can tell whether it lost a race. */
  rev: number;
}

const recordSchema = new Schema<LtiRecordDoc>(
  {
    kind: { type: String, required: true },
    doc: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date },
    rev: { type: Number, required: true },
  },
  // minimize off: an ltijs document may hold empty objects, and `{}` must come back as `{}`.
  { ...baseOptions, collection: 'lv_ltijs_records', minimize: false },
);
// A whole collection in insertion order (ObjectIds grow with time), as the SQLite table's (collection, id).
recordSchema.index({ kind: 1, _id: 1 }, { name: 'lv_ltijs_collection' });
// The fields ltijs looks records up by on every launch (the same list as the SQLite expression indexes).
for (const field of ['kid', 'platformUrl', 'user', 'state', 'nonce']) {
  recordSchema.index({ kind: 1, [`doc.${field}`]: 1 }, { name: `lv_ltijs_${field}` });
}
// Tokens, states and nonces go once expired; find() already hides them until the TTL monitor passes.
recordSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'lv_ltijs_ttl' });

export const LtiRecordModel = defineModel<LtiRecordDoc>('lv_ltijs_record', recordSchema);

/**
 * The live records of `collection` matching every condition. Values are strings, finite numbers,
 * booleans or null (records.ts refuses anything else), so none can be read as an operator; null
 * matches a missing field as in SQLite. `$not: { $lte }` keeps records without an expiry.
 */
export function recordFilter(collection: string, where: readonly FieldCondition[], now: number): Record<string, unknown> {
  const filter: Record<string, unknown> = { kind: collection, expiresAt: { $not: { $lte: new Date(now) } } };
  for (const { field, value } of where) filter[`doc.${field}`] = value;
  return filter;
}

const OLDEST_FIRST = { _id: 1 } as const;
/** A read-modify-write that keeps losing to concurrent changes gives up rather than spin. */
const UPDATE_ATTEMPTS = 5;

function stored(record: Pick<LtiRecordDoc, 'doc' | 'createdAt'>): StoredLtiRecord {
  return { doc: record.doc, createdAt: new Date(record.createdAt).getTime() };
}

function lifetime(createdAt: number, expiresAt: number | null): { createdAt: Date; expiresAt?: Date } {
  return expiresAt === null ? { createdAt: new Date(createdAt) } : { createdAt: new Date(createdAt), expiresAt: new Date(expiresAt) };
}

export class MongoLtiRecordTable implements LtiRecordTable {
  async find(collection: string, where: readonly FieldCondition[], now: number): Promise<StoredLtiRecord[]> {
    const records = await LtiRecordModel.find(recordFilter(collection, where, now), { _id: 0, doc: 1, createdAt: 1 })
      .sort(OLDEST_FIRST)
      .lean<Pick<LtiRecordDoc, 'doc' | 'createdAt'>[]>()
      .exec();
    return records.map(stored);
  }

  async insert(collection: string, doc: LtiDoc, createdAt: number, expiresAt: number | null): Promise<void> {
    await LtiRecordModel.collection.insertOne({ kind: collection, doc, ...lifetime(createdAt, expiresAt), rev: 0 });
  }

  async replaceFirst(collection: string, where: readonly FieldCondition[], doc: LtiDoc, now: number, expiresAt: number | null): Promise<void> {
    // A replacement upsert inserts the replacement itself (the filter's conditions are not copied in).
    await LtiRecordModel.collection.findOneAndReplace(
      recordFilter(collection, where, now),
      { kind: collection, doc, ...lifetime(now, expiresAt), rev: 0 },
      { sort: OLDEST_FIRST, upsert: true, projection: { _id: 1 } },
    );
  }

  async updateFirst(collection: string, where: readonly FieldCondition[], now: number, change: (current: StoredLtiRecord) => LtiDoc): Promise<void> {
    for (let attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
      const current = await LtiRecordModel.findOne(recordFilter(collection, where, now), { _id: 1, doc: 1, createdAt: 1, rev: 1 })
        .sort(OLDEST_FIRST)
        .lean<Pick<LtiRecordDoc, '_id' | 'doc' | 'createdAt' | 'rev'>>()
        .exec();
      if (!current) return;
      const next = change(stored(current));
      // Written only if nobody changed the record since it was read; otherwise read it again.
      const result = await LtiRecordModel.collection.updateOne({ _id: current._id, rev: current.rev }, { $set: { doc: next }, $inc: { rev: 1 } });
      if (result.matchedCount === 1) return;
    }
    throw new Error(`An ltijs ${collection} record kept changing while being modified`);
  }

  async deleteWhere(collection: string, where: readonly FieldCondition[]): Promise<void> {
    // Expired records are deleted too: ltijs asks to forget them, and they are dead anyway.
    const filter = recordFilter(collection, where, 0);
    delete filter.expiresAt;
    await LtiRecordModel.collection.deleteMany(filter);
  }

  async expireWhere(collection: string, where: readonly FieldCondition[], expiresAt: number, now: number): Promise<void> {
    // The TTL index deletes them once the date passes; find() hides them from that moment.
    await LtiRecordModel.collection.updateMany(recordFilter(collection, where, now), { $set: { expiresAt: new Date(expiresAt) }, $inc: { rev: 1 } });
  }
}

export function createMongoLtijsPlugin(now: () => number = Date.now): LtiDatabasePlugin {
  return new LtijsDocumentPlugin(new MongoLtiRecordTable(), now);
}

/** Builds the lookup and TTL indexes (and the collection) before ltijs's first launch. */
export async function createLtiRecordIndexes(): Promise<void> {
  await LtiRecordModel.createIndexes();
}
