/**
 * The external feed entries of a deployment as the catalogue index reads them (catalogue-service.ts
 * ExternalEntrySource): the store's version tells when to read them again, so a quiet deployment
 * costs one small read per request, and several processes agree on it.
 */
import type { Storage } from '../../storage/port';
import type { ExternalEntrySource } from '../catalogue-service';
import { toExternalEntries } from './to-external-entries';

export function storeExternalEntries(storage: Storage): ExternalEntrySource {
  return {
    async version(deployment) {
      return String(await storage.externalSources.sourcesVersion(deployment));
    },
    async entries(deployment) {
      const [sources, entries] = await Promise.all([storage.externalSources.listSources(deployment), storage.externalSources.listEntries(deployment)]);
      const bySource = new Map<string, typeof entries>();
      for (const entry of entries) bySource.set(entry.sourceId, [...(bySource.get(entry.sourceId) ?? []), entry]);
      return sources.flatMap((source) => toExternalEntries(source, bySource.get(source.id) ?? []));
    },
  };
}
