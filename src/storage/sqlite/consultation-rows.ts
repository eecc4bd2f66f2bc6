/** Rows of the consumer-group tables and their translation to the port's records. */
import type { Locale } from '../../context/launch-context';
import type { CourseRole } from '../../context/roles';
import type { ContextKey } from '../../context/tenant';
import type { Comment, Consultation, ConsultationStatus, Idea, IdeaKind, IdeaStatus, OutlineSection, Poll, PollKind } from '../ports/consultations';

export const COURSE_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId';

export function courseParams(course: ContextKey) {
  return { issuer: course.issuer, clientId: course.clientId, deploymentId: course.deploymentId, contextId: course.contextId };
}

interface CourseColumns {
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
}

const courseOf = (row: CourseColumns): ContextKey => ({ issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id, contextId: row.context_id });

export interface ConsultationRow extends CourseColumns {
  id: string;
  title: string;
  brief: string;
  questions: string;
  opens_on: string | null;
  closes_on: string | null;
  status: ConsultationStatus;
  outline: string;
  created_at: number;
  updated_at: number;
}

export function toConsultation(row: ConsultationRow): Consultation {
  return {
    id: row.id,
    course: courseOf(row),
    title: row.title,
    brief: row.brief,
    questions: JSON.parse(row.questions) as string[],
    ...(row.opens_on === null ? {} : { opensOn: row.opens_on }),
    ...(row.closes_on === null ? {} : { closesOn: row.closes_on }),
    status: row.status,
    outline: JSON.parse(row.outline) as OutlineSection[],
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export interface PollRow {
  id: string;
  consultation_id: string;
  question: string;
  kind: PollKind;
  options: string;
  created_at: number;
}

export function toPoll(row: PollRow): Poll {
  return {
    id: row.id,
    consultationId: row.consultation_id,
    question: row.question,
    kind: row.kind,
    options: JSON.parse(row.options) as string[],
    createdAt: new Date(row.created_at),
  };
}

export interface IdeaRow extends CourseColumns {
  seq: number;
  id: string;
  kind: IdeaKind;
  consultation_id: string | null;
  author_id: string;
  author_name: string;
  author_role: CourseRole;
  credit_consent: number;
  title: string;
  description: string;
  situation: string;
  language: Locale;
  status: IdeaStatus;
  decline_reason: string | null;
  status_changed_at: number | null;
  hidden: number;
  hidden_reason: string | null;
  merged_into: string | null;
  vote_count: number;
  comment_count: number;
  created_at: number;
  last_activity_at: number;
}

export function toIdea(row: IdeaRow): Idea {
  return {
    id: row.id,
    course: courseOf(row),
    kind: row.kind,
    consultationId: row.consultation_id,
    author: { id: row.author_id, name: row.author_name, role: row.author_role },
    creditConsent: row.credit_consent === 1,
    title: row.title,
    description: row.description,
    situation: row.situation,
    language: row.language,
    status: row.status,
    ...(row.decline_reason === null ? {} : { declineReason: row.decline_reason }),
    ...(row.status_changed_at === null ? {} : { statusChangedAt: new Date(row.status_changed_at) }),
    hidden: row.hidden === 1,
    ...(row.hidden_reason === null ? {} : { hiddenReason: row.hidden_reason }),
    ...(row.merged_into === null ? {} : { mergedInto: row.merged_into }),
    voteCount: row.vote_count,
    commentCount: row.comment_count,
    createdAt: new Date(row.created_at),
    lastActivityAt: new Date(row.last_activity_at),
  };
}

export interface CommentRow extends CourseColumns {
  id: string;
  target_type: 'idea' | 'section';
  target_id: string;
  consultation_id: string | null;
  parent_id: string | null;
  author_id: string;
  author_name: string;
  author_role: CourseRole;
  body: string;
  hidden: number;
  hidden_reason: string | null;
  created_at: number;
}

export function toComment(row: CommentRow): Comment {
  return {
    id: row.id,
    course: courseOf(row),
    target:
      row.target_type === 'idea'
        ? { type: 'idea', ideaId: row.target_id }
        : { type: 'section', consultationId: row.consultation_id ?? '', sectionId: row.target_id },
    parentId: row.parent_id,
    author: { id: row.author_id, name: row.author_name, role: row.author_role },
    body: row.body,
    hidden: row.hidden === 1,
    ...(row.hidden_reason === null ? {} : { hiddenReason: row.hidden_reason }),
    createdAt: new Date(row.created_at),
  };
}
