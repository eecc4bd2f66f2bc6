import { randomBytes } from 'node:crypto';

/** Random, unguessable record ids (128 bits, URL-safe), the same shape in every adapter. */
export function newRecordId(): string {
  return randomBytes(16).toString('base64url');
}

/** What a record id looks like; anything else in a URL cannot name a record. */
export const RECORD_ID = /^[A-Za-z0-9_-]{22}$/;
