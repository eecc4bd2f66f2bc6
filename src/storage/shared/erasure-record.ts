/**
 * What an erasure writes about itself, computed once for both adapters: the per-course counts of
 * what it changed and, per course, one audit entry carrying the erasure's random reference and those
 * counts, nothing about the person (no id, no name, no content).
 */
import type { ContextKey } from '../../context/tenant';
import type { AuditInput } from '../ports/audit';
import { ERASURE_COUNTS, type CourseErasure, type ErasureCount, type ErasureRequest, type UserKey } from '../ports/user-data';

/** The audit log's actor column takes a course role; the erasure is written in the tool's name, with staff powers. */
export const ERASURE_ACTOR = { id: 'learner-voice', name: 'Learner Voice', role: 'instructor' } as const;

/** What the person's ids become in the rows kept: one value per erasure, so counts of distinct people stay right. */
export const erasedId = (request: Pick<ErasureRequest, 'reference'>): string => `erased:${request.reference}`;

export class ErasureTally {
  private readonly byCourse = new Map<string, { course: ContextKey; counts: Record<ErasureCount, number> }>();

  add(course: ContextKey, count: ErasureCount, n = 1): void {
    if (n <= 0) return;
    const key = JSON.stringify([course.issuer, course.clientId, course.deploymentId, course.contextId]);
    let entry = this.byCourse.get(key);
    if (!entry) {
      const counts = Object.fromEntries(ERASURE_COUNTS.map((c) => [c, 0])) as Record<ErasureCount, number>;
      entry = { course: { issuer: course.issuer, clientId: course.clientId, deploymentId: course.deploymentId, contextId: course.contextId }, counts };
      this.byCourse.set(key, entry);
    }
    entry.counts[count] += n;
  }

  courses(): CourseErasure[] {
    return [...this.byCourse.values()];
  }
}

/** The one 'user.erase' entry of a course. */
export function erasureAudit(erasure: CourseErasure, request: ErasureRequest): AuditInput {
  const params: Record<string, string> = { reference: request.reference };
  for (const count of ERASURE_COUNTS) params[count] = String(erasure.counts[count]);
  return {
    course: erasure.course,
    at: request.at,
    actor: { ...ERASURE_ACTOR },
    action: 'user.erase',
    subject: { type: 'erasure', id: request.reference },
    systemReason: { code: 'user.erased', params },
  };
}

/** The input every adapter checks before writing anything: ids that cannot be read as operators, a reference that names nobody. */
export function checkErasure(user: UserKey, request: ErasureRequest): void {
  checkUserKey(user);
  if (typeof request.reference !== 'string' || !/^[A-Za-z0-9-]{8,64}$/.test(request.reference)) throw new RangeError('An erasure reference is 8-64 letters, digits or dashes');
  if (!(request.at instanceof Date) || Number.isNaN(request.at.getTime())) throw new RangeError('An erasure needs a valid date');
}

/** A person is named by three non-empty strings, never by anything a query could read as an operator. */
export function checkUserKey(user: UserKey): void {
  for (const [name, value] of [['issuer', user?.issuer], ['clientId', user?.clientId], ['userId', user?.userId]] as const) {
    if (typeof value !== 'string' || value === '') throw new TypeError(`A person is named by a non-empty ${name}`);
  }
}
