/**
 * Designating training managers, as a story shared by the admin page and the CLI:
 * read what was typed into a subject (or the problems with it), then add or remove it for the
 * platform of the session (the page) or of the command line (the CLI), then forget the answers the
 * process keeps (manager-directory.ts) so the change holds at the next request.
 */
import { designationRoleKey, MAX_ROLE_LENGTH, MAX_USER_ID_LENGTH, userIdProblem, type RoleProblem } from '../context/manager-roles';
import type { PlatformKey } from '../context/tenant';
import type { Storage } from '../storage/port';
import type { DesignationSubject, ManagerDesignation } from '../storage/ports/managers';
import { managerDirectoryOf } from './manager-directory';

export type SubjectField = 'kind' | 'value';
export type SubjectProblems = Partial<Record<SubjectField, RoleProblem>>;
export type SubjectKind = DesignationSubject['kind'];

export function maxLengthOf(kind: SubjectKind): number {
  return kind === 'user' ? MAX_USER_ID_LENGTH : MAX_ROLE_LENGTH;
}

/**
 * What was typed, as a subject. A role is kept as typed (trimmed); a user id is matched exactly as
 * the platform sends it, so `trimUserId` says whether spaces at its ends are a typing accident (a
 * form) or part of the id (the command line, where the shell already split the words).
 */
export function readSubject(kind: string, value: string, options: { readonly trimUserId: boolean }): { subject: DesignationSubject } | { problems: SubjectProblems } {
  if (kind !== 'user' && kind !== 'role') return { problems: { kind: 'required', ...(value.trim() === '' ? { value: 'required' } : {}) } };
  if (kind === 'user') {
    const userId = options.trimUserId ? value.trim() : value;
    const problem = userIdProblem(userId);
    return problem ? { problems: { value: problem } } : { subject: { kind: 'user', userId } };
  }
  const role = designationRoleKey(value);
  return 'problem' in role ? { problems: { value: role.problem } } : { subject: { kind: 'role', role: value.trim() } };
}

export async function designate(
  storage: Pick<Storage, 'managers'>,
  platform: PlatformKey,
  subject: DesignationSubject,
  by: ManagerDesignation['designatedBy'],
  now: Date,
): Promise<{ readonly added: boolean; readonly designation: ManagerDesignation }> {
  const outcome = await storage.managers.addDesignation(platform, subject, by, now);
  if (outcome.added) managerDirectoryOf(storage).forget();
  return outcome;
}

export async function undesignate(storage: Pick<Storage, 'managers'>, platform: PlatformKey, subject: DesignationSubject): Promise<boolean> {
  const removed = await storage.managers.removeDesignation(platform, subject);
  if (removed) managerDirectoryOf(storage).forget();
  return removed;
}

/** How a subject reads in a line of text: "user 42", "role Mentor". */
export function subjectText(subject: DesignationSubject): string {
  return subject.kind === 'user' ? subject.userId : subject.role;
}
