import mongoose from 'mongoose';
import { isDuplicateKeyError } from './errors';
import { LtiRecordModel } from './ltijs-records';

/*
 * Before ltijs went through the store's plugin, it kept its records in its own mongoose collections
 * of the same database. The platforms (endpoints, keyset URL), their activation and the tool's key
 * pairs must survive the move, or every registered LMS would stop launching; tokens, states and
 * nonces are short-lived and are left behind. The old collections are only read, never dropped.
 */

/** ltijs's collection name → the collection mongoose gave its model (lower-cased plural). */
const LEGACY_COLLECTIONS: Readonly<Record<string, string>> = Object.freeze({
  platform: 'platforms',
  platformStatus: 'platformstatuses',
  privatekey: 'privatekeys',
  publickey: 'publickeys',
});

/** Claimed by the first process to import, so replicas starting together import once. */
const IMPORT_MARKER = 'lv_ltijs_legacy_import';

export async function importLegacyLtijsRecords(): Promise<void> {
  const db = mongoose.connection.db;
  if (db === undefined) throw new Error('MongoDB connection is not open');
  const records = LtiRecordModel.collection;
  const claim = { _id: IMPORT_MARKER as unknown as mongoose.Types.ObjectId, kind: IMPORT_MARKER, doc: {}, createdAt: new Date(), rev: 0 };
  try {
    await records.insertOne(claim);
  } catch (err) {
    if (isDuplicateKeyError(err)) return;
    throw err;
  }
  const imported: unknown[] = [];
  try {
    for (const [kind, name] of Object.entries(LEGACY_COLLECTIONS)) {
      const legacy = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
      if (legacy.length === 0) continue;
      const result = await records.insertMany(
        legacy.map(({ _id, __v, ...doc }) => ({
          kind,
          doc,
          createdAt: _id instanceof mongoose.Types.ObjectId ? _id.getTimestamp() : new Date(),
          rev: 0,
        })),
      );
      imported.push(...Object.values(result.insertedIds));
    }
  } catch (err) {
    // Released so that the next start tries again instead of running without its platforms.
    await records.deleteMany({ _id: { $in: imported as mongoose.Types.ObjectId[] } }).catch(() => undefined);
    await records.deleteOne({ _id: claim._id }).catch(() => undefined);
    throw err;
  }
}
