/**
 * The pseudonym under which buy-in is counted: an HMAC of the platform and its `sub` under the tool's
 * secret, so the visits table joins "opened from the catalogue" with "launched the course" without
 * holding the LMS user id. Changing LTI_KEY starts new pseudonyms (earlier visits then count as
 * opened, never as launched).
 */
import { createHmac } from 'node:crypto';
import type { PlatformKey } from '../context/tenant';

export function visitorOf(secret: string, platform: PlatformKey, userId: string): string {
  return createHmac('sha256', secret).update(`catalogue-visitor\n${platform.issuer}\n${platform.clientId}\n${userId}`).digest('base64url').slice(0, 32);
}
