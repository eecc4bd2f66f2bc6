/** Rows of the contribution tables and their records (ports/contributions.ts). */
import type { Contribution, ContributionComment, ContributionHoldReason, ContributionReuse } from '../ports/contributions';
import { reuseTargetOf } from '../shared/contribution-plan';

export interface ContributionRow {
  id: string;
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
  author_id: string;
  author_name: string;
  title: string;
  text: string;
  link: string | null;
  file_id: string | null;
  file_name: string | null;
  file_type: string | null;
  file_size: number | null;
  file_sha256: string | null;
  licence: Contribution['licence'];
  consent_to_reuse: 0 | 1;
  credit_by_name: 0 | 1;
  credit_name: string | null;
  credit_consent_at: number | null;
  status: Contribution['status'];
  hold_reasons: string;
  featured: 0 | 1;
  useful_count: number;
  comment_count: number;
  report_count: number;
  reuse_count: number;
  in_queue: 0 | 1;
  created_at: number;
  updated_at: number;
}

export interface CommentRow {
  id: string;
  contribution_id: string;
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
  author_id: string;
  author_name: string;
  text: string;
  status: ContributionComment['status'];
  hold_reasons: string;
  hidden_reason: string | null;
  created_at: number;
}

export interface ReuseRow {
  id: string;
  contribution_id: string;
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
  author_id: string;
  kind: 'version' | 'course';
  version_id: string;
  target_deployment_id: string;
  target_context_id: string;
  by_id: string;
  by_name: string;
  at: number;
}

const courseOfRow = (row: { issuer: string; client_id: string; deployment_id: string; context_id: string }) => ({
  issuer: row.issuer,
  clientId: row.client_id,
  deploymentId: row.deployment_id,
  contextId: row.context_id,
});

export function toContribution(row: ContributionRow): Contribution {
  return {
    id: row.id,
    course: courseOfRow(row),
    author: { id: row.author_id, name: row.author_name },
    title: row.title,
    text: row.text,
    ...(row.link === null ? {} : { link: row.link }),
    ...(row.file_id === null
      ? {}
      : { file: { id: row.file_id, name: row.file_name ?? '', contentType: row.file_type ?? '', size: row.file_size ?? 0, sha256: row.file_sha256 ?? '' } }),
    licence: row.licence,
    consentToReuse: row.consent_to_reuse === 1,
    credit: row.credit_by_name === 1 ? { byName: true, name: row.credit_name ?? '' } : { byName: false },
    ...(row.credit_consent_at === null ? {} : { creditEditConsentAt: new Date(row.credit_consent_at) }),
    status: row.status,
    holdReasons: JSON.parse(row.hold_reasons) as ContributionHoldReason[],
    featured: row.featured === 1,
    usefulCount: row.useful_count,
    commentCount: row.comment_count,
    reportCount: row.report_count,
    reuseCount: row.reuse_count,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export function toComment(row: CommentRow): ContributionComment {
  return {
    id: row.id,
    course: courseOfRow(row),
    contributionId: row.contribution_id,
    author: { id: row.author_id, name: row.author_name },
    text: row.text,
    status: row.status,
    holdReasons: JSON.parse(row.hold_reasons) as ContributionHoldReason[],
    ...(row.hidden_reason === null ? {} : { hiddenReason: row.hidden_reason }),
    createdAt: new Date(row.created_at),
  };
}

export function toReuse(row: ReuseRow): ContributionReuse {
  const course = courseOfRow(row);
  return {
    id: row.id,
    contributionId: row.contribution_id,
    course,
    target: reuseTargetOf(course, { kind: row.kind, versionId: row.version_id, targetDeploymentId: row.target_deployment_id, targetContextId: row.target_context_id }),
    by: { id: row.by_id, name: row.by_name },
    at: new Date(row.at),
  };
}
