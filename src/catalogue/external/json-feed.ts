/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), and 1.0, which differs only in optional fields. */
import { FeedError } from './feed-error';
import type { RawEntry, RawFeed } from './raw-feed';

export function readJsonFeed(text: string): RawFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new FeedError('malformed', 'not valid JSON');
  }
  const feed = asObject(doc);
  if (!feed || typeof feed.version !== 'string' || !/^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?$/.test(feed.version))
    throw new FeedError('unsupported-format', 'not a JSON Feed (no jsonfeed.org version)');
  const items = Array.isArray(feed.items) ? feed.items : [];
  return {
    title: string(feed.title),
    language: string(feed.language),
    entries: items.map(asObject).filter((i): i is Record<string, unknown> => i !== null).map((item): RawEntry => ({
      // The spec makes id a string; some feeds send numbers, which are just as stable.
      id: typeof item.id === 'number' ? String(item.id) : string(item.id),
      links: [string(item.url), string(item.external_url)].filter((l): l is string => l !== undefined),
      title: string(item.title),
      summaryHtml: string(item.summary) ?? string(item.content_html) ?? string(item.content_text),
      language: string(item.language),
      date: string(item.date_modified) ?? string(item.date_published),
    })),
  };
}

function string(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
