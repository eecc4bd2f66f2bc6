/**
 * Per-version ratings of a review and the item's per-version figures (migration 5). The writer runs
 * inside the review write's transaction; the reader is one primary-key range per item.
 */
import type { ItemKey, Rating, RatingStats, VersionRating } from '../ports/reviews';
import type { StatsDelta } from '../shared/review-summary';
import { statsOf } from '../shared/review-summary';
import type { SqliteDatabase } from './database';
import { ITEM_MATCH, itemParams } from './review-rows';

export interface SqliteVersionRatings {
  ratingsOf(reviewId: string): Map<string, Rating>;
  setRating(reviewId: string, versionId: string, rating: Rating, at: number): void;
  apply(item: ItemKey, change: ReadonlyMap<string, StatsDelta>): void;
  summaries(item: ItemKey): Map<string, RatingStats>;
  history(reviewId: string): VersionRating[];
}

export function sqliteVersionRatings(db: SqliteDatabase): SqliteVersionRatings {
  const selectRatings = db.prepare('SELECT version_id, rating, rated_at FROM review_version_ratings WHERE review_id = ? ORDER BY rated_at, version_id');
  const upsertRating = db.prepare(`
    INSERT INTO review_version_ratings (review_id, version_id, rating, rated_at) VALUES (@reviewId, @versionId, @rating, @at)
    ON CONFLICT (review_id, version_id) DO UPDATE SET rating = excluded.rating, rated_at = excluded.rated_at
  `);
  const upsertSummary = db.prepare(`
    INSERT INTO review_version_summaries (issuer, client_id, deployment_id, context_id, item_id, version_id, count, sum, stars_1, stars_2, stars_3, stars_4, stars_5)
    VALUES (@issuer, @clientId, @deploymentId, @contextId, @itemId, @versionId, @count, @sum, @s1, @s2, @s3, @s4, @s5)
    ON CONFLICT (issuer, client_id, deployment_id, context_id, item_id, version_id) DO UPDATE SET
      count = count + excluded.count, sum = sum + excluded.sum, stars_1 = stars_1 + excluded.stars_1, stars_2 = stars_2 + excluded.stars_2,
      stars_3 = stars_3 + excluded.stars_3, stars_4 = stars_4 + excluded.stars_4, stars_5 = stars_5 + excluded.stars_5
  `);
  const selectSummaries = db.prepare(`SELECT * FROM review_version_summaries WHERE ${ITEM_MATCH} AND count > 0`);
  type Row = { version_id: string; rating: Rating; rated_at: number };
  type SummaryRow = { version_id: string; count: number; sum: number; stars_1: number; stars_2: number; stars_3: number; stars_4: number; stars_5: number };

  return {
    ratingsOf: (reviewId) => new Map((selectRatings.all(reviewId) as Row[]).map((r) => [r.version_id, r.rating])),
    setRating: (reviewId, versionId, rating, at) => void upsertRating.run({ reviewId, versionId, rating, at }),
    apply(item, change) {
      const key = itemParams(item);
      for (const [versionId, d] of change) {
        const [s1, s2, s3, s4, s5] = d.histogram;
        upsertSummary.run({ ...key, versionId, count: d.count, sum: d.sum, s1, s2, s3, s4, s5 });
      }
    },
    summaries(item) {
      const rows = selectSummaries.all(itemParams(item)) as SummaryRow[];
      return new Map(rows.map((r) => [r.version_id, statsOf(r.count, r.sum, [r.stars_1, r.stars_2, r.stars_3, r.stars_4, r.stars_5])]));
    },
    history: (reviewId) => (selectRatings.all(reviewId) as Row[]).map((r) => ({ versionId: r.version_id, rating: r.rating, at: new Date(r.rated_at) })),
  };
}
