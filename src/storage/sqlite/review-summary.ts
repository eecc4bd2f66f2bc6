/**
 * The item summary tables: applying a SummaryChange (inside the write's transaction) and reading a
 * summary (one row, its aspect rows, and at most 12 monthly rows: never a scan of reviews).
 */
import type { ItemKey, RatingStats, ReviewSummary } from '../ports/reviews';
import { aspectsSummary, emptyStats, isZeroStats, last12MonthRange, statsOf, type SummaryChange } from '../shared/review-summary';
import type { SqliteDatabase } from './database';
import { ITEM_MATCH, itemParams } from './review-rows';

const KEY_COLUMNS = 'issuer, client_id, deployment_id, context_id, item_id';
const KEY_VALUES = '@issuer, @clientId, @deploymentId, @contextId, @itemId';
const STARS = 'stars_1, stars_2, stars_3, stars_4, stars_5';
const STAR_VALUES = '@s1, @s2, @s3, @s4, @s5';

/** `col = table.col + excluded.col` for each column: upserts add a delta to what is there. */
const addExcluded = (table: string, columns: string[]): string => columns.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');
const STAT_COLUMNS = ['count', 'sum', 'stars_1', 'stars_2', 'stars_3', 'stars_4', 'stars_5'];

/** The rating columns every SQLite summary table shares (item, month, version, course day). */
export interface StatsRow {
  count: number;
  sum: number;
  stars_1: number;
  stars_2: number;
  stars_3: number;
  stars_4: number;
  stars_5: number;
}

const starsOf = (r: StatsRow): number[] => [r.stars_1, r.stars_2, r.stars_3, r.stars_4, r.stars_5];

/** A row's rating columns as the port's figures. */
export const statsOfRow = (r: StatsRow): RatingStats => statsOf(r.count, r.sum, starsOf(r));

/** Applies a change to an item's summary rows; call it inside the transaction of the review write. */
export function sqliteSummaryWriter(db: SqliteDatabase): (item: ItemKey, change: SummaryChange) => void {
  const upsertItem = db.prepare(`
    INSERT INTO review_summaries (${KEY_COLUMNS}, reviewers, count, sum, ${STARS})
    VALUES (${KEY_VALUES}, @reviewers, @count, @sum, ${STAR_VALUES})
    ON CONFLICT (${KEY_COLUMNS}) DO UPDATE SET ${addExcluded('review_summaries', ['reviewers', ...STAT_COLUMNS])}
  `);
  const upsertMonth = db.prepare(`
    INSERT INTO review_summary_months (${KEY_COLUMNS}, month, count, sum, ${STARS})
    VALUES (${KEY_VALUES}, @month, @count, @sum, ${STAR_VALUES})
    ON CONFLICT (${KEY_COLUMNS}, month) DO UPDATE SET ${addExcluded('review_summary_months', STAT_COLUMNS)}
  `);
  const upsertAspect = db.prepare(`
    INSERT INTO review_summary_aspects (${KEY_COLUMNS}, aspect, count, sum)
    VALUES (${KEY_VALUES}, @aspect, @count, @sum)
    ON CONFLICT (${KEY_COLUMNS}, aspect) DO UPDATE SET ${addExcluded('review_summary_aspects', ['count', 'sum'])}
  `);
  const stars = (h: readonly number[]) => ({ s1: h[0], s2: h[1], s3: h[2], s4: h[3], s5: h[4] });

  return (item, change) => {
    const key = itemParams(item);
    if (change.reviewers !== 0 || !isZeroStats(change.overall)) {
      const { count, sum, histogram } = change.overall;
      upsertItem.run({ ...key, reviewers: change.reviewers, count, sum, ...stars(histogram) });
    }
    for (const [month, d] of change.months) upsertMonth.run({ ...key, month, count: d.count, sum: d.sum, ...stars(d.histogram) });
    for (const [aspect, d] of change.aspects) upsertAspect.run({ ...key, aspect, count: d.count, sum: d.sum });
  };
}

export interface SqliteSummaryReader {
  summary(item: ItemKey, now: Date): ReviewSummary;
  reviewers(item: ItemKey): number;
}

export function sqliteSummaryReader(db: SqliteDatabase): SqliteSummaryReader {
  const selectItem = db.prepare(`SELECT * FROM review_summaries WHERE ${ITEM_MATCH}`);
  const selectAspects = db.prepare(`SELECT aspect, count, sum FROM review_summary_aspects WHERE ${ITEM_MATCH}`);
  // A primary-key range of at most 12 rows.
  const selectMonths = db.prepare(`
    SELECT coalesce(sum(count), 0) AS count, coalesce(sum(sum), 0) AS sum,
      coalesce(sum(stars_1), 0) AS stars_1, coalesce(sum(stars_2), 0) AS stars_2, coalesce(sum(stars_3), 0) AS stars_3,
      coalesce(sum(stars_4), 0) AS stars_4, coalesce(sum(stars_5), 0) AS stars_5
    FROM review_summary_months WHERE ${ITEM_MATCH} AND month BETWEEN @from AND @to
  `);
  const selectReviewers = db.prepare(`SELECT reviewers FROM review_summaries WHERE ${ITEM_MATCH}`);

  // One read transaction, so the three reads see the same committed state.
  const read = db.transaction((item: ItemKey, now: Date): ReviewSummary => {
    const key = itemParams(item);
    const row = selectItem.get(key) as StatsRow | undefined;
    const months = selectMonths.get({ ...key, ...last12MonthRange(now) }) as StatsRow;
    const aspects = selectAspects.all(key) as { aspect: string; count: number; sum: number }[];
    return {
      overall: row ? statsOfRow(row) : emptyStats(),
      last12Months: statsOfRow(months),
      aspects: aspectsSummary(aspects),
    };
  });

  return {
    summary: (item, now) => read(item, now),
    reviewers(item) {
      const row = selectReviewers.get(itemParams(item)) as { reviewers: number } | undefined;
      return row?.reviewers ?? 0;
    },
  };
}
