/**
 * A course's id in the read API: base64url of `[deploymentId, contextId]`. A platform's course is
 * named by both (two deployments may reuse a context id); the platform itself always comes from the
 * token, never from the id, so an id can only ever name a course of the token's own platform.
 * Anything that does not decode to two short non-empty strings names no course (404).
 */
import { isRecord } from '../storage/shared/cursor';

/** LTI ids are at most 255 characters; this leaves room for multi-byte characters. */
const MAX_PART_LENGTH = 1024;
const MAX_ID_LENGTH = 4 * MAX_PART_LENGTH;

export interface CourseRef {
  readonly deploymentId: string;
  readonly contextId: string;
}

export function encodeCourseId(ref: CourseRef): string {
  return Buffer.from(JSON.stringify([ref.deploymentId, ref.contextId]), 'utf8').toString('base64url');
}

export function decodeCourseId(id: string): CourseRef | null {
  if (id.length === 0 || id.length > MAX_ID_LENGTH || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2 || isRecord(value)) return null;
  const [deploymentId, contextId] = value as unknown[];
  const ok = (part: unknown): part is string => typeof part === 'string' && part.length > 0 && part.length <= MAX_PART_LENGTH;
  if (!ok(deploymentId) || !ok(contextId)) return null;
  // Only the exact encoding names the course: no second spelling of one id.
  if (encodeCourseId({ deploymentId, contextId }) !== id) return null;
  return { deploymentId, contextId };
}
