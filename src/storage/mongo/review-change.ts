/**
 * Executes a review write's change plan (shared/review-change.ts) beside the write of the review
 * document, inside the caller's transaction: the item's summary ($inc), the course's daily buckets,
 * the per-version figures, the open reports cleared, the audit entry, and the course's generation
 * last (what the SQLite adapter's triggers do from the rows, this adapter does explicitly).
 */
import type { ClientSession } from 'mongoose';
import type { ItemKey } from '../ports/reviews';
import type { ReviewChange } from '../shared/review-change';
import { appendAuditDoc } from './audit-store';
import { ReportModel, SummaryModel } from './course-models';
import { bumpGeneration } from './generation-store';
import { itemFilter } from './keys';
import { summaryIncrements } from './review-docs';
import { applyVersionChange } from './review-loop-docs';
import { applyRatingDays } from './rating-days-store';
import { applyListeningMonths } from './listening-months-store';

export async function executeChange(item: ItemKey, reviewId: string, change: ReviewChange, session: ClientSession): Promise<void> {
  const inc = change.summary ? summaryIncrements(change.summary) : null;
  // Upserted: the item's first review creates its summary. A concurrent first write is a write
  // conflict inside the transaction, which withTransaction retries.
  if (inc) await SummaryModel.updateOne(itemFilter(item), { $inc: inc }, { upsert: true, session }).exec();
  if (change.summary) await applyRatingDays(item, change.summary.days, session);
  if (change.versions.size > 0) await applyVersionChange(item, change.versions, session);
  if (change.listening.length > 0) await applyListeningMonths(item, change.listening, session);
  if (change.clearReportsAt !== null) {
    await ReportModel.updateMany({ reviewId, clearedAt: null }, { $set: { clearedAt: new Date(change.clearReportsAt) } }, { session }).exec();
  }
  if (change.audit) await appendAuditDoc(change.audit, session);
  if (change.bumpsGeneration) await bumpGeneration(item, session);
}
