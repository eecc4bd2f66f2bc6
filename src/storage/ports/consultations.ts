/**
 * The consumer group: consultations (with a draft outline and polls), ideas and training needs,
 * votes, comments, and the last visit of each person. Every method takes the course from the
 * session; an id from another course (or another platform with the same context id) finds nothing.
 * Vote and comment counts are kept on the idea in the same transaction as the change, so they stay
 * exact under concurrent voting and merging.
 */
import type { Locale } from '../../context/launch-context';
import type { CourseRole } from '../../context/roles';
import type { ContextKey } from '../../context/tenant';
import type { AuditInput } from './audit';
import type { Page, PageRequest } from './paging';

export const CONSULTATION_STATUSES = ['draft', 'open', 'closed'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

export interface OutlineSection {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export interface ConsultationWrite {
  readonly title: string;
  readonly brief: string;
  readonly questions: readonly string[];
  /** Calendar days (YYYY-MM-DD, UTC) between which an open consultation takes contributions. */
  readonly opensOn?: string;
  readonly closesOn?: string;
  readonly status: ConsultationStatus;
}

export interface Consultation extends ConsultationWrite {
  readonly id: string;
  readonly course: ContextKey;
  readonly outline: readonly OutlineSection[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const POLL_KINDS = ['single', 'multiple', 'scale'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

export interface PollWrite {
  readonly question: string;
  readonly kind: PollKind;
  /** The choices of a single or multiple choice poll; empty for a 1–5 scale. */
  readonly options: readonly string[];
}

export interface Poll extends PollWrite {
  readonly id: string;
  readonly consultationId: string;
  readonly createdAt: Date;
}

export interface PollResults {
  readonly respondents: number;
  /** Answers per choice (per option, or per scale point 1–5), in order. */
  readonly counts: readonly number[];
}

/** Who did something, as the launch said; only learners count in participation. */
export interface Participant {
  readonly id: string;
  readonly name: string;
  readonly role: CourseRole;
}

export const IDEA_KINDS = ['idea', 'need'] as const;
export type IdeaKind = (typeof IDEA_KINDS)[number];
export const IDEA_STATUSES = ['new', 'under-review', 'planned', 'adopted', 'declined'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];
export const IDEA_SORTS = ['votes', 'newest', 'active'] as const;
export type IdeaSort = (typeof IDEA_SORTS)[number];

/** An idea inside a consultation, or a training need (no consultation) that others support. */
export interface IdeaWrite {
  readonly kind: IdeaKind;
  readonly consultationId: string | null;
  readonly author: Participant;
  /** The author agreed to be credited by name if the idea is adopted. */
  readonly creditConsent: boolean;
  readonly title: string;
  readonly description: string;
  /** Training needs: the work situation it is needed for ('' for ideas). */
  readonly situation: string;
  /** The language it was written in (drives the similar-ideas match). */
  readonly language: Locale;
}

export interface Idea extends IdeaWrite {
  readonly id: string;
  readonly course: ContextKey;
  readonly status: IdeaStatus;
  /** Public reason of a declined idea. */
  readonly declineReason?: string;
  readonly statusChangedAt?: Date;
  readonly hidden: boolean;
  readonly hiddenReason?: string;
  /** Set once merged into another idea; a merged idea has no votes or comments left. */
  readonly mergedInto?: string;
  readonly voteCount: number;
  readonly commentCount: number;
  readonly createdAt: Date;
  readonly lastActivityAt: Date;
}

export interface IdeaQuery extends PageRequest {
  readonly kind: IdeaKind;
  /** Required for ideas, ignored for needs. */
  readonly consultationId?: string;
  readonly sort: IdeaSort;
  /** Instructors see hidden ideas; merged ideas are never listed. */
  readonly includeHidden: boolean;
}

export type CommentTarget =
  | { readonly type: 'idea'; readonly ideaId: string }
  | { readonly type: 'section'; readonly consultationId: string; readonly sectionId: string };

export interface CommentWrite {
  readonly target: CommentTarget;
  /** Replies are one level deep: the parent is a top-level comment on the same target. */
  readonly parentId: string | null;
  readonly author: Participant;
  readonly body: string;
}

export interface Comment extends CommentWrite {
  readonly id: string;
  readonly course: ContextKey;
  readonly hidden: boolean;
  readonly hiddenReason?: string;
  readonly createdAt: Date;
}

export interface SimilarQuery {
  readonly kind: IdeaKind;
  readonly consultationId?: string;
  readonly text: string;
  readonly language: Locale;
  readonly limit: number;
}

export interface ConsultationStore {
  createConsultation(course: ContextKey, input: ConsultationWrite, now: Date): Promise<Consultation>;
  /** Changes title, brief, questions, dates and status; the outline and everything attached stay. */
  updateConsultation(course: ContextKey, id: string, input: ConsultationWrite, now: Date): Promise<Consultation | null>;
  findConsultation(course: ContextKey, id: string): Promise<Consultation | null>;
  /** Newest first, only the given statuses. */
  listConsultations(course: ContextKey, statuses: readonly ConsultationStatus[], page: PageRequest): Promise<Page<Consultation>>;
  /** Appends a section to the outline; null when the consultation is not in the course. */
  addSection(course: ContextKey, consultationId: string, section: Omit<OutlineSection, 'id'>, now: Date): Promise<OutlineSection | null>;
  updateSection(course: ContextKey, consultationId: string, section: OutlineSection, now: Date): Promise<OutlineSection | null>;

  addPoll(course: ContextKey, consultationId: string, poll: PollWrite, now: Date): Promise<Poll | null>;
  /** Oldest first. */
  listPolls(course: ContextKey, consultationId: string): Promise<Poll[]>;
  /** One answer per person and poll; answering again replaces it. False when the poll is not in the course. */
  answerPoll(course: ContextKey, pollId: string, respondent: Participant, choices: readonly number[], now: Date): Promise<boolean>;
  /** The person's answers among these polls, by poll id. */
  answersBy(course: ContextKey, userId: string, pollIds: readonly string[]): Promise<Map<string, number[]>>;
  pollResults(course: ContextKey, pollId: string): Promise<PollResults | null>;

  proposeIdea(course: ContextKey, input: IdeaWrite, now: Date): Promise<Idea>;
  findIdea(course: ContextKey, id: string): Promise<Idea | null>;
  listIdeas(course: ContextKey, query: IdeaQuery): Promise<Page<Idea>>;
  /** Listed, visible ideas whose title or description share words with `text`, best match first. */
  similarIdeas(course: ContextKey, query: SimilarQuery): Promise<Idea[]>;
  /** Adds (on) or withdraws a vote; idempotent. Returns the idea's new vote count, null if no such idea. */
  setVote(course: ContextKey, ideaId: string, voter: Participant, on: boolean, now: Date): Promise<number | null>;
  votesBy(course: ContextKey, voterId: string, ideaIds: readonly string[]): Promise<Set<string>>;
  setIdeaStatus(course: ContextKey, ideaId: string, status: IdeaStatus, declineReason: string | undefined, now: Date): Promise<Idea | null>;
  /**
   * Hides or restores the idea and appends `audit` in the same transaction: both are kept or neither
   * is. Null (and no audit entry) when the idea is not in the course.
   */
  setIdeaHidden(course: ContextKey, ideaId: string, hidden: boolean, reason: string | undefined, audit: AuditInput): Promise<Idea | null>;
  /**
   * Moves the source's votes (a voter of both counts once) and comments to the target, marks the
   * source merged and appends `audit`, in one transaction. Null (and no audit entry) unless both are
   * unmerged ideas of the same kind and consultation in the course.
   */
  mergeIdeas(course: ContextKey, sourceId: string, targetId: string, now: Date, audit: AuditInput): Promise<Idea | null>;

  /** Null when the target (or the parent comment) is not in the course. */
  addComment(course: ContextKey, input: CommentWrite, now: Date): Promise<Comment | null>;
  findComment(course: ContextKey, id: string): Promise<Comment | null>;
  /** Every comment on the target, hidden ones included, oldest first. */
  listComments(course: ContextKey, target: CommentTarget): Promise<Comment[]>;
  /** Hides or restores the comment and appends `audit`, in one transaction; null (no entry) when not in the course. */
  setCommentHidden(course: ContextKey, id: string, hidden: boolean, reason: string | undefined, audit: AuditInput): Promise<Comment | null>;

  /** Distinct learners who proposed, voted, commented or answered a poll in the consultation. */
  participation(course: ContextKey, consultationId: string): Promise<number>;
  /** Records a visit and returns the previous one (null on a first visit). */
  recordVisit(course: ContextKey, userId: string, now: Date): Promise<Date | null>;
  /** Visible ideas the person proposed or voted for whose status changed after `since`. */
  statusChangesSince(course: ContextKey, userId: string, since: Date): Promise<Idea[]>;
  /**
   * The person's name became known (a later launch carried it): their ideas and comments in the
   * course take it. Records already carrying it are left alone; returns how many changed.
   */
  renameParticipant(course: ContextKey, person: { readonly id: string; readonly name: string }): Promise<number>;
}
