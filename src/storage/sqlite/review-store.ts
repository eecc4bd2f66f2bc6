import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { ContextKey } from '../../context/tenant';
import type { AuditEntry, AuditInput } from '../ports/audit';
import {
  REPORT_REASONS,
  type ItemKey,
  type ReportReason,
  type Review,
  type ReviewStatus,
  type ReviewStore,
  type ReviewWrite,
} from '../ports/reviews';
import { checkAuditCourse } from '../shared/audit-record';
import { checkLimit } from '../shared/cursor';
import { planReviewSave } from '../shared/review-save';
import { checkHiddenQuery, encodeHiddenCursor } from '../shared/hidden-reviews';
import { checkReviewWrite, checkStars, checkStatus, checkStatuses } from '../shared/review-input';
import {
  collectScans,
  decodeOldestFirstCursor,
  decodeReviewCursor,
  encodeOldestFirstCursor,
  mergeInScan,
  planScans,
  REVIEW_SORTS,
  toPage,
  type GroupScan,
} from '../shared/review-order';
import { contributionOf, isEmptyChange, summaryChange, type SummaryChange } from '../shared/review-summary';
import type { SqliteDatabase } from './database';
import {
  courseBatchSql,
  hiddenReviewsSql,
  MODERATION_COUNT_SQL,
  moderationQueueSql,
  OPEN_REPORTS_OF_SQL,
  REPORTS_BY_SQL,
  reviewScanSql,
  VOTES_BY_SQL,
} from './review-queries';
import { ITEM_MATCH, itemParams, orderKeyOf, toReview, type ReviewRow } from './review-rows';
import { sqliteSummaryReader, sqliteSummaryWriter } from './review-summary';
import { sqliteAttentionRefresher } from './review-attention';
import { sqliteVersionRatings } from './review-versions';
import { ratingsAfterSave, versionChange, versionOf } from '../shared/review-loop';
import { courseParams } from './settings-store';

const COURSE_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId';

/** Rows read per query by allReviews: enough to amortise the query, small enough to stream a 50,000-review course. */
const EXPORT_BATCH = 500;

const contribution = (row: ReviewRow) =>
  contributionOf({ status: row.status, rating: row.rating, ratedAt: row.rated_at, aspects: JSON.parse(row.aspects) as Review['aspects'] });

const itemOf = (row: ReviewRow): ItemKey => ({
  issuer: row.issuer,
  clientId: row.client_id,
  deploymentId: row.deployment_id,
  contextId: row.context_id,
  itemId: row.item_id,
});

export interface SqliteReviewStoreOptions {
  /** Writes the audit entry of a moderation (or of a hidden review's edit); called inside that write's transaction. */
  readonly appendAudit: (entry: AuditInput) => AuditEntry;
}

/*
 * Every write runs in an IMMEDIATE transaction: it takes the write lock before its first read, so a
 * second process writing the same file waits (busy_timeout) instead of failing when a deferred
 * transaction would try to upgrade from a stale read snapshot. Inside this process better-sqlite3
 * runs each transaction synchronously, so concurrent calls cannot interleave in the middle of one.
 */
export function createSqliteReviewStore(db: SqliteDatabase, options: SqliteReviewStoreOptions): ReviewStore {
  const applySummary = sqliteSummaryWriter(db);
  const summaries = sqliteSummaryReader(db);
  const versions = sqliteVersionRatings(db);
  const refreshAttention = sqliteAttentionRefresher(db);

  const selectByAuthor = db.prepare(`SELECT * FROM reviews WHERE ${ITEM_MATCH} AND author_id = @authorId`);
  const selectInCourse = db.prepare(`SELECT * FROM reviews WHERE id = @id AND ${COURSE_MATCH}`);
  const existsInCourse = db.prepare(`SELECT 1 FROM reviews WHERE id = @id AND ${COURSE_MATCH}`);

  const selectAuthorNumber = db.prepare(`SELECT number FROM review_author_numbers WHERE ${COURSE_MATCH} AND author_id = @authorId`);
  // max+1 through the UNIQUE (course, number) index: an index seek, not a count of the course's authors.
  const assignAuthorNumber = db.prepare(`
    INSERT INTO review_author_numbers (issuer, client_id, deployment_id, context_id, author_id, number)
    SELECT @issuer, @clientId, @deploymentId, @contextId, @authorId, coalesce(max(number), 0) + 1
    FROM review_author_numbers WHERE ${COURSE_MATCH}
    RETURNING number
  `);

  const insertReview = db.prepare(`
    INSERT INTO reviews (id, issuer, client_id, deployment_id, context_id, item_id, author_id, author_name,
      author_given_name, author_family_name, author_number, rating, aspects, title, liked, improve, status,
      hold_reasons, hidden_reason, verified, helpful_count, report_count, created_at, updated_at, edited_at, rated_at)
    VALUES (@id, @issuer, @clientId, @deploymentId, @contextId, @itemId, @authorId, @authorName,
      @givenName, @familyName, @authorNumber, @rating, @aspects, @title, @liked, @improve, @status,
      @holdReasons, NULL, @verified, 0, 0, @now, @now, NULL, @now)
    RETURNING *
  `);
  // Counters, creation date and author number survive an edit; status, hide reason and the
  // awaiting-decision mark come from the save plan (shared/review-save.ts).
  const updateReview = db.prepare(`
    UPDATE reviews SET author_name = @authorName, author_given_name = @givenName, author_family_name = @familyName,
      rating = @rating, aspects = @aspects, title = @title, liked = @liked, improve = @improve, status = @status,
      hold_reasons = @holdReasons, hidden_reason = @hiddenReason, awaiting_decision = @awaitingDecision, verified = @verified,
      updated_at = @now, edited_at = @now, rated_at = @ratedAt, previous_rating = @previousRating
    WHERE id = @id
    RETURNING *
  `);
  const deleteById = db.prepare('DELETE FROM reviews WHERE id = @id');
  // The course's generation trigger runs once per row changed; unchanged rows are not touched.
  const renameAuthorRows = db.prepare(`
    UPDATE reviews SET author_name = @name, author_given_name = @givenName, author_family_name = @familyName
    WHERE ${COURSE_MATCH} AND author_id = @authorId
      AND (author_name IS NOT @name OR author_given_name IS NOT @givenName OR author_family_name IS NOT @familyName)
  `);

  const insertVote = db.prepare('INSERT OR IGNORE INTO review_helpful_votes (review_id, voter_id) VALUES (@id, @voterId)');
  const deleteVote = db.prepare('DELETE FROM review_helpful_votes WHERE review_id = @id AND voter_id = @voterId');
  // Counted from the votes, not incremented: the count is right even if a vote was written outside
  // this code path or a previous count drifted.
  const recountHelpful = db.prepare(`
    UPDATE reviews SET helpful_count = (SELECT count(*) FROM review_helpful_votes WHERE review_id = @id)
    WHERE id = @id RETURNING helpful_count
  `);
  const votesBy = db.prepare(VOTES_BY_SQL);

  const insertReport = db.prepare(`
    INSERT OR IGNORE INTO review_reports (review_id, reporter_id, reason, reported_at, cleared_at)
    VALUES (@id, @reporterId, @reason, @at, NULL)
  `);
  const recountReports = db.prepare(`
    UPDATE reviews SET report_count = (SELECT count(*) FROM review_reports WHERE review_id = @id AND cleared_at IS NULL)
    WHERE id = @id
  `);
  const reportsBy = db.prepare(REPORTS_BY_SQL);
  const openReportsOf = db.prepare(OPEN_REPORTS_OF_SQL);

  const setStatus = db.prepare(`
    UPDATE reviews SET status = @status, hidden_reason = @hiddenReason, updated_at = @at, awaiting_decision = 0,
      report_count = CASE WHEN @status = 'published' THEN 0 ELSE report_count END
    WHERE id = @id RETURNING *
  `);
  const clearReports = db.prepare('UPDATE review_reports SET cleared_at = @at WHERE review_id = @id AND cleared_at IS NULL');

  const queueFirst = db.prepare(moderationQueueSql(false));
  const queueNext = db.prepare(moderationQueueSql(true));
  const queueCount = db.prepare(MODERATION_COUNT_SQL);
  const hiddenPages = new Map<string, Statement>();
  const hiddenPage = (shape: { rating: boolean; after: boolean }): Statement => {
    const key = `${shape.rating}:${shape.after}`;
    let statement = hiddenPages.get(key);
    if (!statement) hiddenPages.set(key, (statement = db.prepare(hiddenReviewsSql(shape))));
    return statement;
  };
  const exportFirst = db.prepare(courseBatchSql(false));
  const exportNext = db.prepare(courseBatchSql(true));

  const scanStatements = new Map<string, Statement>();
  const scanStatement = (scan: GroupScan): Statement => {
    const shape = { order: scan.order, rating: scan.rating !== undefined, after: scan.after !== undefined };
    const key = `${shape.order}:${shape.rating}:${shape.after}`;
    let statement = scanStatements.get(key);
    if (!statement) scanStatements.set(key, (statement = db.prepare(reviewScanSql(shape))));
    return statement;
  };

  const apply = (item: ItemKey, change: SummaryChange): void => {
    if (!isEmptyChange(change)) applySummary(item, change);
  };

  const authorNumber = (course: ContextKey, authorId: string): number => {
    const params = { ...courseParams(course), authorId };
    const existing = selectAuthorNumber.get(params) as { number: number } | undefined;
    return existing?.number ?? (assignAuthorNumber.get(params) as { number: number }).number;
  };

  const save = db.transaction((input: ReviewWrite, now: number): { review: Review; previous: Review | null } => {
    const key = itemParams(input.item);
    const fields = {
      authorName: input.author.name,
      givenName: input.author.givenName ?? null,
      familyName: input.author.familyName ?? null,
      rating: input.rating,
      aspects: JSON.stringify(input.aspects),
      title: input.title,
      liked: input.liked,
      improve: input.improve,
      status: input.status,
      holdReasons: JSON.stringify(input.holdReasons),
      verified: input.verified ? 1 : 0,
      now,
    };
    const versionId = versionOf(input);
    const existing = selectByAuthor.get({ ...key, authorId: input.author.id }) as ReviewRow | undefined;
    if (existing) {
      const plan = planReviewSave(toReview(existing), input, new Date(now));
      // The monthly bucket follows the last change of the rating, not of the text.
      const rerated = input.rating !== existing.rating;
      const ratedAt = rerated ? now : existing.rated_at;
      const previousRating = rerated ? existing.rating : existing.previous_rating;
      const planned = {
        status: plan.status,
        holdReasons: JSON.stringify(plan.holdReasons),
        hiddenReason: plan.hiddenReason ?? null,
        awaitingDecision: plan.awaitingDecision ? 1 : 0,
      };
      const row = refreshAttention(updateReview.get({ ...fields, ...planned, id: existing.id, ratedAt, previousRating }) as ReviewRow);
      if (plan.audit) options.appendAudit(plan.audit);
      apply(input.item, summaryChange(contribution(existing), contribution(row), 0));
      const before = versions.ratingsOf(existing.id);
      const after = ratingsAfterSave(before, existing.rating, input.rating, versionId);
      if (rerated) versions.setRating(existing.id, versionId, input.rating, now);
      versions.apply(input.item, versionChange({ status: existing.status, ratings: before }, { status: row.status, ratings: after }));
      return { review: toReview(row), previous: toReview(existing) };
    }
    const inserted = insertReview.get({
      ...key,
      ...fields,
      id: randomUUID(),
      authorId: input.author.id,
      authorNumber: authorNumber(input.item, input.author.id),
    }) as ReviewRow;
    apply(input.item, summaryChange(null, contribution(inserted), 1));
    versions.setRating(inserted.id, versionId, input.rating, now);
    versions.apply(input.item, versionChange(null, { status: inserted.status, ratings: new Map([[versionId, input.rating]]) }));
    const row = refreshAttention(inserted);
    return { review: toReview(row), previous: null };
  });

  const remove = db.transaction((item: ItemKey, authorId: string): Review | null => {
    const existing = selectByAuthor.get({ ...itemParams(item), authorId }) as ReviewRow | undefined;
    if (!existing) return null;
    versions.apply(item, versionChange({ status: existing.status, ratings: versions.ratingsOf(existing.id) }, null));
    deleteById.run({ id: existing.id }); // votes, reports and version ratings go with it (ON DELETE CASCADE)
    apply(item, summaryChange(contribution(existing), null, -1));
    return toReview(existing);
  });

  const vote = db.transaction((course: ContextKey, id: string, voterId: string, on: boolean): number => {
    if (!existsInCourse.get({ ...courseParams(course), id })) return 0;
    if (on) insertVote.run({ id, voterId });
    else deleteVote.run({ id, voterId });
    return (recountHelpful.get({ id }) as { helpful_count: number }).helpful_count;
  });

  const fileReport = db.transaction((course: ContextKey, id: string, reporterId: string, reason: ReportReason, at: number): boolean => {
    if (!existsInCourse.get({ ...courseParams(course), id })) return false;
    if (insertReport.run({ id, reporterId, reason, at }).changes === 0) return false;
    recountReports.run({ id });
    refreshAttention(selectInCourse.get({ ...courseParams(course), id }) as ReviewRow);
    return true;
  });

  const moderateTx = db.transaction(
    (course: ContextKey, id: string, status: ReviewStatus, hiddenReason: string | null, audit: AuditInput): Review | null => {
      const existing = selectInCourse.get({ ...courseParams(course), id }) as ReviewRow | undefined;
      if (!existing) return null;
      const at = audit.at.getTime();
      const row = refreshAttention(setStatus.get({ id, status, hiddenReason, at }) as ReviewRow);
      if (status === 'published') clearReports.run({ id, at });
      apply(itemOf(existing), summaryChange(contribution(existing), contribution(row), 0));
      const ratings = versions.ratingsOf(id);
      versions.apply(itemOf(existing), versionChange({ status: existing.status, ratings }, { status: row.status, ratings }));
      options.appendAudit(audit);
      return toReview(row);
    },
  );

  // Several statements per page: one read transaction keeps them on the same snapshot.
  const readPage = db.transaction((item: ItemKey, scans: GroupScan[], statuses: ReviewStatus[], need: number): ReviewRow[] => {
    const key = itemParams(item);
    return collectScans(scans, need, (scan, n) => {
      const params = {
        ...key,
        limit: n,
        ...(scan.rating === undefined ? {} : { rating: scan.rating }),
        ...(scan.after === undefined ? {} : { afterCreated: scan.after.createdAt, afterId: scan.after.id }),
        ...(scan.order === 'helpful' && scan.after !== undefined ? { afterHelpful: scan.after.helpfulCount } : {}),
      };
      const statement = scanStatement(scan);
      const lists = statuses.map((status) => statement.all({ ...params, status }) as ReviewRow[]);
      return mergeInScan(scan, lists.map((rows) => rows.map((row) => ({ ...orderKeyOf(row), row }))), n).map((r) => r.row);
    });
  });

  return {
    async saveReview(input, now) {
      return save.immediate(checkReviewWrite(input), now.getTime());
    },

    async deleteReview(item, authorId) {
      return remove.immediate(item, authorId);
    },

    async findReviewByAuthor(item, authorId) {
      const row = selectByAuthor.get({ ...itemParams(item), authorId }) as ReviewRow | undefined;
      return row ? toReview(row) : null;
    },

    async findReview(course, reviewId) {
      const row = selectInCourse.get({ ...courseParams(course), id: reviewId }) as ReviewRow | undefined;
      return row ? toReview(row) : null;
    },

    async listReviews(item, query) {
      if (!REVIEW_SORTS.includes(query.sort)) throw new RangeError(`Unknown review sort ${String(query.sort)}`);
      const limit = checkLimit(query.limit);
      const statuses = checkStatuses(query.statuses);
      const stars = checkStars(query.stars);
      const cursor = query.cursor === undefined ? null : decodeReviewCursor(query.sort, query.cursor);
      if (statuses.length === 0) return { items: [], nextCursor: null };
      const rows = readPage(item, planScans(query.sort, stars, cursor), statuses, limit + 1);
      return toPage(query.sort, rows, limit, orderKeyOf, toReview);
    },

    async summary(item, now) {
      return summaries.summary(item, now);
    },

    async countReviewers(item) {
      return summaries.reviewers(item);
    },

    async setHelpful(course, reviewId, voterId, on) {
      return vote.immediate(course, reviewId, voterId, on);
    },

    async helpfulVotesBy(course, voterId, reviewIds) {
      if (reviewIds.length === 0) return new Set();
      const rows = votesBy.all({ ...courseParams(course), voterId, ids: JSON.stringify(reviewIds) }) as { id: string }[];
      return new Set(rows.map((r) => r.id));
    },

    async report(course, reviewId, reporterId, reason, at) {
      if (!REPORT_REASONS.includes(reason)) throw new RangeError(`Unknown report reason ${String(reason)}`);
      return fileReport.immediate(course, reviewId, reporterId, reason, at.getTime());
    },

    async reportsBy(course, reporterId, reviewIds) {
      if (reviewIds.length === 0) return new Set();
      const rows = reportsBy.all({ ...courseParams(course), reporterId, ids: JSON.stringify(reviewIds) }) as { id: string }[];
      return new Set(rows.map((r) => r.id));
    },

    async reportsOf(course, reviewId) {
      const rows = openReportsOf.all({ ...courseParams(course), id: reviewId }) as { reason: ReportReason; reported_at: number }[];
      return rows.map((r) => ({ reason: r.reason, at: new Date(r.reported_at) }));
    },

    async moderate(course, reviewId, change, audit) {
      const status = checkStatus(change.status);
      checkAuditCourse(course, audit);
      // A hide reason belongs to the hidden state only; publishing or holding again drops it.
      const hiddenReason = status === 'hidden' ? (change.hiddenReason ?? null) : null;
      return moderateTx.immediate(course, reviewId, status, hiddenReason, audit);
    },

    async moderationQueue(course, page) {
      const limit = checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeOldestFirstCursor(page.cursor);
      const params = { ...courseParams(course), limit: limit + 1 };
      const rows = (after ? queueNext.all({ ...params, afterCreated: after.createdAt, afterId: after.id }) : queueFirst.all(params)) as ReviewRow[];
      const kept = rows.slice(0, limit);
      const last = kept[kept.length - 1];
      return {
        items: kept.map(toReview),
        nextCursor: rows.length > limit && last ? encodeOldestFirstCursor({ createdAt: last.created_at, id: last.id }) : null,
      };
    },

    async countModerationQueue(course) {
      return (queueCount.get(courseParams(course)) as { n: number }).n;
    },

    async listHidden(course, query) {
      const limit = checkLimit(query.limit);
      const { stars, after } = checkHiddenQuery(query);
      const rows = hiddenPage({ rating: stars !== undefined, after: after !== null }).all({
        ...courseParams(course),
        limit: limit + 1,
        ...(stars === undefined ? {} : { rating: stars }),
        ...(after ? { afterCreated: after.createdAt, afterId: after.id } : {}),
      }) as ReviewRow[];
      const kept = rows.slice(0, limit);
      const last = kept[kept.length - 1];
      return {
        items: kept.map(toReview),
        nextCursor: rows.length > limit && last ? encodeHiddenCursor({ createdAt: last.created_at, id: last.id }) : null,
      };
    },

    async versionSummaries(item) {
      return versions.summaries(item);
    },

    async ratingHistory(course, reviewId) {
      if (typeof reviewId !== 'string' || !existsInCourse.get({ ...courseParams(course), id: reviewId })) return [];
      return versions.history(reviewId);
    },

    async *allReviews(course) {
      const params = { ...courseParams(course), limit: EXPORT_BATCH };
      let rows = exportFirst.all(params) as ReviewRow[];
      for (;;) {
        for (const row of rows) yield toReview(row);
        const last = rows[rows.length - 1];
        if (rows.length < EXPORT_BATCH || !last) return;
        rows = exportNext.all({ ...params, afterCreated: last.created_at, afterId: last.id }) as ReviewRow[];
      }
    },

    async renameAuthor(course, author) {
      if (typeof author?.id !== 'string' || typeof author.name !== 'string') throw new TypeError('A review author has a string id and name');
      const params = { ...courseParams(course), authorId: author.id, name: author.name, givenName: author.givenName ?? null, familyName: author.familyName ?? null };
      return renameAuthorRows.run(params).changes;
    },
  };
}
