/**
 * How a role designation ("everyone with this LMS role is a training manager") meets the roles of a
 * launch. Both sides are reduced to match keys, once, so the store finds a designation by an index
 * lookup (storage/shared/manager-designation.ts) instead of reading every designation of a platform.
 *
 * The rule (README, "Training managers"):
 * - a full LIS role URI (membership#…, membership/Parent#…, institution/person#…, system/person#…,
 *   or the LTI 1.1 urn:lti:… forms) matches that role in whichever of these spellings the platform
 *   sends, read as roles.ts reads them (scope, parent and name);
 * - a short name ("Mentor", "Administrator", "Instructor#TeachingAssistant") matches that name in
 *   ANY scope: context, institution or system, full or short form. It is what an admin types from the
 *   LMS's role list without knowing which vocabulary the platform puts it in;
 * - any other URI (a platform's own custom role, e.g. "https://lms.example/roles#TrainingManager")
 *   matches exactly the same text, case included, once surrounding spaces are dropped.
 */
import { parseRole } from './roles';

/** Longest role a designation may name: LIS URIs are under 100 characters; custom ones stay short. */
export const MAX_ROLE_LENGTH = 512;
/** Longest user id: OpenID Connect's `sub` is at most 255 ASCII characters. */
export const MAX_USER_ID_LENGTH = 255;
/** Launch roles looked at per request: a real launch sends a handful; a hostile one cannot make the lookup large. */
const MAX_LAUNCH_ROLES = 64;

const SHORT_NAME = /^[A-Za-z][A-Za-z0-9]*(#[A-Za-z][A-Za-z0-9]*)?$/;
// No spaces or control characters inside a role: platforms send none, and a typo must not become a rule.
const URI_LIKE = /^[^\s\p{Cc}]+:[^\s\p{Cc}]+$/u;

export type RoleProblem = 'required' | 'too-long' | 'invalid';

/** The match key of a role as an admin designates it, or the problem with what was typed. */
export function designationRoleKey(raw: string): { key: string } | { problem: RoleProblem } {
  const role = raw.trim();
  if (role === '') return { problem: 'required' };
  if (role.length > MAX_ROLE_LENGTH) return { problem: 'too-long' };
  if (SHORT_NAME.test(role)) return { key: `name:${role}` };
  if (!URI_LIKE.test(role)) return { problem: 'invalid' };
  return { key: exactKey(role) };
}

/** Every key one launch's roles answer to (see the rule above), without repeats. */
export function launchRoleKeys(roles: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const raw of roles.slice(0, MAX_LAUNCH_ROLES)) {
    if (typeof raw !== 'string' || raw.length > MAX_ROLE_LENGTH) continue;
    const role = parseRole(raw);
    if (role.scope === 'unknown') {
      keys.add(`uri:${raw.trim()}`);
      continue;
    }
    keys.add(lisKey(role.scope, role.name, role.parent));
    keys.add(`name:${role.name}`);
    if (role.parent && role.parent !== role.name) keys.add(`name:${role.parent}#${role.name}`);
  }
  return [...keys];
}

/** A URI: a LIS role by scope, parent and name whatever its spelling; anything else by its exact text. */
function exactKey(uri: string): string {
  const role = parseRole(uri);
  return role.scope === 'unknown' ? `uri:${uri}` : lisKey(role.scope, role.name, role.parent);
}

function lisKey(scope: string, name: string, parent?: string): string {
  return parent && parent !== name ? `lis:${scope}:${parent}#${name}` : `lis:${scope}:${name}`;
}

/** A user id as a designation names it: exact (ids are matched as the platform sends them), bounded, printable. */
export function userIdProblem(userId: string): RoleProblem | null {
  if (userId === '') return 'required';
  if (userId.length > MAX_USER_ID_LENGTH) return 'too-long';
  if (/\p{Cc}/u.test(userId)) return 'invalid';
  return null;
}
