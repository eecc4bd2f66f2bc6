import mongoose, { Schema, type Model } from 'mongoose';
import type { ConsultationStatus, IdeaKind, IdeaStatus, OutlineSection, PollKind } from '../ports/consultations';

/*
 * The consumer group's collections (lv_cg_*), on the default connection like the others (see
 * models.ts for why indexes are built explicitly). Records are named by `recordId`, the random id
 * in URLs, and every record a URL can name carries its course so lookups always match on both.
 */

export interface CourseFields {
  issuer: string;
  clientId: string;
  deploymentId: string;
  contextId: string;
}

export interface ConsultationDoc extends CourseFields {
  recordId: string;
  title: string;
  brief: string;
  questions: string[];
  opensOn?: string;
  closesOn?: string;
  status: ConsultationStatus;
  outline: OutlineSection[];
  createdAt: Date;
  updatedAt: Date;
}

export interface PollDoc {
  recordId: string;
  consultationId: string;
  question: string;
  kind: PollKind;
  options: string[];
  createdAt: Date;
}

export interface AnswerDoc {
  pollId: string;
  userId: string;
  role: string;
  choices: number[];
  answeredAt: Date;
}

export interface IdeaDoc extends CourseFields {
  recordId: string;
  kind: IdeaKind;
  consultationId: string | null;
  authorId: string;
  authorName: string;
  authorRole: 'instructor' | 'learner';
  creditConsent: boolean;
  title: string;
  description: string;
  situation: string;
  locale: 'en' | 'fr';
  /** MongoDB's name of the language, read by the text index to stem each idea in its own language. */
  textLanguage: 'english' | 'french';
  status: IdeaStatus;
  declineReason?: string;
  statusChangedAt?: Date;
  hidden: boolean;
  hiddenReason?: string;
  mergedInto?: string;
  voteCount: number;
  commentCount: number;
  createdAt: Date;
  lastActivityAt: Date;
}

export interface VoteDoc {
  ideaId: string;
  voterId: string;
  role: string;
  votedAt: Date;
}

export interface CommentDoc extends CourseFields {
  recordId: string;
  targetType: 'idea' | 'section';
  targetId: string;
  consultationId: string | null;
  parentId: string | null;
  authorId: string;
  authorName: string;
  authorRole: 'instructor' | 'learner';
  body: string;
  hidden: boolean;
  hiddenReason?: string;
  createdAt: Date;
}

export interface VisitDoc extends CourseFields {
  userId: string;
  visitedAt: Date;
}

const options = { versionKey: false, autoIndex: false, autoCreate: false, minimize: false } as const;
const COURSE = { issuer: 1, clientId: 1, deploymentId: 1, contextId: 1 } as const;
// Strings that may be empty are not `required` (mongoose refuses '' for required strings).
const text = () => ({ type: String, default: '' });

const consultationSchema = new Schema<ConsultationDoc>(
  {
    recordId: { type: String, required: true },
    issuer: String, clientId: String, deploymentId: String, contextId: String,
    title: text(), brief: text(), questions: { type: [String], default: [] },
    opensOn: String, closesOn: String,
    status: { type: String, required: true },
    outline: { type: [{ _id: false, id: String, title: String, text: String }], default: [] },
    createdAt: { type: Date, required: true }, updatedAt: { type: Date, required: true },
  },
  { ...options, collection: 'lv_cg_consultations' },
);
consultationSchema.index({ recordId: 1 }, { unique: true, name: 'lv_cg_consultation_id' });
// The list asks for some statuses ($in, merged in order by the server), newest first.
consultationSchema.index({ ...COURSE, status: 1, createdAt: -1, recordId: -1 }, { name: 'lv_cg_consultation_list' });

const pollSchema = new Schema<PollDoc>(
  {
    recordId: { type: String, required: true }, consultationId: { type: String, required: true },
    question: text(), kind: { type: String, required: true }, options: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  },
  { ...options, collection: 'lv_cg_polls' },
);
pollSchema.index({ recordId: 1 }, { unique: true, name: 'lv_cg_poll_id' });
pollSchema.index({ consultationId: 1, createdAt: 1, _id: 1 }, { name: 'lv_cg_poll_list' });

const answerSchema = new Schema<AnswerDoc>(
  { pollId: String, userId: String, role: String, choices: { type: [Number], default: [] }, answeredAt: Date },
  { ...options, collection: 'lv_cg_answers' },
);
answerSchema.index({ pollId: 1, userId: 1 }, { unique: true, name: 'lv_cg_answer_identity' });

const ideaSchema = new Schema<IdeaDoc>(
  {
    recordId: { type: String, required: true },
    issuer: String, clientId: String, deploymentId: String, contextId: String,
    kind: { type: String, required: true }, consultationId: { type: String, default: null },
    authorId: text(), authorName: text(), authorRole: String, creditConsent: Boolean,
    title: text(), description: text(), situation: text(), locale: String, textLanguage: String,
    status: { type: String, required: true }, declineReason: String, statusChangedAt: Date,
    hidden: { type: Boolean, default: false }, hiddenReason: String, mergedInto: String,
    voteCount: { type: Number, default: 0 }, commentCount: { type: Number, default: 0 },
    createdAt: { type: Date, required: true }, lastActivityAt: { type: Date, required: true },
  },
  { ...options, collection: 'lv_cg_ideas' },
);
ideaSchema.index({ recordId: 1 }, { unique: true, name: 'lv_cg_idea_id' });
/*
 * One index per listing order: the listing's equality fields first (course, kind, consultation, not
 * merged, hidden), then its sort keys, so a page is one index range read in order and never sorted
 * in memory (test/unit/indexes-mongo.test.ts checks each query shape against these). An instructor's
 * listing with hidden ideas asks for hidden: { $in: [false, true] }, which the server merges in order.
 */
const IDEA_LISTING = { ...COURSE, kind: 1, consultationId: 1, mergedInto: 1, hidden: 1 } as const;
ideaSchema.index({ ...IDEA_LISTING, voteCount: -1, createdAt: -1, recordId: -1 }, { name: 'lv_cg_idea_votes' });
ideaSchema.index({ ...IDEA_LISTING, createdAt: -1, recordId: -1 }, { name: 'lv_cg_idea_newest' });
ideaSchema.index({ ...IDEA_LISTING, lastActivityAt: -1, recordId: -1 }, { name: 'lv_cg_idea_active' });
// What changed since a learner's last visit: newest status change first.
ideaSchema.index({ ...COURSE, hidden: 1, mergedInto: 1, statusChangedAt: -1 }, { name: 'lv_cg_idea_status_changes' });
ideaSchema.index({ ...COURSE, authorId: 1 }, { name: 'lv_cg_idea_author' });
// The course fields prefix the text index, so a search only ever reads one course's ideas.
ideaSchema.index(
  { ...COURSE, title: 'text', description: 'text', situation: 'text' },
  { name: 'lv_cg_idea_text', weights: { title: 2, description: 1, situation: 1 }, default_language: 'english', language_override: 'textLanguage' },
);

const voteSchema = new Schema<VoteDoc>(
  { ideaId: String, voterId: String, role: String, votedAt: Date },
  { ...options, collection: 'lv_cg_votes' },
);
voteSchema.index({ ideaId: 1, voterId: 1 }, { unique: true, name: 'lv_cg_vote_identity' });
voteSchema.index({ voterId: 1 }, { name: 'lv_cg_vote_voter' });

const commentSchema = new Schema<CommentDoc>(
  {
    recordId: { type: String, required: true },
    issuer: String, clientId: String, deploymentId: String, contextId: String,
    targetType: String, targetId: String, consultationId: { type: String, default: null }, parentId: { type: String, default: null },
    authorId: text(), authorName: text(), authorRole: String, body: text(),
    hidden: { type: Boolean, default: false }, hiddenReason: String, createdAt: { type: Date, required: true },
  },
  { ...options, collection: 'lv_cg_comments' },
);
commentSchema.index({ recordId: 1 }, { unique: true, name: 'lv_cg_comment_id' });
// A thread in order, within its course (a section id is only unique within its consultation).
commentSchema.index({ ...COURSE, targetType: 1, targetId: 1, createdAt: 1, _id: 1 }, { name: 'lv_cg_comment_thread' });
commentSchema.index({ consultationId: 1 }, { name: 'lv_cg_comment_consultation' });

const visitSchema = new Schema<VisitDoc>(
  { issuer: String, clientId: String, deploymentId: String, contextId: String, userId: String, visitedAt: Date },
  { ...options, collection: 'lv_cg_visits' },
);
visitSchema.index({ ...COURSE, userId: 1 }, { unique: true, name: 'lv_cg_visit_identity' });

function defineModel<T>(name: string, schema: Schema<T>): Model<T> {
  return (mongoose.models[name] as Model<T> | undefined) ?? mongoose.model<T>(name, schema);
}

export const ConsultationModel = defineModel<ConsultationDoc>('lv_cg_consultation', consultationSchema);
export const PollModel = defineModel<PollDoc>('lv_cg_poll', pollSchema);
export const AnswerModel = defineModel<AnswerDoc>('lv_cg_answer', answerSchema);
export const IdeaModel = defineModel<IdeaDoc>('lv_cg_idea', ideaSchema);
export const VoteModel = defineModel<VoteDoc>('lv_cg_vote', voteSchema);
export const CommentModel = defineModel<CommentDoc>('lv_cg_comment', commentSchema);
export const VisitModel = defineModel<VisitDoc>('lv_cg_visit', visitSchema);

const CONSULTATION_MODELS = [ConsultationModel, PollModel, AnswerModel, IdeaModel, VoteModel, CommentModel, VisitModel] as const;

/** Listing indexes replaced by ones that serve their query's order (they only slowed writes). */
const RETIRED_INDEXES: ReadonlyArray<readonly [Model<any>, string]> = [
  [IdeaModel, 'lv_cg_idea_list'],
  [CommentModel, 'lv_cg_comment_target'],
  [PollModel, 'lv_cg_poll_consultation'],
  [ConsultationModel, 'lv_cg_consultation_course'],
];
/** The server's answer when the index is not there (a new database, or already dropped). */
const INDEX_NOT_FOUND = 27;

export async function createConsultationIndexes(): Promise<void> {
  // createCollection first: a transaction cannot create a collection on servers before 4.4.
  await Promise.all(CONSULTATION_MODELS.map(async (model) => {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }));
  for (const [model, name] of RETIRED_INDEXES) {
    await model.collection.dropIndex(name).catch((err: { code?: unknown }) => {
      if (err?.code !== INDEX_NOT_FOUND) throw err;
    });
  }
}
