/**
 * A feed body (RSS 2.0, Atom 1.0 or JSON Feed 1.1) → plain-text entries with http(s) links. The
 * format is read from the body itself (content types lie); the common rules are applied once here:
 * text from HTML, caps on every field and on the number of entries, links resolved against the
 * feed's URL, entries without a usable link dropped, duplicate keys kept once. Nothing thrown inside
 * escapes: the result says why a body gave no feed.
 */
import { FeedError } from './feed-error';
import { entryDate, entryKey, entryUrl, FEED_LIMITS, languageTag, type FeedEntry, type ParsedFeed } from './feed-entry';
import { capText, plainText } from './feed-text';
import { readJsonFeed } from './json-feed';
import type { RawEntry, RawFeed } from './raw-feed';
import { readXmlFeed } from './xml-feeds';

export type ParseResult = { readonly ok: true; readonly feed: ParsedFeed } | { readonly ok: false; readonly error: FeedError };

export function parseFeed(body: string, feedUrl: string): ParseResult {
  try {
    const text = body.replace(/^\ufeff/, '').trimStart();
    const raw = text.startsWith('{') ? readJsonFeed(text) : text.startsWith('<') ? readXmlFeed(text) : null;
    if (!raw) return { ok: false, error: new FeedError('unsupported-format', 'neither XML nor JSON') };
    return { ok: true, feed: normalise(raw, feedUrl) };
  } catch (err) {
    const error = err instanceof FeedError ? err : new FeedError('malformed', err instanceof Error ? err.message.slice(0, 200) : 'unreadable');
    return { ok: false, error };
  }
}

function normalise(raw: RawFeed, feedUrl: string): ParsedFeed {
  const feedLanguage = languageTag(raw.language);
  const entries: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const rawEntry of raw.entries) {
    if (entries.length >= FEED_LIMITS.entries) break;
    const entry = toEntry(rawEntry, feedUrl, feedLanguage);
    if (!entry || seen.has(entry.key)) continue;
    seen.add(entry.key);
    entries.push(entry);
  }
  const title = raw.title ? plainText(raw.title, FEED_LIMITS.feedTitleChars) : '';
  return { ...(title ? { title } : {}), entries };
}

function toEntry(raw: RawEntry, feedUrl: string, feedLanguage: string | undefined): FeedEntry | null {
  const url = raw.links.map((link) => entryUrl(link, feedUrl)).find((u): u is string => u !== null);
  if (!url) return null;
  const summary = raw.summaryHtml ? plainText(raw.summaryHtml, FEED_LIMITS.summaryChars) : '';
  const title = (raw.title ? plainText(raw.title, FEED_LIMITS.titleChars) : '') || capText(summary, 120) || url;
  const id = raw.id?.trim();
  const language = languageTag(raw.language) ?? feedLanguage;
  const updatedAt = entryDate(raw.date);
  return {
    key: entryKey(id || url),
    title: capText(title, FEED_LIMITS.titleChars),
    summary,
    url,
    ...(language ? { language } : {}),
    ...(updatedAt ? { updatedAt } : {}),
  };
}
