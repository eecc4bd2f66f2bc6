/**
 * Ids of contribution files (ports/contribution-files.ts): 128 random bits as 32 lowercase hex
 * characters. Random, not content-addressed: two people uploading the same bytes get two files, so
 * erasing one person's file never removes another's.
 */
import { randomBytes } from 'node:crypto';

const FILE_ID = /^[0-9a-f]{32}$/;

export function newFileId(): string {
  return randomBytes(16).toString('hex');
}

/** Every adapter answers "not found" for anything else, so an id can never be a path or a query. */
export function isFileId(id: unknown): id is string {
  return typeof id === 'string' && FILE_ID.test(id);
}
