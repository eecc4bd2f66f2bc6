/**
 * What each staff write on a contribution changes, decided once for every adapter: the adapter
 * reads the current record inside its transaction, asks the plan, and writes exactly what it says
 * (or nothing, with the refusal) together with the audit entry.
 */
import { samePlatform, type ContextKey } from '../../context/tenant';
import type {
  CommentStatus,
  Contribution,
  ContributionComment,
  ContributionCredit,
  ContributionHoldReason,
  ContributionRefusal,
  ContributionStatus,
  ReuseTarget,
} from '../ports/contributions';
import { ContributionInputError } from '../ports/contributions';
import { sameCourse } from './audit-record';
import { checkCredit } from './contribution-input';

export type Plan<T> = { readonly ok: true; readonly change: T } | { readonly ok: false; readonly refusal: ContributionRefusal };

export interface ModerationChange {
  readonly status: ContributionStatus;
  readonly holdReasons: readonly ContributionHoldReason[];
  /** Publishing settles the open reports (they stay stored, marked cleared). */
  readonly clearReports: boolean;
}

export function planModeration(current: Contribution, status: ContributionStatus): Plan<ModerationChange> {
  if (status === 'published') {
    if (!current.consentToReuse) return { ok: false, refusal: 'no-consent' };
    return { ok: true, change: { status, holdReasons: [], clearReports: true } };
  }
  if (status !== 'held') throw new ContributionInputError(`A contribution is published or held, got ${String(status)}`);
  // Holding keeps the automatic reasons it may already have, and says staff held it.
  const reasons = current.status === 'held' ? current.holdReasons : [];
  return { ok: true, change: { status, holdReasons: [...new Set<ContributionHoldReason>([...reasons, 'staff'])], clearReports: false } };
}

/** Where a reuse points, flattened to the columns/fields both adapters store ('' for "not this kind"). */
export interface ReuseKey {
  readonly kind: 'version' | 'course';
  readonly versionId: string;
  readonly targetDeploymentId: string;
  readonly targetContextId: string;
}

export function reuseKeyOf(target: ReuseTarget): ReuseKey {
  return target.kind === 'version'
    ? { kind: 'version', versionId: target.versionId, targetDeploymentId: '', targetContextId: '' }
    : { kind: 'course', versionId: '', targetDeploymentId: target.course.deploymentId, targetContextId: target.course.contextId };
}

/** The reuse target back from stored fields; the target course is always on the contribution's platform. */
export function reuseTargetOf(course: ContextKey, key: ReuseKey): ReuseTarget {
  return key.kind === 'version'
    ? { kind: 'version', versionId: key.versionId }
    : { kind: 'course', course: { issuer: course.issuer, clientId: course.clientId, deploymentId: key.targetDeploymentId, contextId: key.targetContextId } };
}

/**
 * Checks a reuse against the contribution, the course's version ids and the reuses already
 * recorded (their keys). Consent first: without it nothing may be reused.
 */
export function planReuse(current: Contribution, target: ReuseTarget, versionIds: readonly string[], existing: readonly ReuseKey[]): Plan<ReuseKey> {
  if (!current.consentToReuse) return { ok: false, refusal: 'no-consent' };
  if (target.kind === 'version') {
    if (typeof target.versionId !== 'string' || !versionIds.includes(target.versionId)) return { ok: false, refusal: 'unknown-version' };
  } else if (target.kind === 'course') {
    if (!target.course || !samePlatform(target.course, current.course) || sameCourse(target.course, current.course)) return { ok: false, refusal: 'bad-course' };
    if (typeof target.course.deploymentId !== 'string' || typeof target.course.contextId !== 'string' || target.course.contextId === '') return { ok: false, refusal: 'bad-course' };
    if (current.licence === 'course-only') return { ok: false, refusal: 'licence' };
  } else {
    throw new ContributionInputError('A reuse target is a version or a course');
  }
  const key = reuseKeyOf(target);
  const same = existing.some((e) => e.kind === key.kind && e.versionId === key.versionId && e.targetDeploymentId === key.targetDeploymentId && e.targetContextId === key.targetContextId);
  return same ? { ok: false, refusal: 'duplicate' } : { ok: true, change: key };
}

export function planCreditEdit(current: Contribution, credit: ContributionCredit): Plan<ContributionCredit> {
  const checked = checkCredit(credit);
  if (current.creditEditConsentAt === undefined) return { ok: false, refusal: 'no-credit-consent' };
  return { ok: true, change: checked };
}

export interface CommentModerationChange {
  readonly status: CommentStatus;
  readonly holdReasons: readonly ContributionHoldReason[];
  readonly hiddenReason?: string;
  /** How the contribution's published-comment count moves (-1, 0 or +1). */
  readonly countDelta: number;
}

export function planCommentModeration(current: ContributionComment, change: { status: CommentStatus; hiddenReason?: string }): CommentModerationChange {
  const { status } = change;
  if (status !== 'published' && status !== 'held' && status !== 'hidden') throw new ContributionInputError(`A comment is published, held or hidden, got ${String(status)}`);
  const countDelta = (status === 'published' ? 1 : 0) - (current.status === 'published' ? 1 : 0);
  const holdReasons: ContributionHoldReason[] = status === 'held' ? [...new Set<ContributionHoldReason>([...current.holdReasons, 'staff'])] : [];
  const hiddenReason = status === 'hidden' && change.hiddenReason ? change.hiddenReason : undefined;
  return { status, holdReasons, ...(hiddenReason === undefined ? {} : { hiddenReason }), countDelta };
}

/** In the moderation queue: held, or with open reports. Stored as a flag so the queue is one index range. */
export function inQueue(status: ContributionStatus, reportCount: number): boolean {
  return status === 'held' || reportCount > 0;
}
