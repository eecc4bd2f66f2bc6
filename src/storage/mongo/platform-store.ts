import type { PlatformKey } from '../../context/tenant';
import type { PlatformRecord, PlatformStore } from '../port';
import { retryOnceOnDuplicateKey } from './errors';
import { platformFilter } from './keys';
import { PlatformModel, type PlatformDoc } from './models';

/**
 * Copies only the record's own fields, so a caller's extra properties never reach the database.
 * Lists are de-duplicated (first occurrence kept) as the other adapters do, so that $addToSet later
 * behaves as a set.
 */
export function toPlatformDoc(record: PlatformRecord): PlatformDoc {
  const doc: PlatformDoc = {
    ...platformFilter(record),
    name: record.name,
    deploymentIds: [...new Set(record.deploymentIds)],
    frameOrigins: [...new Set(record.frameOrigins)],
    source: record.source,
    registeredAt: record.registeredAt,
  };
  if (record.productFamily !== undefined) doc.productFamily = record.productFamily;
  if (record.deactivatedAt !== undefined) doc.deactivatedAt = record.deactivatedAt;
  return doc;
}

export function toPlatformRecord(doc: PlatformDoc): PlatformRecord {
  return {
    issuer: doc.issuer,
    clientId: doc.clientId,
    name: doc.name ?? '',
    deploymentIds: [...(doc.deploymentIds ?? [])],
    frameOrigins: [...(doc.frameOrigins ?? [])],
    source: doc.source,
    // Omitted rather than undefined, so records compare equal to what was saved.
    ...(doc.productFamily != null ? { productFamily: doc.productFamily } : {}),
    registeredAt: new Date(doc.registeredAt),
    ...(doc.deactivatedAt != null ? { deactivatedAt: new Date(doc.deactivatedAt) } : {}),
  };
}

export function createPlatformStore(): PlatformStore {
  async function addToSet(key: PlatformKey, field: 'deploymentIds' | 'frameOrigins', value: string): Promise<boolean> {
    const result = await PlatformModel.updateOne(platformFilter(key), { $addToSet: { [field]: value } });
    return result.matchedCount > 0;
  }

  return {
    async savePlatform(record) {
      // A replacement (not $set) so that fields absent from the new record, such as productFamily,
      // do not survive from the old one.
      await retryOnceOnDuplicateKey(() =>
        PlatformModel.replaceOne(platformFilter(record), toPlatformDoc(record), { upsert: true }).exec(),
      );
    },

    async findPlatform(key) {
      const doc = await PlatformModel.findOne(platformFilter(key)).lean<PlatformDoc>().exec();
      return doc ? toPlatformRecord(doc) : null;
    },

    async listPlatforms() {
      // Sorted so every caller (admin CLI, tests) sees a stable order whatever the storage engine.
      const docs = await PlatformModel.find().sort({ issuer: 1, clientId: 1 }).lean<PlatformDoc[]>().exec();
      return docs.map(toPlatformRecord);
    },

    async deletePlatform(key) {
      const result = await PlatformModel.deleteOne(platformFilter(key)).exec();
      return result.deletedCount > 0;
    },

    addDeployment: (key, deploymentId) => addToSet(key, 'deploymentIds', deploymentId),
    addFrameOrigin: (key, origin) => addToSet(key, 'frameOrigins', origin),
  };
}
