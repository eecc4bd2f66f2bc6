/**
 * Collections of learners' contributions (ports/contributions.ts): lv_ prefixes, indexes declared
 * here and built at open (createContributionIndexes, from mongo-storage.ts), like the other model
 * files. They mirror SQLite's migration 25:
 * - a unique index wherever a table has a primary key or a UNIQUE constraint (ids; one useful mark
 *   and one report per person and contribution; one reuse record per target);
 * - one index per list order, the full course key first, then the status (an equality or an $in the
 *   server merges in order), then the sort keys: each list page is one index range read in order
 *   (checked by test/unit/indexes-mongo.test.ts);
 * - *_person indexes for data-protection requests by (issuer, client id, sub).
 * Marks and reports carry the whole course key of their contribution (SQLite's carry the platform
 * and join), so a person's export needs no join and every filter names the full course.
 */
import { Schema } from 'mongoose';
import type { ContributionComment, ContributionHoldReason, ContributionLicence, ContributionStatus } from '../ports/contributions';
import type { ReportReason } from '../ports/reviews';
import type { CourseKeyDoc } from './course-models';
import { baseOptions, defineModel } from './models';

export interface ContributionDoc extends CourseKeyDoc {
  contributionId: string;
  authorId: string;
  authorName: string;
  title: string;
  text: string;
  link?: string;
  fileId?: string;
  fileName?: string;
  fileType?: string;
  fileSize?: number;
  fileSha256?: string;
  licence: ContributionLicence;
  consentToReuse: boolean;
  creditByName: boolean;
  creditName?: string;
  creditConsentAt?: Date;
  status: ContributionStatus;
  holdReasons: ContributionHoldReason[];
  /** 0 or 1, a number so the featured-first order and its cursor compare like the useful count. */
  featured: number;
  usefulCount: number;
  commentCount: number;
  reportCount: number;
  reuseCount: number;
  /** Held or with open reports (shared/contribution-plan.ts inQueue): the queue is one index range. */
  inQueue: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface UsefulMarkDoc extends CourseKeyDoc {
  contributionId: string;
  userId: string;
  at: Date;
}

export interface ContributionCommentDoc extends CourseKeyDoc {
  commentId: string;
  contributionId: string;
  authorId: string;
  authorName: string;
  text: string;
  status: ContributionComment['status'];
  holdReasons: ContributionHoldReason[];
  hiddenReason?: string;
  createdAt: Date;
}

export interface ContributionReportDoc extends CourseKeyDoc {
  contributionId: string;
  reporterId: string;
  reason: ReportReason;
  at: Date;
  /** Set when staff publish the contribution again (the report stays, settled). */
  clearedAt: Date | null;
}

export interface ContributionReuseDoc extends CourseKeyDoc {
  reuseId: string;
  contributionId: string;
  /** The contribution's author ("your contributions were reused 3 times"). */
  authorId: string;
  kind: 'version' | 'course';
  /** '' for "not this kind" (shared/contribution-plan.ts ReuseKey), so the unique index sees one record per target. */
  versionId: string;
  targetDeploymentId: string;
  targetContextId: string;
  byId: string;
  byName: string;
  at: Date;
}

// Strings that may be empty (LTI deployment ids, names, '' reuse targets) are typed, not required:
// mongoose's `required` refuses ''. The port's checks (shared/contribution-input.ts) decide validity.
const text = () => ({ type: String });
const requiredText = () => ({ type: String, required: true });
const courseFields = () => ({ issuer: requiredText(), clientId: requiredText(), deploymentId: text(), contextId: text() });
const COURSE_KEY = { issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 } as const;
const PLATFORM = { issuer: 1, clientId: 1 } as const;
const count = () => ({ type: Number, required: true, default: 0 });

const contributionSchema = new Schema<ContributionDoc>(
  {
    ...courseFields(),
    contributionId: requiredText(),
    authorId: requiredText(),
    authorName: text(),
    title: requiredText(),
    text: requiredText(),
    link: text(),
    fileId: text(),
    fileName: text(),
    fileType: text(),
    fileSize: { type: Number },
    fileSha256: text(),
    licence: { type: String, enum: ['cc-by-4.0', 'cc-by-sa-4.0', 'course-only'], required: true },
    consentToReuse: { type: Boolean, required: true },
    creditByName: { type: Boolean, required: true },
    creditName: text(),
    creditConsentAt: { type: Date },
    status: { type: String, enum: ['published', 'held'], required: true },
    holdReasons: { type: [String], default: [] },
    featured: { type: Number, enum: [0, 1], required: true, default: 0 },
    usefulCount: count(),
    commentCount: count(),
    reportCount: count(),
    reuseCount: count(),
    inQueue: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...baseOptions, collection: 'lv_contributions' },
);

/** The list indexes by sort, and the same orders for one author's contributions ("mine"). */
export const CONTRIBUTION_LIST_INDEXES = {
  newest: 'lv_contribution_newest',
  featured: 'lv_contribution_featured',
  useful: 'lv_contribution_useful',
} as const;
export const CONTRIBUTION_AUTHOR_INDEXES = {
  newest: 'lv_contribution_author_newest',
  featured: 'lv_contribution_author_featured',
  useful: 'lv_contribution_author_useful',
} as const;
export const CONTRIBUTION_QUEUE_INDEX = 'lv_contribution_queue';

/** The sort keys after the course key (and author) and status, newest first: the lead, then (createdAt, id). */
export const CONTRIBUTION_SORT_KEYS = {
  newest: { createdAt: -1, contributionId: -1 },
  featured: { featured: -1, createdAt: -1, contributionId: -1 },
  useful: { usefulCount: -1, createdAt: -1, contributionId: -1 },
} as const;

contributionSchema.index({ contributionId: 1 }, { unique: true, name: 'lv_contribution_id' });
for (const sort of ['newest', 'featured', 'useful'] as const) {
  contributionSchema.index({ ...COURSE_KEY, status: 1, ...CONTRIBUTION_SORT_KEYS[sort] }, { name: CONTRIBUTION_LIST_INDEXES[sort] });
  // SQLite has one author index and sorts an author's few rows for 'featured' and 'useful'; here
  // each order gets its range, so no list needs an in-memory SORT stage.
  contributionSchema.index({ ...COURSE_KEY, authorId: 1, status: 1, ...CONTRIBUTION_SORT_KEYS[sort] }, { name: CONTRIBUTION_AUTHOR_INDEXES[sort] });
}
contributionSchema.index({ ...COURSE_KEY, inQueue: 1, createdAt: 1, contributionId: 1 }, { name: CONTRIBUTION_QUEUE_INDEX });
contributionSchema.index({ ...PLATFORM, authorId: 1 }, { name: 'lv_contribution_person' });

const markSchema = new Schema<UsefulMarkDoc>(
  { ...courseFields(), contributionId: requiredText(), userId: requiredText(), at: { type: Date, required: true } },
  { ...baseOptions, collection: 'lv_contribution_useful_marks' },
);
// One mark per person: SQLite's primary key (contribution_id, user_id). The contribution id fixes
// its course, so the course key in front changes nothing of the uniqueness and serves the filters.
markSchema.index({ ...COURSE_KEY, contributionId: 1, userId: 1 }, { unique: true, name: 'lv_contribution_mark' });
markSchema.index({ ...PLATFORM, userId: 1 }, { name: 'lv_contribution_mark_person' });

const commentSchema = new Schema<ContributionCommentDoc>(
  {
    ...courseFields(),
    commentId: requiredText(),
    contributionId: requiredText(),
    authorId: requiredText(),
    authorName: text(),
    text: requiredText(),
    status: { type: String, enum: ['published', 'held', 'hidden'], required: true },
    holdReasons: { type: [String], default: [] },
    hiddenReason: text(),
    createdAt: { type: Date, required: true },
  },
  { ...baseOptions, collection: 'lv_contribution_comments' },
);
export const COMMENT_OF_INDEX = 'lv_contribution_comments_of';
export const COMMENT_QUEUE_INDEX = 'lv_contribution_comments_queue';
commentSchema.index({ commentId: 1 }, { unique: true, name: 'lv_contribution_comment_id' });
commentSchema.index({ ...COURSE_KEY, contributionId: 1, status: 1, createdAt: 1, commentId: 1 }, { name: COMMENT_OF_INDEX });
commentSchema.index({ ...COURSE_KEY, status: 1, createdAt: 1, commentId: 1 }, { name: COMMENT_QUEUE_INDEX });
commentSchema.index({ ...PLATFORM, authorId: 1 }, { name: 'lv_contribution_comment_person' });

const reportSchema = new Schema<ContributionReportDoc>(
  {
    ...courseFields(),
    contributionId: requiredText(),
    reporterId: requiredText(),
    reason: { type: String, enum: ['offensive', 'personal-data', 'spam', 'off-topic'], required: true },
    at: { type: Date, required: true },
    clearedAt: { type: Date, default: null },
  },
  { ...baseOptions, collection: 'lv_contribution_reports' },
);
export const REPORTS_OF_INDEX = 'lv_contribution_reports_of';
// One report per person and contribution (SQLite's primary key), cleared or not.
reportSchema.index({ ...COURSE_KEY, contributionId: 1, reporterId: 1 }, { unique: true, name: 'lv_contribution_report' });
reportSchema.index({ ...COURSE_KEY, contributionId: 1, clearedAt: 1, at: 1, reporterId: 1 }, { name: REPORTS_OF_INDEX });
reportSchema.index({ ...PLATFORM, reporterId: 1 }, { name: 'lv_contribution_report_person' });

const reuseSchema = new Schema<ContributionReuseDoc>(
  {
    ...courseFields(),
    reuseId: requiredText(),
    contributionId: requiredText(),
    authorId: requiredText(),
    kind: { type: String, enum: ['version', 'course'], required: true },
    versionId: text(),
    targetDeploymentId: text(),
    targetContextId: text(),
    byId: requiredText(),
    byName: text(),
    at: { type: Date, required: true },
  },
  { ...baseOptions, collection: 'lv_contribution_reuses' },
);
export const REUSES_OF_INDEX = 'lv_contribution_reuses_of';
reuseSchema.index({ reuseId: 1 }, { unique: true, name: 'lv_contribution_reuse_id' });
// SQLite's UNIQUE (contribution_id, kind, version_id, target_deployment_id, target_context_id).
reuseSchema.index(
  { ...COURSE_KEY, contributionId: 1, kind: 1, versionId: 1, targetDeploymentId: 1, targetContextId: 1 },
  { unique: true, name: 'lv_contribution_reuse_target' },
);
// Oldest first; two of the same instant in the order recorded: _id, an ObjectId the driver makes
// from the time and a per-process counter (SQLite uses rowid).
reuseSchema.index({ ...COURSE_KEY, contributionId: 1, at: 1, _id: 1 }, { name: REUSES_OF_INDEX });
reuseSchema.index({ ...COURSE_KEY, authorId: 1 }, { name: 'lv_contribution_reuse_author' });
reuseSchema.index({ ...PLATFORM, byId: 1 }, { name: 'lv_contribution_reuse_person' });

export const ContributionModel = defineModel<ContributionDoc>('lv_contribution', contributionSchema);
export const UsefulMarkModel = defineModel<UsefulMarkDoc>('lv_contribution_useful_mark', markSchema);
export const ContributionCommentModel = defineModel<ContributionCommentDoc>('lv_contribution_comment', commentSchema);
export const ContributionReportModel = defineModel<ContributionReportDoc>('lv_contribution_report', reportSchema);
export const ContributionReuseModel = defineModel<ContributionReuseDoc>('lv_contribution_reuse', reuseSchema);

export const CONTRIBUTION_MODELS = [ContributionModel, UsefulMarkModel, ContributionCommentModel, ContributionReportModel, ContributionReuseModel] as const;

export async function createContributionIndexes(): Promise<void> {
  // createIndexes is idempotent for identical definitions, so reopening storage is harmless.
  await Promise.all(CONTRIBUTION_MODELS.map((model) => model.createIndexes()));
}
