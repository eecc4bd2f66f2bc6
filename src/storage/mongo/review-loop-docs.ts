/**
 * Review documents as the change plans (shared/review-change.ts) read and write them: the stored
 * facts, the plan's state as document fields, the per-version ratings, and the per-version summary
 * update (called inside the review write's transaction).
 */
import type { ClientSession } from 'mongoose';
import { INITIAL_VERSION } from '../ports/course-versions';
import type { ItemKey, Rating, RatingStats } from '../ports/reviews';
import type { ReviewFacts, ReviewState, StoredReview } from '../shared/review-change';
import { statsOf, type StatsDelta } from '../shared/review-summary';
import { VersionSummaryModel, type ReviewDoc, type VersionSummaryDoc } from './course-models';
import { itemFilter } from './keys';

/** A review written before versions existed counts in the initial version with its rating. */
export function versionRatingsOf(doc: ReviewDoc): Map<string, Rating> {
  if (!doc.versionRatings) return new Map([[INITIAL_VERSION, doc.rating]]);
  return new Map(doc.versionRatings.map((v) => [v.versionId, v.rating]));
}

export function withVersionRating(doc: ReviewDoc, versionId: string, rating: Rating, at: Date): NonNullable<ReviewDoc['versionRatings']> {
  const list = doc.versionRatings ?? [{ versionId: INITIAL_VERSION, rating: doc.rating, at: doc.ratedAt }];
  return [...list.filter((v) => v.versionId !== versionId), { versionId, rating, at }];
}

export function factsOf(doc: ReviewDoc): ReviewFacts {
  return {
    id: doc.reviewId,
    status: doc.status,
    rating: doc.rating,
    aspects: doc.aspects ?? {},
    ratedAt: new Date(doc.ratedAt).getTime(),
    createdAt: new Date(doc.createdAt).getTime(),
    previousRating: doc.previousRating ?? null,
    reportCount: doc.reportCount,
    responseAt: doc.response?.at == null ? null : new Date(doc.response.at).getTime(),
    hiddenReason: doc.hiddenReason ?? null,
    awaitingDecision: doc.awaitingDecision === true,
  };
}

export const storedOf = (doc: ReviewDoc): StoredReview => ({ ...factsOf(doc), versionRatings: versionRatingsOf(doc) });

/**
 * The document with a plan's state: optional fields are left out when empty (so a replaced
 * document never carries a stale hide reason or awaiting mark), `queued` and `attention` feed the
 * partial indexes of the moderation queue and the needs-attention list.
 */
export function withState(doc: ReviewDoc, state: ReviewState): ReviewDoc {
  const updated: ReviewDoc = { ...doc, status: state.status, ratedAt: new Date(state.ratedAt), reportCount: state.reportCount, queued: state.queued, attention: state.needsAttention };
  if (state.previousRating !== null) updated.previousRating = state.previousRating;
  else delete updated.previousRating;
  if (state.hiddenReason !== null) updated.hiddenReason = state.hiddenReason;
  else delete updated.hiddenReason;
  if (state.awaitingDecision) updated.awaitingDecision = true;
  else delete updated.awaitingDecision;
  return updated;
}

export async function applyVersionChange(item: ItemKey, change: ReadonlyMap<string, StatsDelta>, session: ClientSession): Promise<void> {
  for (const [versionId, d] of change) {
    const [h1, h2, h3, h4, h5] = d.histogram;
    await VersionSummaryModel.updateOne({ ...itemFilter(item), versionId }, { $inc: { count: d.count, sum: d.sum, h1, h2, h3, h4, h5 } }, { upsert: true, session }).exec();
  }
}

export async function readVersionSummaries(item: ItemKey): Promise<Map<string, RatingStats>> {
  const docs = await VersionSummaryModel.find({ ...itemFilter(item), count: { $gt: 0 } }).lean<VersionSummaryDoc[]>().exec();
  return new Map(docs.map((d) => [d.versionId, statsOf(d.count ?? 0, d.sum ?? 0, [d.h1 ?? 0, d.h2 ?? 0, d.h3 ?? 0, d.h4 ?? 0, d.h5 ?? 0])]));
}
