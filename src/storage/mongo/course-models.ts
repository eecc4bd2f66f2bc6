import { Schema } from 'mongoose';
import type { CourseRole } from '../../context/roles';
import { ASPECTS, type AspectId } from '../ports/course-settings';
import type { HoldReason, Rating, ReportReason, ReviewStatus } from '../ports/reviews';
import { baseOptions, defineModel } from './models';

/*
 * Collections of course settings, the audit log and reviews. Same conventions as models.ts: lv_
 * prefixes, no automatic index builds (createCourseIndexes() is awaited when storage opens, because
 * the unique indexes are what makes one-review-per-author, one-vote-per-voter and author numbers
 * hold under concurrency), strings that may legitimately be empty are typed but not required.
 */

const text = () => ({ type: String });
const requiredText = () => ({ type: String, required: true });
const COURSE_KEY = { issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 } as const;
const ITEM_KEY = { ...COURSE_KEY, itemId: 1 } as const;
const courseFields = () => ({ issuer: requiredText(), clientId: requiredText(), deploymentId: text(), contextId: text() });

export interface CourseKeyDoc {
  issuer: string;
  clientId: string;
  deploymentId: string;
  contextId: string;
}

export interface SettingsDoc extends CourseKeyDoc {
  /** The CourseSettings as JSON (see shared/settings-record.ts): the domain owns their shape. */
  settings: string;
}

export interface AuditDoc extends CourseKeyDoc {
  entryId: string;
  at: Date;
  actor: { id: string; name: string; role: CourseRole };
  action: string;
  subject: { type: string; id: string };
  reason?: string;
  /** A system reason's code and parameters (see ports/audit.ts), translated when shown. */
  reasonCode?: string;
  reasonParams?: Record<string, string>;
}

export interface ReviewDoc extends CourseKeyDoc {
  reviewId: string;
  itemId: string;
  authorId: string;
  author: { name: string; givenName?: string; familyName?: string };
  authorNumber: number;
  rating: Rating;
  aspects?: Partial<Record<AspectId, Rating>>;
  title: string;
  liked: string;
  improve: string;
  status: ReviewStatus;
  holdReasons: HoldReason[];
  hiddenReason?: string;
  verified: boolean;
  helpfulCount: number;
  reportCount: number;
  /** The author edited it while hidden: it waits for a new moderation decision (absent otherwise). */
  awaitingDecision?: boolean;
  /** shared/review-change.ts isQueued() (held, reported or awaiting a decision), kept by every write: the moderation queue's partial index. */
  queued: boolean;
  createdAt: Date;
  updatedAt: Date;
  editedAt?: Date;
  /** When the rating last changed: picks the monthly bucket of the summary. */
  ratedAt: Date;
  previousRating?: Rating;
  response?: { text: string; by: { id: string; name: string; role: CourseRole }; at: Date; editedAt?: Date };
  /** shared/review-loop.ts needsAttention(), kept by every write: the needs-attention partial index. */
  attention?: boolean;
  /** The author's last rating in each course version (absent on reviews written before versions). */
  versionRatings?: Array<{ versionId: string; rating: Rating; at: Date }>;
}

/** Rating figures of one item in one course version (h1..h5 as in StatsFields). */
export interface VersionSummaryDoc extends CourseKeyDoc, StatsFields {
  itemId: string;
  versionId: string;
}

/** Figures of one rating set: count, sum and the histogram as h1..h5 (fields, so $inc can create them). */
export interface StatsFields {
  count?: number;
  sum?: number;
  h1?: number;
  h2?: number;
  h3?: number;
  h4?: number;
  h5?: number;
}

export interface SummaryDoc extends CourseKeyDoc, StatsFields {
  itemId: string;
  reviewers?: number;
  aspects?: Partial<Record<AspectId, { count?: number; sum?: number }>>;
  /** Monthly buckets keyed "m" + YYYYMM (a letter first, so no path segment looks like an array index). */
  months?: Record<string, StatsFields>;
}

export interface VoteDoc extends CourseKeyDoc {
  reviewId: string;
  voterId: string;
}

export interface ReportDoc extends CourseKeyDoc {
  reviewId: string;
  reporterId: string;
  reason: ReportReason;
  at: Date;
  /** Set when moderation published the review; the report then no longer counts but still blocks a second one. */
  clearedAt?: Date | null;
}

export interface AuthorNumberDoc extends CourseKeyDoc {
  authorId: string;
  number: number;
}

export interface AuthorCounterDoc extends CourseKeyDoc {
  /** The last number given in the course; the next author gets last + 1. */
  last: number;
}

const settingsSchema = new Schema<SettingsDoc>({ ...courseFields(), settings: requiredText() }, { ...baseOptions, collection: 'lv_course_settings' });
settingsSchema.index(COURSE_KEY, { unique: true, name: 'lv_settings_course' });

const auditSchema = new Schema<AuditDoc>(
  {
    ...courseFields(),
    entryId: requiredText(),
    at: { type: Date, required: true },
    actor: { id: text(), name: text(), role: { type: String, enum: ['instructor', 'learner'], required: true } },
    action: requiredText(),
    subject: { type: text(), id: text() },
    reason: text(),
    reasonCode: text(),
    reasonParams: { type: Schema.Types.Mixed, required: false },
  },
  { ...baseOptions, collection: 'lv_audit' },
);
auditSchema.index({ entryId: 1 }, { unique: true, name: 'lv_audit_id' });
// Newest first; _id (an ObjectId, increasing within a process) orders entries of the same millisecond.
auditSchema.index({ ...COURSE_KEY, at: -1, _id: -1 }, { name: 'lv_audit_course_newest' });
// Retention: the entries older than a date, whatever their course (mongo/retention-store.ts).
auditSchema.index({ at: 1 }, { name: 'lv_audit_at' });

const aspectFields = Object.fromEntries(ASPECTS.map((a) => [a, { type: Number, min: 1, max: 5 }]));

const reviewSchema = new Schema<ReviewDoc>(
  {
    ...courseFields(),
    reviewId: requiredText(),
    itemId: text(),
    authorId: text(),
    author: { name: text(), givenName: text(), familyName: text() },
    authorNumber: { type: Number, required: true },
    rating: { type: Number, required: true, min: 1, max: 5 },
    aspects: { type: new Schema(aspectFields, { _id: false }), default: undefined },
    title: text(),
    liked: text(),
    improve: text(),
    status: { type: String, enum: ['published', 'held', 'hidden'], required: true },
    holdReasons: { type: [String], default: [] },
    hiddenReason: text(),
    verified: { type: Boolean, required: true },
    helpfulCount: { type: Number, required: true },
    reportCount: { type: Number, required: true },
    awaitingDecision: { type: Boolean, required: false },
    queued: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    editedAt: { type: Date, required: false },
    ratedAt: { type: Date, required: true },
    previousRating: { type: Number, min: 1, max: 5, required: false },
    response: {
      type: new Schema(
        { text: requiredText(), by: { id: text(), name: text(), role: { type: String, enum: ['instructor', 'learner'] } }, at: { type: Date, required: true }, editedAt: Date },
        { _id: false },
      ),
      required: false,
    },
    attention: { type: Boolean, required: false },
    versionRatings: {
      type: [new Schema({ versionId: requiredText(), rating: { type: Number, min: 1, max: 5, required: true }, at: { type: Date, required: true } }, { _id: false })],
      default: undefined,
    },
  },
  // timestamps off: createdAt/updatedAt are the port's fields, set from the caller's `now`.
  { ...baseOptions, collection: 'lv_reviews', timestamps: false },
);
reviewSchema.index({ reviewId: 1 }, { unique: true, name: 'lv_review_id' });
// One review per author and item, enforced by the server even when two saves race.
reviewSchema.index({ ...ITEM_KEY, authorId: 1 }, { unique: true, name: 'lv_review_author' });
// One index per scan order of listReviews (shared/review-order.ts): equality on the item key, the
// status ($in, merged by the server's sort-merge) and the rating, then the order fields.
export const REVIEW_SCAN_INDEXES = {
  created: 'lv_review_recent',
  helpful: 'lv_review_helpful',
  createdByRating: 'lv_review_rating',
  helpfulByRating: 'lv_review_rating_helpful',
} as const;
reviewSchema.index({ ...ITEM_KEY, status: 1, createdAt: -1, reviewId: -1 }, { name: REVIEW_SCAN_INDEXES.created });
reviewSchema.index({ ...ITEM_KEY, status: 1, helpfulCount: -1, createdAt: -1, reviewId: -1 }, { name: REVIEW_SCAN_INDEXES.helpful });
reviewSchema.index({ ...ITEM_KEY, status: 1, rating: -1, createdAt: -1, reviewId: -1 }, { name: REVIEW_SCAN_INDEXES.createdByRating });
reviewSchema.index(
  { ...ITEM_KEY, status: 1, rating: -1, helpfulCount: -1, createdAt: -1, reviewId: -1 },
  { name: REVIEW_SCAN_INDEXES.helpfulByRating },
);
// The instructors' triage filters of the list (shared/review-triage.ts), newest first per item and
// status like lv_review_recent. "No response yet" is an equality on response.at (null matches a
// missing response), the others are partial indexes holding only the rows they list. Each ends with
// the field its filter reads, so no two indexes share a key pattern (older servers refuse that).
export const REVIEW_TRIAGE_INDEXES = {
  unanswered: 'lv_review_unanswered',
  low: 'lv_review_low',
  reported: 'lv_review_reported',
  'edited-after-response': 'lv_review_edited_after_response',
} as const;
reviewSchema.index({ ...ITEM_KEY, status: 1, 'response.at': 1, createdAt: -1, reviewId: -1 }, { name: REVIEW_TRIAGE_INDEXES.unanswered });
reviewSchema.index({ ...ITEM_KEY, status: 1, createdAt: -1, reviewId: -1, rating: 1 }, { name: REVIEW_TRIAGE_INDEXES.low, partialFilterExpression: { rating: { $lte: 2 } } });
reviewSchema.index({ ...ITEM_KEY, status: 1, createdAt: -1, reviewId: -1, reportCount: 1 }, { name: REVIEW_TRIAGE_INDEXES.reported, partialFilterExpression: { reportCount: { $gt: 0 } } });
// A partial filter cannot compare two fields: this one holds the answered reviews that were edited,
// and the query's $expr keeps those edited after the response's last change.
reviewSchema.index(
  { ...ITEM_KEY, status: 1, createdAt: -1, reviewId: -1, editedAt: 1 },
  { name: REVIEW_TRIAGE_INDEXES['edited-after-response'], partialFilterExpression: { 'response.at': { $exists: true }, editedAt: { $exists: true } } },
);
export const REVIEW_COURSE_INDEX = 'lv_review_course';
export const REVIEW_QUEUE_INDEX = 'lv_review_queue';
reviewSchema.index({ ...COURSE_KEY, createdAt: 1, reviewId: 1 }, { name: REVIEW_COURSE_INDEX });
// Partial: only queued reviews are in it, so the queue costs what it holds, not the course's size.
reviewSchema.index(
  { ...COURSE_KEY, queued: 1, createdAt: 1, reviewId: 1 },
  { name: REVIEW_QUEUE_INDEX, partialFilterExpression: { queued: true } },
);

// The moderation page's "Hidden" list (shared/hidden-reviews.ts): partial, hidden reviews only,
// newest first, with or without a star filter.
export const REVIEW_HIDDEN_INDEXES = { all: 'lv_review_hidden', byRating: 'lv_review_hidden_rating' } as const;
reviewSchema.index(
  { ...COURSE_KEY, createdAt: -1, reviewId: -1 },
  { name: REVIEW_HIDDEN_INDEXES.all, partialFilterExpression: { status: 'hidden' } },
);
reviewSchema.index(
  { ...COURSE_KEY, rating: 1, createdAt: -1, reviewId: -1 },
  { name: REVIEW_HIDDEN_INDEXES.byRating, partialFilterExpression: { status: 'hidden' } },
);

// (lv_review_listening, the index the Listening overview's response figures once read, is no longer
// built: they come from lv_listening_months, and createListeningMonthIndexes drops it.)

export const REVIEW_ATTENTION_INDEX = 'lv_review_attention';
reviewSchema.index(
  { ...COURSE_KEY, attention: 1, createdAt: 1, reviewId: 1 },
  { name: REVIEW_ATTENTION_INDEX, partialFilterExpression: { attention: true } },
);

// Retention: held or hidden reviews whose texts are still there, by last change. MongoDB 5.0 takes no
// $in in a partial filter: of the three statuses, held and hidden are those that sort before
// 'published' (test/unit/retention-mongo.test.ts keeps it so). Blanking unsets the texts, which takes
// a review out of this index; an edit writes them again, which puts it back.
export const REVIEW_WITHHELD_TEXT_INDEX = 'lv_review_withheld_text';
export const WITHHELD_WITH_TEXT = { status: { $lt: 'published' }, title: { $exists: true } } as const;
reviewSchema.index({ updatedAt: 1, reviewId: 1 }, { name: REVIEW_WITHHELD_TEXT_INDEX, partialFilterExpression: WITHHELD_WITH_TEXT });

const statsFields = () => ({ count: Number, sum: Number, h1: Number, h2: Number, h3: Number, h4: Number, h5: Number });
const summarySchema = new Schema<SummaryDoc>(
  {
    ...courseFields(),
    itemId: text(),
    reviewers: Number,
    ...statsFields(),
    // Keys are aspect ids and month keys, updated with $inc on dotted paths: Mixed, so mongoose
    // passes those paths through instead of casting them against a fixed shape.
    aspects: Schema.Types.Mixed,
    months: Schema.Types.Mixed,
  },
  { ...baseOptions, collection: 'lv_review_summaries', minimize: false },
);
summarySchema.index(ITEM_KEY, { unique: true, name: 'lv_summary_item' });

const versionSummarySchema = new Schema<VersionSummaryDoc>(
  { ...courseFields(), itemId: text(), versionId: requiredText(), ...statsFields() },
  { ...baseOptions, collection: 'lv_review_version_summaries' },
);
versionSummarySchema.index({ ...ITEM_KEY, versionId: 1 }, { unique: true, name: 'lv_version_summary_item' });

const voteSchema = new Schema<VoteDoc>({ ...courseFields(), reviewId: requiredText(), voterId: text() }, { ...baseOptions, collection: 'lv_review_votes' });
voteSchema.index({ reviewId: 1, voterId: 1 }, { unique: true, name: 'lv_vote_identity' });
voteSchema.index({ ...COURSE_KEY, voterId: 1, reviewId: 1 }, { name: 'lv_vote_by_voter' });

const reportSchema = new Schema<ReportDoc>(
  {
    ...courseFields(),
    reviewId: requiredText(),
    reporterId: text(),
    reason: requiredText(),
    at: { type: Date, required: true },
    clearedAt: { type: Date, required: false },
  },
  { ...baseOptions, collection: 'lv_review_reports' },
);
reportSchema.index({ reviewId: 1, reporterId: 1 }, { unique: true, name: 'lv_report_identity' });
reportSchema.index({ ...COURSE_KEY, reporterId: 1, reviewId: 1 }, { name: 'lv_report_by_reporter' });
// reportsOf: a review's open reports, oldest first.
reportSchema.index({ ...COURSE_KEY, reviewId: 1, clearedAt: 1, at: 1, reporterId: 1 }, { name: 'lv_report_open' });

const authorNumberSchema = new Schema<AuthorNumberDoc>(
  { ...courseFields(), authorId: text(), number: { type: Number, required: true, min: 1 } },
  { ...baseOptions, collection: 'lv_review_authors' },
);
authorNumberSchema.index({ ...COURSE_KEY, authorId: 1 }, { unique: true, name: 'lv_author_identity' });
authorNumberSchema.index({ ...COURSE_KEY, number: 1 }, { unique: true, name: 'lv_author_number' });

const authorCounterSchema = new Schema<AuthorCounterDoc>(
  { ...courseFields(), last: { type: Number, required: true } },
  { ...baseOptions, collection: 'lv_review_author_counters' },
);
authorCounterSchema.index(COURSE_KEY, { unique: true, name: 'lv_author_counter_course' });

export const SettingsModel = defineModel<SettingsDoc>('lv_course_settings', settingsSchema);
export const AuditModel = defineModel<AuditDoc>('lv_audit', auditSchema);
export const ReviewModel = defineModel<ReviewDoc>('lv_review', reviewSchema);
export const SummaryModel = defineModel<SummaryDoc>('lv_review_summary', summarySchema);
export const VersionSummaryModel = defineModel<VersionSummaryDoc>('lv_review_version_summary', versionSummarySchema);
export const VoteModel = defineModel<VoteDoc>('lv_review_vote', voteSchema);
export const ReportModel = defineModel<ReportDoc>('lv_review_report', reportSchema);
export const AuthorNumberModel = defineModel<AuthorNumberDoc>('lv_review_author', authorNumberSchema);
export const AuthorCounterModel = defineModel<AuthorCounterDoc>('lv_review_author_counter', authorCounterSchema);

export const COURSE_MODELS = [
  SettingsModel,
  AuditModel,
  ReviewModel,
  SummaryModel,
  VersionSummaryModel,
  VoteModel,
  ReportModel,
  AuthorNumberModel,
  AuthorCounterModel,
] as const;

/**
 * Builds the indexes of these collections. It also creates the collections, which multi-document
 * transactions need: before MongoDB 4.4 a transaction could not create one.
 */
export async function createCourseIndexes(): Promise<void> {
  await Promise.all(COURSE_MODELS.map((model) => model.createIndexes()));
}
