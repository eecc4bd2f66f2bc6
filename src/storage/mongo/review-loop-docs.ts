/**
 * The per-version ratings and needs-attention flag of review documents, and the per-version summary
 * update, for the MongoDB review store (all called inside the review write's transaction).
 */
import type { ClientSession } from 'mongoose';
import { INITIAL_VERSION } from '../ports/course-versions';
import type { ItemKey, Rating, RatingStats } from '../ports/reviews';
import { needsAttention, versionChange, type VersionRatings } from '../shared/review-loop';
import { statsOf } from '../shared/review-summary';
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

export function attentionOf(doc: ReviewDoc): boolean {
  return needsAttention({
    status: doc.status,
    rating: doc.rating,
    previousRating: doc.previousRating ?? null,
    reportCount: doc.reportCount,
    ratedAt: doc.ratedAt,
    responseAt: doc.response?.at ?? null,
  });
}

export async function applyVersionChange(
  item: ItemKey,
  before: { status: ReviewDoc['status']; ratings: VersionRatings } | null,
  after: { status: ReviewDoc['status']; ratings: VersionRatings } | null,
  session: ClientSession,
): Promise<void> {
  for (const [versionId, d] of versionChange(before, after)) {
    const [h1, h2, h3, h4, h5] = d.histogram;
    await VersionSummaryModel.updateOne({ ...itemFilter(item), versionId }, { $inc: { count: d.count, sum: d.sum, h1, h2, h3, h4, h5 } }, { upsert: true, session }).exec();
  }
}

export async function readVersionSummaries(item: ItemKey): Promise<Map<string, RatingStats>> {
  const docs = await VersionSummaryModel.find({ ...itemFilter(item), count: { $gt: 0 } }).lean<VersionSummaryDoc[]>().exec();
  return new Map(docs.map((d) => [d.versionId, statsOf(d.count ?? 0, d.sum ?? 0, [d.h1 ?? 0, d.h2 ?? 0, d.h3 ?? 0, d.h4 ?? 0, d.h5 ?? 0])]));
}
