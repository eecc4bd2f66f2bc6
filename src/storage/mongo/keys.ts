import type { ContextKey, PlatformKey } from '../../context/tenant';
import type { ItemKey } from '../ports/reviews';

/*
 * Filters are rebuilt from the key fields only: callers often pass a whole record (a PlatformRecord
 * is a PlatformKey), and spreading it would match on name or dates instead of identity, while a
 * missing field would match across tenants. Each builder names exactly the fields of the unique index.
 */

export interface PlatformFilter {
  issuer: string;
  clientId: string;
}

export interface CourseFilter extends PlatformFilter {
  deploymentId: string;
  contextId: string;
}

export interface MemberFilter extends CourseFilter {
  userId: string;
}

export interface NonceFilter extends PlatformFilter {
  nonce: string;
}

export function platformFilter(key: PlatformKey): PlatformFilter {
  return { issuer: requireString(key.issuer, 'issuer'), clientId: requireString(key.clientId, 'clientId') };
}

/** Context ids for a `$in`, each checked to be a string (never an operator object). */
export function contextIdList(ids: readonly string[]): string[] {
  return ids.map((id) => requireString(id, 'contextId'));
}

export function courseFilter(course: ContextKey): CourseFilter {
  return {
    ...platformFilter(course),
    deploymentId: requireString(course.deploymentId, 'deploymentId'),
    contextId: requireString(course.contextId, 'contextId'),
  };
}

export function memberFilter(course: ContextKey, userId: string): MemberFilter {
  return { ...courseFilter(course), userId: requireString(userId, 'userId') };
}

export interface ItemFilter extends CourseFilter {
  itemId: string;
}

export function itemFilter(item: ItemKey): ItemFilter {
  return { ...courseFilter(item), itemId: requireString(item.itemId, 'itemId') };
}

/**
 * An id that reaches a query as a plain value (review, voter, author ids). Review ids arrive from
 * URLs and forms; an object there would be read as an operator ({ $ne: null } matches any review).
 */
export function idValue(value: unknown, field: string): string {
  return requireString(value, field);
}

export function nonceFilter(platform: PlatformKey, nonce: string): NonceFilter {
  return { ...platformFilter(platform), nonce: requireString(nonce, 'nonce') };
}

/**
 * A non-string (an object such as { $ne: null } arriving through untyped JSON) would be read by
 * MongoDB as a query operator and match other tenants' records, so it is refused outright.
 */
function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new TypeError(`Storage key field ${field} must be a string`);
  return value;
}

/**
 * Records whose expiry has passed at `now`. A record expiring exactly at `now` counts as expired,
 * matching findSession, which only returns sessions with expiresAt after `now`.
 */
export function expiredFilter(now: Date): { expiresAt: { $lte: Date } } {
  return { expiresAt: { $lte: now } };
}
