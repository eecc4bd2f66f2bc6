/**
 * What one parsed feed gives, whatever its format: plain-text fields of bounded length, an http(s)
 * link resolved against the feed's URL. The caps live here because both the parser and the store
 * rely on them (a feed can never make a row or document larger than they allow).
 */
import { createHash } from 'node:crypto';
import type { StoredFeedEntry } from '../../storage/ports/external-sources';

export const FEED_LIMITS = {
  entries: 500,
  keyChars: 300,
  titleChars: 300,
  summaryChars: 1000,
  urlChars: 2000,
  feedTitleChars: 200,
} as const;

/** One entry of a parsed feed: what the store keeps of it (storage/ports/external-sources.ts). */
export type FeedEntry = StoredFeedEntry;

export interface ParsedFeed {
  readonly title?: string;
  readonly entries: readonly FeedEntry[];
}

/** An http(s) URL resolved against the feed's own URL, or null (another scheme, credentials, too long). */
export function entryUrl(raw: unknown, feedUrl: string): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim(), feedUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  const href = url.href;
  return href.length <= FEED_LIMITS.urlChars ? href : null;
}

/** A key short enough to index: long ids are replaced by their hash (still stable across fetches). */
export function entryKey(raw: string): string {
  return raw.length <= FEED_LIMITS.keyChars ? raw : 'sha256:' + createHash('sha256').update(raw).digest('base64url');
}

/** 'fr-CA' → 'fr'; anything that is not a language tag → undefined. */
export function languageTag(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const match = /^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$/.exec(raw);
  return match ? match[1].toLowerCase() : undefined;
}

/** RFC 822 (RSS), RFC 3339 (Atom, JSON Feed); a date that does not parse is left out. */
export function entryDate(raw: unknown): Date | undefined {
  if (typeof raw !== 'string' || raw.length > 64) return undefined;
  const ms = Date.parse(raw.trim());
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}
