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
import { planDelete, planModeration, planReport, planSave, type StoredReview } from '../shared/review-change';
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
import { checkTriage } from '../shared/review-triage';
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
import { factsOf, ITEM_MATCH, itemParams, orderKeyOf, stateParams, toReview, type ReviewRow } from './review-rows';
import { sqliteSummaryReader } from './review-summary';
import { sqliteChangeExecutor } from './review-change';
import { sqliteVersionRatings } from './review-versions';
import { courseParams } from './settings-store';

const COURSE_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId';

/** Rows read per query by allReviews: enough to amortise the query, small enough to stream a 50,000-review course. */
const EXPORT_BATCH = 500;

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
  const summaries = sqliteSummaryReader(db);
  const versions = sqliteVersionRatings(db);
  const execute = sqliteChangeExecutor(db, versions, options.appendAudit);
  /** The stored review as the change plans read it (its version ratings are one primary-key range). */
  const storedOf = (row: ReviewRow): StoredReview => ({ ...factsOf(row), versionRatings: versions.ratingsOf(row.id) });

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
      hold_reasons, hidden_reason, verified, helpful_count, report_count, created_at, updated_at, edited_at, rated_at,
      previous_rating, awaiting_decision, needs_attention)
    VALUES (@id, @issuer, @clientId, @deploymentId, @contextId, @itemId, @authorId, @authorName,
      @givenName, @familyName, @authorNumber, @rating, @aspects, @title, @liked, @improve, @status,
      @holdReasons, @hiddenReason, @verified, 0, @reportCount, @now, @now, NULL, @ratedAt,
      @previousRating, @awaitingDecision, @needsAttention)
    RETURNING *
  `);
  // Counters, creation date and author number survive an edit; the state columns come from the plan.
  const updateReview = db.prepare(`
    UPDATE reviews SET author_name = @authorName, author_given_name = @givenName, author_family_name = @familyName,
      rating = @rating, aspects = @aspects, title = @title, liked = @liked, improve = @improve, status = @status,
      hold_reasons = @holdReasons, hidden_reason = @hiddenReason, awaiting_decision = @awaitingDecision, verified = @verified,
      updated_at = @now, edited_at = @now, rated_at = @ratedAt, previous_rating = @previousRating, needs_attention = @needsAttention
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
  const openReports = db.prepare('SELECT count(*) AS n FROM review_reports WHERE review_id = @id AND cleared_at IS NULL');
  const setReports = db.prepare('UPDATE reviews SET report_count = @reportCount, needs_attention = @needsAttention WHERE id = @id');
  const reportsBy = db.prepare(REPORTS_BY_SQL);
  const openReportsOf = db.prepare(OPEN_REPORTS_OF_SQL);

  const setStatus = db.prepare(`
    UPDATE reviews SET status = @status, hidden_reason = @hiddenReason, updated_at = @at, awaiting_decision = @awaitingDecision,
      report_count = @reportCount, needs_attention = @needsAttention
    WHERE id = @id RETURNING *
  `);

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
    const shape = { order: scan.order, rating: scan.rating !== undefined, after: scan.after !== undefined, ...(scan.order === 'created' && scan.triage ? { triage: scan.triage } : {}) };
    const key = `${shape.order}:${shape.rating}:${shape.after}:${shape.triage ?? ''}`;
    let statement = scanStatements.get(key);
    if (!statement) scanStatements.set(key, (statement = db.prepare(reviewScanSql(shape))));
    return statement;
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
      verified: input.verified ? 1 : 0,
      now,
    };
    const existing = selectByAuthor.get({ ...key, authorId: input.author.id }) as ReviewRow | undefined;
    const change = planSave(existing ? storedOf(existing) : null, input, new Date(now));
    const planned = { ...stateParams(change.review), holdReasons: JSON.stringify(change.holdReasons ?? []) };
    const row = existing
      ? (updateReview.get({ ...fields, ...planned, id: existing.id }) as ReviewRow)
      : (insertReview.get({ ...key, ...fields, ...planned, id: randomUUID(), authorId: input.author.id, authorNumber: authorNumber(input.item, input.author.id) }) as ReviewRow);
    execute(input.item, row.id, change);
    return { review: toReview(row), previous: existing ? toReview(existing) : null };
  });

  const remove = db.transaction((item: ItemKey, authorId: string): Review | null => {
    const existing = selectByAuthor.get({ ...itemParams(item), authorId }) as ReviewRow | undefined;
    if (!existing) return null;
    const change = planDelete(storedOf(existing));
    deleteById.run({ id: existing.id }); // votes, reports and version ratings go with it (ON DELETE CASCADE)
    execute(item, existing.id, change);
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
    const row = selectInCourse.get({ ...courseParams(course), id }) as ReviewRow;
    const change = planReport(factsOf(row), (openReports.get({ id }) as { n: number }).n);
    setReports.run({ id, ...stateParams(change.review) });
    execute(itemOf(row), id, change);
    return true;
  });

  const moderateTx = db.transaction(
    (course: ContextKey, id: string, status: ReviewStatus, hiddenReason: string | null, audit: AuditInput): Review | null => {
      const existing = selectInCourse.get({ ...courseParams(course), id }) as ReviewRow | undefined;
      if (!existing) return null;
      const change = planModeration(storedOf(existing), status, hiddenReason, audit);
      const row = setStatus.get({ id, ...stateParams(change.review), at: audit.at.getTime() }) as ReviewRow;
      execute(itemOf(existing), id, change);
      return toReview(row);
    },
  );

  // Several statements per page: one read transaction keeps them on the same snapshot.
  // Each roster id probes the (item, author) unique index; CROSS JOIN keeps SQLite from scanning the item's reviews instead.
  const reviewersAmong = db.prepare(`SELECT count(*) AS n FROM json_each(@ids) AS j CROSS JOIN reviews AS r ON r.author_id = j.value
    WHERE r.issuer = @issuer AND r.client_id = @clientId AND r.deployment_id = @deploymentId AND r.context_id = @contextId AND r.item_id = @itemId`);
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
      const triage = checkTriage(query);
      const cursor = query.cursor === undefined ? null : decodeReviewCursor(query.sort, query.cursor);
      if (statuses.length === 0) return { items: [], nextCursor: null };
      const rows = readPage(item, planScans(query.sort, stars, cursor, triage), statuses, limit + 1);
      return toPage(query.sort, rows, limit, orderKeyOf, toReview);
    },

    async summary(item, now) {
      return summaries.summary(item, now);
    },

    async countReviewers(item) {
      return summaries.reviewers(item);
    },

    async countReviewersAmong(item, authorIds) {
      const ids = [...new Set(authorIds.filter((id) => typeof id === 'string'))];
      if (ids.length === 0) return 0;
      return (reviewersAmong.get({ ...itemParams(item), ids: JSON.stringify(ids) }) as { n: number }).n;
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
