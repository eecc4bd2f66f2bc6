/**
 * How a receiver knows a webhook call comes from this tool and is fresh. Each call carries:
 *   X-Learner-Voice-Timestamp: <unix seconds when it was signed>
 *   X-Learner-Voice-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the shared secret>
 * A receiver recomputes the HMAC over the raw bytes it received, compares in constant time, and
 * refuses a timestamp more than five minutes from its clock (a replayed call). The version prefix
 * lets the scheme change without breaking receivers. README "Alerts" shows a receiver's check.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Learner-Voice-Timestamp';
export const SIGNATURE_HEADER = 'X-Learner-Voice-Signature';
/** How far a receiver should accept a timestamp from its own clock, in seconds. */
export const REPLAY_WINDOW_SECONDS = 300;

export function signWebhook(secret: string, body: string, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `v1=${hmac(secret, timestamp, body)}` };
}

/** The receiver's side (used by the tests, and a model for receivers): true when the call is authentic and fresh. */
export function verifyWebhook(secret: string, body: string, timestamp: string | undefined, signature: string | undefined, now: Date, windowSeconds = REPLAY_WINDOW_SECONDS): boolean {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature?.startsWith('v1=')) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > windowSeconds) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  const given = Buffer.from(signature.slice(3), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function hmac(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}
