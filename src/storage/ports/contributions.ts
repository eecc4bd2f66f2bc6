/**
 * Learners' contributions to a course (issue 16): a tip, a worked example, a checklist, a link or a
 * short file, shared under a licence the contributor chose, curated by the course's staff and
 * reused in later sessions or other courses of the same platform.
 *
 * Every method is scoped by the full course key (issuer, client id, deployment, context): an id of
 * another course, even of the same platform, is "not found". The course key always comes from the
 * stored session, never from the browser.
 *
 * The store validates what it is given and throws ContributionInputError (never silently drops or
 * truncates) when a write breaks the rules written on the fields below: the edge is expected to have
 * validated already, so such an error is a bug of the caller, not a learner's mistake.
 *
 * Moderation writes (publish, hold, feature, reuse, credit edit, comment moderation) append their
 * audit entry in the same transaction as the change: both are kept or neither is. What each write
 * changes is planned once in storage/shared/contribution-*.ts and executed by each adapter.
 */
import type { ContextKey } from '../../context/tenant';
import type { AuditInput } from './audit';
import type { Page, PageRequest } from './paging';
import type { ReportReason } from './reviews';

export const CONTRIBUTION_LICENCES = ['cc-by-4.0', 'cc-by-sa-4.0', 'course-only'] as const;
/** CC BY 4.0, CC BY-SA 4.0, or "this course only" (no reuse outside the course and its later versions). */
export type ContributionLicence = (typeof CONTRIBUTION_LICENCES)[number];

export type ContributionStatus = 'published' | 'held';
/**
 * Why a contribution (or a comment) waits: the automatic checks shared with reviews ('moderation'
 * when the course moderates everything first; 'email', 'phone', 'link', 'offensive' from the text
 * checks), 'staff' when an instructor held a published one, 'reported' never set by the store (the
 * queue shows open reports by their count).
 */
export const CONTRIBUTION_HOLD_REASONS = ['moderation', 'email', 'phone', 'link', 'offensive', 'staff'] as const;
export type ContributionHoldReason = (typeof CONTRIBUTION_HOLD_REASONS)[number];

/** Limits the store enforces (the edge should enforce the same ones first, with a message). */
export const CONTRIBUTION_LIMITS = {
  title: 120,
  text: 4000,
  link: 2000,
  creditName: 120,
  comment: 1000,
  fileName: 150,
} as const;

export interface ContributionAuthor {
  /** The LTI `sub` on the course's platform. */
  readonly id: string;
  /** The name from the launch (may be empty when the platform sends none). */
  readonly name: string;
}

/** A file stored through ContributionFileStore (ports/contribution-files.ts), described here. */
export interface ContributionFileRef {
  /** The id ContributionFileStore.saveFile returned: never derived from the user's file name. */
  readonly id: string;
  /** The original name after contributions/files/safe-name.ts (for display and the download name only). */
  readonly name: string;
  /** The content type detected from the bytes (contributions/files/), one of the allow-list. */
  readonly contentType: string;
  /** Size in bytes of the stored (possibly metadata-stripped) file; a positive integer. */
  readonly size: number;
  /** Lowercase hex SHA-256 of the stored bytes (64 characters). */
  readonly sha256: string;
}

/** How the contributor is credited: by the name shown (`name`, non-empty) or anonymously. */
export type ContributionCredit =
  | { readonly byName: true; readonly name: string }
  | { readonly byName: false };

export interface Contribution {
  readonly id: string;
  readonly course: ContextKey;
  readonly author: ContributionAuthor;
  /** 1..CONTRIBUTION_LIMITS.title characters after trimming. */
  readonly title: string;
  /** 1..CONTRIBUTION_LIMITS.text characters after trimming. */
  readonly text: string;
  /** An absolute http: or https: URL (no credentials), at most CONTRIBUTION_LIMITS.link characters. */
  readonly link?: string;
  readonly file?: ContributionFileRef;
  readonly licence: ContributionLicence;
  /** The contributor's explicit consent to reuse under the licence; a contribution is published only when true. */
  readonly consentToReuse: boolean;
  readonly credit: ContributionCredit;
  /**
   * The contributor's standing consent that staff may edit the credit line (ContributionStore.editCredit).
   * Given or withdrawn by the contributor only (setCreditEditConsent); absent = not given.
   */
  readonly creditEditConsentAt?: Date;
  readonly status: ContributionStatus;
  /** Non-empty when held, empty when published. */
  readonly holdReasons: readonly ContributionHoldReason[];
  readonly featured: boolean;
  /** Distinct people who marked it useful (the author cannot). */
  readonly usefulCount: number;
  /** Published comments. */
  readonly commentCount: number;
  /** Open reports (cleared when staff publish it again). */
  readonly reportCount: number;
  /** Reuse records (ContributionStore.markReused). */
  readonly reuseCount: number;
  readonly createdAt: Date;
  /**
   * Last change of what the author wrote: createContribution, then each updateContribution. Staff
   * writes (moderation, featuring, credit edits), the credit-edit consent, marks, comments and
   * reports do not move it, so updatedAt > createdAt means "edited by the author" (the panel shows it).
   */
  readonly updatedAt: Date;
}

/** What the author writes when sharing (or editing: the same fields, all replaced). */
export interface ContributionWrite {
  readonly title: string;
  readonly text: string;
  readonly link?: string;
  readonly file?: ContributionFileRef;
  readonly licence: ContributionLicence;
  readonly consentToReuse: boolean;
  readonly credit: ContributionCredit;
  /** Decided by the caller from the course's moderation setting and the text checks; 'published' needs consentToReuse. */
  readonly status: ContributionStatus;
  readonly holdReasons: readonly ContributionHoldReason[];
}

export type ContributionSort = 'featured' | 'newest' | 'useful';

/**
 * 'featured': featured first, then newest; 'newest': by creation, newest first; 'useful': most
 * useful marks first, then newest. Ties are broken by id so cursor paging never repeats or skips.
 */
export interface ContributionQuery extends PageRequest {
  readonly sort: ContributionSort;
  /** Which statuses to include (learners: ['published']; staff: both). */
  readonly statuses: readonly ContributionStatus[];
  /** Only this author's contributions ("mine", any status the caller lists). */
  readonly authorId?: string;
}

export type CommentStatus = 'published' | 'held' | 'hidden';

export interface ContributionComment {
  readonly id: string;
  readonly course: ContextKey;
  readonly contributionId: string;
  readonly author: ContributionAuthor;
  /** 1..CONTRIBUTION_LIMITS.comment characters after trimming. Comments are one level: no replies. */
  readonly text: string;
  readonly status: CommentStatus;
  readonly holdReasons: readonly ContributionHoldReason[];
  readonly hiddenReason?: string;
  readonly createdAt: Date;
}

export interface CommentWrite {
  readonly author: ContributionAuthor;
  readonly text: string;
  readonly status: 'published' | 'held';
  readonly holdReasons: readonly ContributionHoldReason[];
}

/** Where a contribution was reused: a version of its own course, or another course of the same platform. */
export type ReuseTarget =
  | { readonly kind: 'version'; readonly versionId: string }
  | { readonly kind: 'course'; readonly course: ContextKey };

export interface ContributionReuse {
  readonly id: string;
  readonly contributionId: string;
  /** The contribution's course. */
  readonly course: ContextKey;
  readonly target: ReuseTarget;
  /** The staff member who recorded it. */
  readonly by: ContributionAuthor;
  readonly at: Date;
}

/** Why a staff write was refused (nothing changed, no audit entry). */
export type ContributionRefusal =
  | 'not-found'
  /** Publishing, or reuse outside the course, needs the contributor's consent to reuse. */
  | 'no-consent'
  /** editCredit without the contributor's creditEditConsentAt. */
  | 'no-credit-consent'
  /** markReused: the version is not one of the course's (ports/course-versions.ts). */
  | 'unknown-version'
  /** markReused: the other course is on another platform, or is the contribution's own course. */
  | 'bad-course'
  /** markReused in another course of a 'course-only' contribution. */
  | 'licence'
  /** markReused: the same target is already recorded. */
  | 'duplicate';

export type ContributionResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: ContributionRefusal };

/** Thrown when a write breaks the rules of the fields above (see the file's comment). */
export class ContributionInputError extends RangeError {
  override readonly name = 'ContributionInputError';
}

export interface ContributionReads {
  findContribution(course: ContextKey, id: string): Promise<Contribution | null>;
  /** Cursor-paged with the sort's index; a cursor of another sort or query is refused with a RangeError. */
  listContributions(course: ContextKey, query: ContributionQuery): Promise<Page<Contribution>>;
  /** Held contributions and those with open reports, oldest first. */
  moderationQueue(course: ContextKey, page: PageRequest): Promise<Page<Contribution>>;
  countModerationQueue(course: ContextKey): Promise<number>;
  /** Every contribution of the course (all statuses), oldest first, for the CSV/ZIP export. */
  allContributions(course: ContextKey): AsyncIterable<Contribution>;
}

export interface ContributionAuthorWrites {
  createContribution(course: ContextKey, author: ContributionAuthor, input: ContributionWrite, now: Date): Promise<Contribution>;
  /**
   * Replaces the author's contribution's fields (only its author may: null for anyone else or
   * another course). Marks, comments, reports, reuses and the featured flag stay. Returns the stored
   * contribution and the previous one (so the caller can delete a replaced file).
   */
  updateContribution(course: ContextKey, id: string, authorId: string, input: ContributionWrite, now: Date): Promise<{ contribution: Contribution; previous: Contribution } | null>;
  /** Deletes the author's contribution with its marks, comments, reports and reuses; returns it (its file is the caller's to delete). */
  deleteContribution(course: ContextKey, id: string, authorId: string): Promise<Contribution | null>;
  /** Gives (true) or withdraws the standing consent that staff may edit the credit line. Author only. */
  setCreditEditConsent(course: ContextKey, id: string, authorId: string, given: boolean, now: Date): Promise<Contribution | null>;
}

export interface ContributionMarksCommentsReports {
  /**
   * Marks (on=true) or unmarks useful; one mark per person, idempotent. Null when the contribution
   * is not a published one of the course, or the marker is its author. Returns the new count.
   */
  setUseful(course: ContextKey, id: string, userId: string, on: boolean, now: Date): Promise<number | null>;
  /** Ids among `ids` the person marked useful. */
  usefulMarksBy(course: ContextKey, userId: string, ids: readonly string[]): Promise<Set<string>>;
  /** Adds a comment to a published contribution; null when it is not one of the course's published contributions. */
  addComment(course: ContextKey, contributionId: string, input: CommentWrite, now: Date): Promise<ContributionComment | null>;
  /** The contribution's comments in these statuses, oldest first (bounded by the caller's limit). */
  listComments(course: ContextKey, contributionId: string, statuses: readonly CommentStatus[], limit: number): Promise<ContributionComment[]>;
  /** The author deletes their own comment; false when it is not theirs or not in the course. */
  deleteComment(course: ContextKey, commentId: string, authorId: string): Promise<boolean>;
  /** Held comments of the course, oldest first. */
  commentQueue(course: ContextKey, page: PageRequest): Promise<Page<ContributionComment>>;
  /** One report per person and contribution: a second one is ignored (false). False too when not found. */
  report(course: ContextKey, id: string, reporterId: string, reason: ReportReason, at: Date): Promise<boolean>;
  reportsBy(course: ContextKey, reporterId: string, ids: readonly string[]): Promise<Set<string>>;
  /** Open reports of one contribution, oldest first. */
  reportsOf(course: ContextKey, id: string): Promise<Array<{ reason: ReportReason; at: Date }>>;
}

export interface ContributionModeration {
  /**
   * Publish (clears hold reasons and open reports; refused with 'no-consent' without consent to
   * reuse) or hold (holdReasons ['staff']), with `audit` ('contribution.publish' / 'contribution.hold').
   */
  moderate(course: ContextKey, id: string, status: ContributionStatus, audit: AuditInput, now: Date): Promise<ContributionResult<Contribution>>;
  /** Sets or clears the featured flag, with `audit` ('contribution.feature' / 'contribution.unfeature'). */
  setFeatured(course: ContextKey, id: string, featured: boolean, audit: AuditInput, now: Date): Promise<ContributionResult<Contribution>>;
  /**
   * Records a reuse, with `audit` ('contribution.reuse'). A version must be one of the contribution's
   * course; another course must be on the same platform (issuer, client id) and not the course itself,
   * and the licence must not be 'course-only'. Every reuse needs consentToReuse.
   */
  markReused(course: ContextKey, id: string, target: ReuseTarget, by: ContributionAuthor, audit: AuditInput, now: Date): Promise<ContributionResult<ContributionReuse>>;
  /** Removes a reuse record of the course's contribution, with `audit` ('contribution.unreuse'). */
  removeReuse(course: ContextKey, reuseId: string, audit: AuditInput): Promise<ContributionResult<ContributionReuse>>;
  /** Where the contribution was reused, oldest first (two of the same instant in the order recorded). */
  listReuses(course: ContextKey, id: string): Promise<ContributionReuse[]>;
  /** How many reuse records the author's contributions in the course have ("your contributions were reused 3 times"). */
  reuseCountOfAuthor(course: ContextKey, authorId: string): Promise<number>;
  /** Changes the credit line; refused with 'no-credit-consent' unless the contributor consented; with `audit` ('contribution.credit-edit'). */
  editCredit(course: ContextKey, id: string, credit: ContributionCredit, audit: AuditInput, now: Date): Promise<ContributionResult<Contribution>>;
  /** Publishes, holds or hides a comment, with `audit` ('contribution-comment.publish' / '.hide'). */
  moderateComment(course: ContextKey, commentId: string, change: { status: CommentStatus; hiddenReason?: string }, audit: AuditInput): Promise<ContributionResult<ContributionComment>>;
}

/** One person's contribution data across the courses of their platform (GDPR articles 15 and 17). */
export interface ContributionUserData {
  readonly contributions: readonly Contribution[];
  readonly usefulMarks: ReadonlyArray<{ readonly course: ContextKey; readonly contributionId: string; readonly at: Date }>;
  readonly comments: readonly ContributionComment[];
  readonly reports: ReadonlyArray<{ readonly course: ContextKey; readonly contributionId: string; readonly reason: ReportReason; readonly at: Date }>;
  /** Reuses they recorded (staff). */
  readonly reusesRecorded: readonly ContributionReuse[];
}

/** What erasing one person removed in one course (counts only, for the 'user.erase' audit entry). */
export interface ContributionErasure {
  readonly course: ContextKey;
  readonly contributions: number;
  readonly usefulMarks: number;
  readonly comments: number;
  readonly reports: number;
}

export interface ContributionDataProtection {
  /** Everything of theirs: matched by (issuer, client id, sub) in every course and deployment of the platform. */
  exportUser(user: { readonly issuer: string; readonly clientId: string; readonly userId: string }): Promise<ContributionUserData>;
  /**
   * In one transaction: deletes the person's contributions (with everything attached to them:
   * others' marks, comments, reports and the reuse records), their useful marks, comments and
   * reports on others' contributions (recounting those contributions' counters), and replaces their
   * name in reuse records they made with '' (the record stays: it is the course's fact). Published
   * CC-licensed contributions are removed too, not kept without a name: see README, "Contributions:
   * storage and files". Returns the per-course counts and the ids of the files of the deleted
   * contributions (the caller deletes them through ContributionFileStore afterwards, so a crash
   * leaves at worst an orphan file, never a contribution pointing at a missing file).
   */
  eraseUser(user: { readonly issuer: string; readonly clientId: string; readonly userId: string }): Promise<{ courses: ContributionErasure[]; fileIds: string[] }>;
}

/**
 * The contributions port, in parts so a reader sees what each does; each adapter implements the
 * whole (sqlite/contribution-store.ts, mongo/contribution-store.ts).
 */
export type ContributionStore = ContributionReads & ContributionAuthorWrites & ContributionMarksCommentsReports & ContributionModeration & ContributionDataProtection;
