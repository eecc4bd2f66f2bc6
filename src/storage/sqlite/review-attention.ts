import { needsAttention } from '../shared/review-loop';
import type { SqliteDatabase } from './database';
import type { ReviewRow } from './review-rows';

/** Recomputes a review's needs-attention flag after a write (call inside the write's transaction). */
export function sqliteAttentionRefresher(db: SqliteDatabase): (row: ReviewRow) => ReviewRow {
  const setFlag = db.prepare('UPDATE reviews SET needs_attention = @flag WHERE id = @id');
  return (row) => {
    const flag = needsAttention({
      status: row.status,
      rating: row.rating,
      previousRating: row.previous_rating,
      reportCount: row.report_count,
      ratedAt: row.rated_at,
      responseAt: row.response_at,
    })
      ? 1
      : 0;
    if (flag !== row.needs_attention) setFlag.run({ flag, id: row.id });
    return { ...row, needs_attention: flag };
  };
}
