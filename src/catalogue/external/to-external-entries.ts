/**
 * A source's stored entries as the catalogue's ExternalEntry values (catalogue-entry.ts): ids unique
 * within the deployment ('x:' + source id + ':' + entry key), labelled with the source's name,
 * language from the entry, else the source's setting, and only when the catalogue knows it.
 */
import type { CatalogueLanguage, ExternalEntry } from '../catalogue-entry';
import type { ExternalSource, StoredFeedEntry } from '../../storage/ports/external-sources';

export function toExternalEntries(source: ExternalSource, entries: readonly StoredFeedEntry[]): ExternalEntry[] {
  return entries.map((entry) => {
    const language = catalogueLanguage(entry.language) ?? catalogueLanguage(source.language);
    return {
      kind: 'external',
      id: `x:${source.id}:${entry.key}`,
      title: entry.title,
      description: entry.summary,
      ...(language ? { language } : {}),
      updatedAt: entry.updatedAt ?? source.lastSuccessAt ?? source.addedAt,
      sourceId: source.id,
      sourceName: source.name,
      url: entry.url,
    };
  });
}

function catalogueLanguage(tag: string | undefined): CatalogueLanguage | undefined {
  return tag === 'en' || tag === 'fr' ? tag : undefined;
}
