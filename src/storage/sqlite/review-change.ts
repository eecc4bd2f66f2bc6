/**
 * Executes a review write's change plan (shared/review-change.ts) beside the write of the review row,
 * inside the caller's transaction. The course's generation is bumped by the reviews table's triggers
 * (course-generations-schema.ts), so `bumpsGeneration` needs no statement here.
 */
import type { AuditEntry, AuditInput } from '../ports/audit';
import type { ItemKey } from '../ports/reviews';
import type { ReviewChange } from '../shared/review-change';
import type { SqliteDatabase } from './database';
import { sqliteListeningMonthsWriter } from './listening-months';
import { sqliteRatingDaysWriter } from './rating-days-store';
import { sqliteSummaryWriter } from './review-summary';
import type { SqliteVersionRatings } from './review-versions';

export type SqliteChangeExecutor = (item: ItemKey, reviewId: string, change: ReviewChange) => void;

export function sqliteChangeExecutor(
  db: SqliteDatabase,
  versions: SqliteVersionRatings,
  appendAudit: (entry: AuditInput) => AuditEntry,
): SqliteChangeExecutor {
  const applySummary = sqliteSummaryWriter(db);
  const applyDays = sqliteRatingDaysWriter(db);
  const applyMonths = sqliteListeningMonthsWriter(db);
  const clearReports = db.prepare('UPDATE review_reports SET cleared_at = @at WHERE review_id = @id AND cleared_at IS NULL');
  return (item, reviewId, change) => {
    if (change.versionRating) versions.setRating(reviewId, change.versionRating.versionId, change.versionRating.rating, change.versionRating.at);
    if (change.summary) {
      applySummary(item, change.summary);
      applyDays(item, change.summary.days);
    }
    if (change.versions.size > 0) versions.apply(item, change.versions);
    if (change.listening.length > 0) applyMonths(item, change.listening);
    if (change.clearReportsAt !== null) clearReports.run({ id: reviewId, at: change.clearReportsAt });
    if (change.audit) appendAudit(change.audit);
  };
}
