/** Contribution documents to port records and back, and the cursor ranges of their lists. */
import type { ContextKey } from '../../context/tenant';
import type { Contribution, ContributionComment, ContributionReuse, ContributionWrite } from '../ports/contributions';
import { reuseTargetOf } from '../shared/contribution-plan';
import type { ContributionCommentDoc, ContributionDoc, ContributionReuseDoc } from './contribution-models';

const courseOf = (doc: ContextKey): ContextKey => ({ issuer: doc.issuer, clientId: doc.clientId, deploymentId: doc.deploymentId ?? '', contextId: doc.contextId ?? '' });

export function toContribution(doc: ContributionDoc): Contribution {
  return {
    id: doc.contributionId,
    course: courseOf(doc),
    author: { id: doc.authorId, name: doc.authorName ?? '' },
    title: doc.title,
    text: doc.text,
    ...(doc.link == null ? {} : { link: doc.link }),
    ...(doc.fileId == null
      ? {}
      : { file: { id: doc.fileId, name: doc.fileName ?? '', contentType: doc.fileType ?? '', size: doc.fileSize ?? 0, sha256: doc.fileSha256 ?? '' } }),
    licence: doc.licence,
    consentToReuse: doc.consentToReuse === true,
    credit: doc.creditByName ? { byName: true, name: doc.creditName ?? '' } : { byName: false },
    ...(doc.creditConsentAt == null ? {} : { creditEditConsentAt: new Date(doc.creditConsentAt) }),
    status: doc.status,
    holdReasons: [...(doc.holdReasons ?? [])],
    featured: doc.featured === 1,
    usefulCount: doc.usefulCount ?? 0,
    commentCount: doc.commentCount ?? 0,
    reportCount: doc.reportCount ?? 0,
    reuseCount: doc.reuseCount ?? 0,
    createdAt: new Date(doc.createdAt),
    updatedAt: new Date(doc.updatedAt),
  };
}

export function toComment(doc: ContributionCommentDoc): ContributionComment {
  return {
    id: doc.commentId,
    course: courseOf(doc),
    contributionId: doc.contributionId,
    author: { id: doc.authorId, name: doc.authorName ?? '' },
    text: doc.text,
    status: doc.status,
    holdReasons: [...(doc.holdReasons ?? [])],
    ...(doc.hiddenReason == null ? {} : { hiddenReason: doc.hiddenReason }),
    createdAt: new Date(doc.createdAt),
  };
}

export function toReuse(doc: ContributionReuseDoc): ContributionReuse {
  const course = courseOf(doc);
  return {
    id: doc.reuseId,
    contributionId: doc.contributionId,
    course,
    target: reuseTargetOf(course, { kind: doc.kind, versionId: doc.versionId ?? '', targetDeploymentId: doc.targetDeploymentId ?? '', targetContextId: doc.targetContextId ?? '' }),
    by: { id: doc.byId, name: doc.byName ?? '' },
    at: new Date(doc.at),
  };
}

/**
 * The author's fields of a checked write as one update: $set what is given, $unset what is absent
 * (an edit that drops the link or the file removes it, as SQLite's NULL does).
 */
export function writeUpdate(input: ContributionWrite): { $set: Record<string, unknown>; $unset: Record<string, ''> } {
  const set: Record<string, unknown> = {
    title: input.title,
    text: input.text,
    licence: input.licence,
    consentToReuse: input.consentToReuse,
    creditByName: input.credit.byName,
    status: input.status,
    holdReasons: [...input.holdReasons],
  };
  const unset: Record<string, ''> = {};
  if (input.link === undefined) unset.link = '';
  else set.link = input.link;
  if (input.file === undefined) for (const field of ['fileId', 'fileName', 'fileType', 'fileSize', 'fileSha256']) unset[field] = '';
  else Object.assign(set, { fileId: input.file.id, fileName: input.file.name, fileType: input.file.contentType, fileSize: input.file.size, fileSha256: input.file.sha256 });
  if (input.credit.byName) set.creditName = input.credit.name;
  else unset.creditName = '';
  return { $set: set, $unset: unset };
}

/** The stored fields of a new contribution's write (absent values left out, as writeUpdate unsets them). */
export function writeFields(input: ContributionWrite): Record<string, unknown> {
  return writeUpdate(input).$set;
}

/**
 * The documents after a cursor, newest first, as ranges that each start exactly at the cursor in a
 * list index (same lead and instant with a smaller id; same lead and an older instant; then a
 * smaller lead), so each is read in index order; a single $or would leave the server to scan from
 * the list's start. `lead` is absent for the newest-first order.
 */
export function afterRanges(base: Record<string, unknown>, idField: string, after: { lead?: readonly [string, number]; createdAt: number; id: string } | null, direction: 1 | -1): Array<Record<string, unknown>> {
  if (!after) return [base];
  const beyond = direction === -1 ? '$lt' : '$gt';
  const createdAt = new Date(after.createdAt);
  const lead = after.lead ? { [after.lead[0]]: after.lead[1] } : {};
  const ranges: Array<Record<string, unknown>> = [
    { ...base, ...lead, createdAt, [idField]: { [beyond]: after.id } },
    { ...base, ...lead, createdAt: { [beyond]: createdAt } },
  ];
  if (after.lead) ranges.push({ ...base, [after.lead[0]]: { [beyond]: after.lead[1] } });
  return ranges;
}
