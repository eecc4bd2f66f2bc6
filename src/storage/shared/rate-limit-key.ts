/**
 * What the adapters store in place of a rate-limit key: its SHA-256, 43 base64url characters whatever
 * the key's length. Keys hold LTI user ids and client addresses; the digest lets processes meet on
 * the same row without writing either down. (An IPv4 digest can be found again by trying every
 * address; a row lives one window, at most an hour, which is the protection that matters here.)
 */
import { createHash } from 'node:crypto';

export function rateLimitDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('base64url');
}

/** The longest window any limit uses is an hour; a day leaves room and refuses nonsense. */
const MAX_WINDOW_MS = 24 * 60 * 60_000;

/** A window length both adapters accept: a whole number of milliseconds, 1 ms to a day. */
export function checkWindowMs(windowMs: number): number {
  if (!Number.isInteger(windowMs) || windowMs < 1 || windowMs > MAX_WINDOW_MS) throw new RangeError(`windowMs must be a whole number of milliseconds from 1 to ${MAX_WINDOW_MS} (got ${windowMs})`);
  return windowMs;
}
