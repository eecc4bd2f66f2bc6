/**
 * Why a feed gave no entries. The code is what the store keeps (lastError) and what the admin page
 * translates; the detail goes to the log only, with any URL's query string removed (it may hold a key).
 */
export const FEED_ERROR_CODES = [
  'timeout',
  'unreachable',
  'http-status',
  'too-large',
  'too-many-redirects',
  'bad-redirect',
  'wrong-content-type',
  'address-refused',
  'malformed',
  'unsupported-format',
  'internal',
] as const;

export type FeedErrorCode = (typeof FEED_ERROR_CODES)[number];

export function isFeedErrorCode(value: unknown): value is FeedErrorCode {
  return typeof value === 'string' && (FEED_ERROR_CODES as readonly string[]).includes(value);
}

export class FeedError extends Error {
  constructor(
    readonly code: FeedErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'FeedError';
  }
}
