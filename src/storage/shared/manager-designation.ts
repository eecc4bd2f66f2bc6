/**
 * The row a designation is stored as, computed once for both adapters: its subject's kind, the value
 * shown (the user id, or the role as the admin typed it, trimmed) and the key it is matched by
 * (context/manager-roles.ts). Unique per platform on (kind, match key): the same role typed in two
 * spellings that mean the same role is one designation.
 */
import { designationRoleKey, launchRoleKeys, userIdProblem } from '../../context/manager-roles';
import type { DesignationSubject } from '../ports/managers';

export interface DesignationKey {
  readonly kind: 'user' | 'role';
  readonly value: string;
  readonly matchKey: string;
}

export function designationKey(subject: DesignationSubject): DesignationKey {
  // Typed at the edge, but a store must never pass an object on as a query operator.
  if (typeof (subject.kind === 'user' ? subject.userId : subject.role) !== 'string') throw new RangeError('a designation names a string');
  if (subject.kind === 'user') {
    const problem = userIdProblem(subject.userId);
    if (problem) throw new RangeError(`user id: ${problem}`);
    return { kind: 'user', value: subject.userId, matchKey: subject.userId };
  }
  const role = designationRoleKey(subject.role);
  if ('problem' in role) throw new RangeError(`role: ${role.problem}`);
  return { kind: 'role', value: subject.role.trim(), matchKey: role.key };
}

export function subjectOf(kind: string, value: string): DesignationSubject {
  return kind === 'user' ? { kind: 'user', userId: value } : { kind: 'role', role: value };
}

/** What one launch may be designated by: its user id, and the keys of its roles. */
export function launchLookup(userId: string, roles: readonly string[]): { readonly userId: string; readonly roleKeys: readonly string[] } {
  return { userId, roleKeys: launchRoleKeys(roles) };
}
