/** The Listening overview's monthly response figures (shared/listening-months.ts): lv_ prefix, indexes built at open. */
import { Schema } from 'mongoose';
import type { CourseKeyDoc } from './course-models';
import { ReviewModel } from './course-models';
import { baseOptions, defineModel } from './models';

export interface ListeningMonthDoc extends CourseKeyDoc {
  /** YYYYMM, UTC, of the reviews' posting date. */
  month: number;
  reviews: number;
  answered: number;
  /** Bucket number (as a field name) → count of first-response delays (shared/response-delays.ts); a bucket may stay at 0. */
  delays?: Record<string, number>;
}

export const LISTENING_MONTHS_COLLECTION = 'lv_listening_months';
export const LISTENING_MONTHS_INDEX = 'lv_listening_months_key';

const listeningMonthSchema = new Schema<ListeningMonthDoc>(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: { type: String },
    contextId: { type: String },
    month: { type: Number, required: true },
    reviews: Number,
    answered: Number,
    // Mixed: the $inc of `delays.<bucket>` creates the field of a bucket met for the first time.
    delays: { type: Schema.Types.Mixed },
  },
  { ...baseOptions, collection: LISTENING_MONTHS_COLLECTION, minimize: false },
);
// One document per course and month, the key of the write's upsert; the month before the course, so
// the overview's read of a deployment's window is one range of it.
listeningMonthSchema.index({ issuer: 1, clientId: 1, deploymentId: 1, month: 1, contextId: 1 }, { unique: true, name: LISTENING_MONTHS_INDEX });

export const ListeningMonthModel = defineModel<ListeningMonthDoc>('lv_listening_month', listeningMonthSchema);

/** The reviews' index the overview's response figures were read through before this collection: no read hints it now. */
export const RETIRED_REVIEW_LISTENING_INDEX = 'lv_review_listening';
/** The server's answers when there is nothing to drop: no such collection yet (26), no such index (27). */
const NOTHING_TO_DROP = new Set([26, 27]);

/** Also creates the collection, so that the first review write inside a transaction need not; drops the retired reviews' index. */
export async function createListeningMonthIndexes(): Promise<void> {
  await ListeningMonthModel.createIndexes();
  await ReviewModel.collection.dropIndex(RETIRED_REVIEW_LISTENING_INDEX).catch((err: { code?: unknown }) => {
    if (!NOTHING_TO_DROP.has(err?.code as number)) throw err;
  });
}
