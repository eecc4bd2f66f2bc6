import { randomBytes } from 'node:crypto';
import type { DeploymentKey } from '../../context/tenant';
import type { ExternalSource, ExternalSourceStore, SourceEntry } from '../ports/external-sources';
import { feedPollStateOf } from './feed-poll-state';
import { isDuplicateKeyError, retryOnceOnDuplicateKey } from './errors';
import { ExternalSourceModel, ExternalSourceVersionModel, type ExternalEntryDoc, type ExternalSourceDoc } from './external-source-models';
import { idValue, platformFilter } from './keys';

export interface DeploymentFilter {
  issuer: string;
  clientId: string;
  deploymentId: string;
}

/** Exactly the deployment's key fields, each a string (an object would be read as an operator). */
export function deploymentFilter(deployment: DeploymentKey): DeploymentFilter {
  return { ...platformFilter(deployment), deploymentId: idValue(deployment.deploymentId, 'deploymentId') };
}

/** Every field but the entries: lists and the worker never need them. */
const STATE_PROJECTION = { _id: 0, entries: 0 } as const;

export function toExternalSource(doc: Omit<ExternalSourceDoc, 'entries'>): ExternalSource {
  return {
    id: doc.sourceId,
    deployment: { issuer: doc.issuer, clientId: doc.clientId, deploymentId: doc.deploymentId },
    name: doc.name,
    url: doc.url,
    ...(doc.language != null ? { language: doc.language } : {}),
    addedAt: doc.addedAt,
    addedBy: doc.addedBy ?? '',
    ...feedPollStateOf(doc),
    entryCount: doc.entryCount,
  };
}

function toSourceEntry(sourceId: string, doc: ExternalEntryDoc): SourceEntry {
  return {
    sourceId,
    key: doc.key,
    title: doc.title ?? '',
    summary: doc.summary ?? '',
    url: doc.url,
    ...(doc.language != null ? { language: doc.language } : {}),
    ...(doc.updatedAt != null ? { updatedAt: doc.updatedAt } : {}),
  };
}

/**
 * After the write it counts: a reader that saw the old version may build an index of newer data under
 * it (the next read sees the bump and rebuilds), never older data under the new version.
 */
async function bumpVersion(deployment: DeploymentKey): Promise<void> {
  await retryOnceOnDuplicateKey(() =>
    ExternalSourceVersionModel.updateOne(deploymentFilter(deployment), { $inc: { version: 1 } }, { upsert: true, setDefaultsOnInsert: false }).exec(),
  );
}

export function createExternalSourceStore(): ExternalSourceStore {
  return {
    async addSource(input, now) {
      const doc: ExternalSourceDoc = {
        sourceId: randomBytes(12).toString('base64url'),
        ...deploymentFilter(input.deployment),
        name: input.name,
        url: input.url,
        ...(input.language ? { language: input.language } : {}),
        addedAt: now,
        addedBy: input.addedBy,
        consecutiveFailures: 0,
        nextAttemptAt: now,
        entryCount: 0,
        entries: [],
      };
      try {
        await ExternalSourceModel.collection.insertOne({ ...doc });
      } catch (err) {
        if (isDuplicateKeyError(err)) return null;
        throw err;
      }
      await bumpVersion(input.deployment);
      return toExternalSource(doc);
    },
    async listSources(deployment) {
      const docs = await ExternalSourceModel.find(deploymentFilter(deployment), STATE_PROJECTION).sort({ addedAt: 1, sourceId: 1 }).lean<ExternalSourceDoc[]>().exec();
      return docs.map(toExternalSource);
    },
    async findSource(deployment, id) {
      if (typeof id !== 'string') return null;
      const doc = await ExternalSourceModel.findOne({ ...deploymentFilter(deployment), sourceId: id }, STATE_PROJECTION).lean<ExternalSourceDoc>().exec();
      return doc ? toExternalSource(doc) : null;
    },
    async removeSource(deployment, id) {
      if (typeof id !== 'string') return false;
      const { deletedCount } = await ExternalSourceModel.deleteOne({ ...deploymentFilter(deployment), sourceId: id }).exec();
      if (deletedCount !== 1) return false;
      await bumpVersion(deployment);
      return true;
    },
    async dueSources(now, limit) {
      const docs = await ExternalSourceModel.find({ nextAttemptAt: { $lte: now } }, STATE_PROJECTION).sort({ nextAttemptAt: 1, sourceId: 1 }).limit(limit).lean<ExternalSourceDoc[]>().exec();
      return docs.map(toExternalSource);
    },
    async claimSource(id, now, leaseUntil, options = {}) {
      // The filter re-checks on the server: of two racing claims one matches, the other finds it leased.
      const condition = options.evenIfNotDue ? { $or: [{ leasedUntil: null }, { leasedUntil: { $lte: now } }] } : { nextAttemptAt: { $lte: now } };
      const { matchedCount } = await ExternalSourceModel.updateOne(
        { sourceId: idValue(id, 'sourceId'), ...condition },
        { $set: { nextAttemptAt: leaseUntil, leasedUntil: leaseUntil, lastAttemptAt: now } },
      ).exec();
      return matchedCount === 1;
    },
    async recordFetch(id, record) {
      const filter = { sourceId: idValue(id, 'sourceId') };
      const validators = { ...(record.kind !== 'failure' && record.etag ? { etag: record.etag } : {}), ...(record.kind !== 'failure' && record.lastModified ? { lastModified: record.lastModified } : {}) };
      // Plain $set/$inc/$unset documents: feed strings are values, never read as expressions (no pipeline).
      const update =
        record.kind === 'failure'
          ? { $set: { lastAttemptAt: record.at, lastError: record.error, nextAttemptAt: record.nextAttemptAt }, $inc: { consecutiveFailures: 1 }, $unset: { leasedUntil: 1 } }
          : record.kind === 'not-modified'
            ? { $set: { lastAttemptAt: record.at, lastSuccessAt: record.at, consecutiveFailures: 0, nextAttemptAt: record.nextAttemptAt, ...validators }, $unset: { lastError: 1, leasedUntil: 1 } }
            : {
                $set: {
                  lastAttemptAt: record.at,
                  lastSuccessAt: record.at,
                  consecutiveFailures: 0,
                  nextAttemptAt: record.nextAttemptAt,
                  entryCount: record.entries.length,
                  entries: record.entries.map((e) => ({ key: e.key, title: e.title, summary: e.summary, url: e.url, ...(e.language ? { language: e.language } : {}), ...(e.updatedAt ? { updatedAt: e.updatedAt } : {}) })),
                },
                $unset: { lastError: 1, leasedUntil: 1, ...(record.etag ? {} : { etag: 1 }), ...(record.lastModified ? {} : { lastModified: 1 }) },
              };
      if (record.kind === 'success') Object.assign(update.$set, validators);
      const found = await ExternalSourceModel.findOneAndUpdate(filter, update, { projection: { _id: 0, issuer: 1, clientId: 1, deploymentId: 1 } }).lean<DeploymentFilter>().exec();
      if (!found) return false;
      if (record.kind === 'success') await bumpVersion(found);
      return true;
    },
    async listEntries(deployment) {
      const docs = await ExternalSourceModel.find(deploymentFilter(deployment), { _id: 0, sourceId: 1, entries: 1 }).sort({ addedAt: 1, sourceId: 1 }).lean<Pick<ExternalSourceDoc, 'sourceId' | 'entries'>[]>().exec();
      return docs.flatMap((doc) => (doc.entries ?? []).map((entry) => toSourceEntry(doc.sourceId, entry)));
    },
    async sourcesVersion(deployment) {
      const doc = await ExternalSourceVersionModel.findOne(deploymentFilter(deployment), { _id: 0, version: 1 }).lean<{ version?: number }>().exec();
      return doc?.version ?? 0;
    },
  };
}
