/**
 * SQLite adapter of ports/contributions.ts. Every write is one synchronous better-sqlite3
 * transaction: the row change, the counters it moves and the audit entry are kept together.
 * What a staff write changes comes from shared/contribution-plan.ts.
 */
import { randomUUID } from 'node:crypto';
import type { ContextKey } from '../../context/tenant';
import type { AuditEntry, AuditInput } from '../ports/audit';
import type { Contribution, ContributionComment, ContributionReuse, ContributionRefusal, ContributionResult, ContributionSort, ContributionStore, ContributionWrite } from '../ports/contributions';
import { REPORT_REASONS } from '../ports/reviews';
import { checkLimit } from '../shared/cursor';
import { decodeContributionCursor, decodeQueueCursor, encodeContributionCursor, encodeQueueCursor, leadOf } from '../shared/contribution-cursor';
import { checkAuthorId, checkCommentWrite, checkContributionWrite } from '../shared/contribution-input';
import { inQueue, planCommentModeration, planCreditEdit, planModeration, planReuse, type ReuseKey } from '../shared/contribution-plan';
import { ContributionInputError } from '../ports/contributions';
import type { SqliteDatabase } from './database';
import { toComment, toContribution, toReuse, type CommentRow, type ContributionRow, type ReuseRow } from './contribution-rows';
import { COURSE_MATCH, listSql, QUEUE_SQL, type StatusFilter } from './contribution-queries';
import { courseParams } from './settings-store';
import { createSqliteContributionPeople } from './contribution-people';

type Appender = (entry: AuditInput) => AuditEntry;

function writeParams(input: ContributionWrite) {
  return {
    title: input.title,
    text: input.text,
    link: input.link ?? null,
    fileId: input.file?.id ?? null,
    fileName: input.file?.name ?? null,
    fileType: input.file?.contentType ?? null,
    fileSize: input.file?.size ?? null,
    fileSha256: input.file?.sha256 ?? null,
    licence: input.licence,
    consent: input.consentToReuse ? 1 : 0,
    creditByName: input.credit.byName ? 1 : 0,
    creditName: input.credit.byName ? input.credit.name : null,
    status: input.status,
    holdReasons: JSON.stringify(input.holdReasons),
  };
}

function refused<T>(refusal: ContributionRefusal): ContributionResult<T> {
  return { ok: false, refusal };
}

export function createSqliteContributionStore(db: SqliteDatabase, appendAudit: Appender): ContributionStore {
  const FIELDS = `title = @title, text = @text, link = @link, file_id = @fileId, file_name = @fileName, file_type = @fileType, file_size = @fileSize,
    file_sha256 = @fileSha256, licence = @licence, consent_to_reuse = @consent, credit_by_name = @creditByName, credit_name = @creditName,
    status = @status, hold_reasons = @holdReasons`;
  const s = {
    insert: db.prepare(`INSERT INTO contributions (id, issuer, client_id, deployment_id, context_id, author_id, author_name, title, text, link,
        file_id, file_name, file_type, file_size, file_sha256, licence, consent_to_reuse, credit_by_name, credit_name, status, hold_reasons,
        in_queue, created_at, updated_at)
      VALUES (@id, @issuer, @clientId, @deploymentId, @contextId, @authorId, @authorName, @title, @text, @link,
        @fileId, @fileName, @fileType, @fileSize, @fileSha256, @licence, @consent, @creditByName, @creditName, @status, @holdReasons,
        @inQueue, @now, @now) RETURNING *`),
    find: db.prepare(`SELECT * FROM contributions WHERE id = @id AND ${COURSE_MATCH}`),
    update: db.prepare(`UPDATE contributions SET ${FIELDS}, in_queue = (@status = 'held' OR report_count > 0), updated_at = @now WHERE id = @id RETURNING *`),
    remove: db.prepare('DELETE FROM contributions WHERE id = ?'),
    creditConsent: db.prepare('UPDATE contributions SET credit_consent_at = @at WHERE id = @id RETURNING *'),
    moderate: db.prepare(`UPDATE contributions SET status = @status, hold_reasons = @holdReasons,
        report_count = CASE WHEN @clear THEN 0 ELSE report_count END,
        in_queue = (@status = 'held' OR (NOT @clear AND report_count > 0)) WHERE id = @id RETURNING *`),
    clearReports: db.prepare('UPDATE contribution_reports SET cleared_at = @now WHERE contribution_id = @id AND cleared_at IS NULL'),
    feature: db.prepare('UPDATE contributions SET featured = @featured WHERE id = @id RETURNING *'),
    credit: db.prepare('UPDATE contributions SET credit_by_name = @byName, credit_name = @name WHERE id = @id RETURNING *'),
    all: db.prepare(`SELECT * FROM contributions INDEXED BY contributions_newest WHERE ${COURSE_MATCH} ORDER BY created_at, id`),
    queueFirst: db.prepare(QUEUE_SQL.first),
    queueNext: db.prepare(QUEUE_SQL.next),
    queueCount: db.prepare(QUEUE_SQL.count),
    markInsert: db.prepare('INSERT OR IGNORE INTO contribution_useful_marks (contribution_id, user_id, issuer, client_id, at) VALUES (@id, @userId, @issuer, @clientId, @now)'),
    markDelete: db.prepare('DELETE FROM contribution_useful_marks WHERE contribution_id = @id AND user_id = @userId'),
    usefulMove: db.prepare('UPDATE contributions SET useful_count = useful_count + @delta WHERE id = @id RETURNING useful_count'),
    marksBy: db.prepare('SELECT contribution_id AS id FROM contribution_useful_marks WHERE user_id = @userId AND contribution_id IN (SELECT value FROM json_each(@ids))'),
    commentInsert: db.prepare(`INSERT INTO contribution_comments (id, contribution_id, issuer, client_id, deployment_id, context_id, author_id, author_name, text, status, hold_reasons, created_at)
      VALUES (@commentId, @id, @issuer, @clientId, @deploymentId, @contextId, @authorId, @authorName, @text, @status, @holdReasons, @now) RETURNING *`),
    commentMove: db.prepare('UPDATE contributions SET comment_count = comment_count + @delta WHERE id = @id'),
    commentFind: db.prepare(`SELECT * FROM contribution_comments WHERE id = @commentId AND ${COURSE_MATCH}`),
    commentDelete: db.prepare('DELETE FROM contribution_comments WHERE id = ?'),
    commentUpdate: db.prepare('UPDATE contribution_comments SET status = @status, hold_reasons = @holdReasons, hidden_reason = @hiddenReason WHERE id = @commentId RETURNING *'),
    commentsOf: db.prepare('SELECT * FROM contribution_comments WHERE contribution_id = @id AND status IN (SELECT value FROM json_each(@statuses)) ORDER BY created_at, id LIMIT @limit'),
    commentsFirst: db.prepare(QUEUE_SQL.commentsFirst),
    commentsNext: db.prepare(QUEUE_SQL.commentsNext),
    reportInsert: db.prepare('INSERT OR IGNORE INTO contribution_reports (contribution_id, reporter_id, issuer, client_id, reason, at) VALUES (@id, @reporterId, @issuer, @clientId, @reason, @at)'),
    reportMove: db.prepare('UPDATE contributions SET report_count = report_count + 1, in_queue = 1 WHERE id = @id'),
    reportsBy: db.prepare('SELECT contribution_id AS id FROM contribution_reports WHERE reporter_id = @reporterId AND contribution_id IN (SELECT value FROM json_each(@ids))'),
    reportsOf: db.prepare('SELECT reason, at FROM contribution_reports WHERE contribution_id = @id AND cleared_at IS NULL ORDER BY at, reporter_id'),
    versionIds: db.prepare(`SELECT id FROM course_versions WHERE ${COURSE_MATCH}`),
    reuseKeys: db.prepare('SELECT kind, version_id AS versionId, target_deployment_id AS targetDeploymentId, target_context_id AS targetContextId FROM contribution_reuses WHERE contribution_id = ?'),
    reuseInsert: db.prepare(`INSERT INTO contribution_reuses (id, contribution_id, issuer, client_id, deployment_id, context_id, author_id, kind, version_id, target_deployment_id, target_context_id, by_id, by_name, at)
      VALUES (@reuseId, @id, @issuer, @clientId, @deploymentId, @contextId, @authorId, @kind, @versionId, @targetDeploymentId, @targetContextId, @byId, @byName, @at) RETURNING *`),
    reuseMove: db.prepare('UPDATE contributions SET reuse_count = reuse_count + @delta WHERE id = @id'),
    reuseFind: db.prepare(`SELECT * FROM contribution_reuses WHERE id = @reuseId AND ${COURSE_MATCH}`),
    reuseDelete: db.prepare('DELETE FROM contribution_reuses WHERE id = ?'),
    reusesOf: db.prepare(`SELECT * FROM contribution_reuses WHERE contribution_id = @id AND ${COURSE_MATCH} ORDER BY at, rowid`),
    reuseCountOfAuthor: db.prepare(`SELECT count(*) AS n FROM contribution_reuses WHERE ${COURSE_MATCH} AND author_id = @authorId`),
  };
  const lists = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  const listStatement = (sort: ContributionSort, statuses: StatusFilter, after: boolean, byAuthor: boolean) => {
    const key = `${sort}/${statuses}/${after}/${byAuthor}`;
    let statement = lists.get(key);
    if (!statement) lists.set(key, (statement = db.prepare(listSql(sort, statuses, after, byAuthor))));
    return statement;
  };

  const findRow = (course: ContextKey, id: string) => s.find.get({ ...courseParams(course), id: String(id) }) as ContributionRow | undefined;

  /** Reads the contribution of the course, runs `act` on it, all in one IMMEDIATE transaction. */
  function staffWrite<T>(course: ContextKey, id: string, act: (current: Contribution) => ContributionResult<T>): ContributionResult<T> {
    return db.transaction((): ContributionResult<T> => {
      const row = findRow(course, id);
      return row ? act(toContribution(row)) : refused<T>('not-found');
    }).immediate();
  }

  return {
    async findContribution(course, id) {
      const row = findRow(course, id);
      return row ? toContribution(row) : null;
    },

    async listContributions(course, query) {
      const limit = checkLimit(query.limit);
      const statuses = [...new Set(query.statuses)];
      for (const status of statuses) if (status !== 'published' && status !== 'held') throw new ContributionInputError(`Unknown status ${String(status)}`);
      if (statuses.length === 0) return { items: [], nextCursor: null };
      if (!['featured', 'newest', 'useful'].includes(query.sort)) throw new ContributionInputError(`Unknown sort ${String(query.sort)}`);
      const after = query.cursor === undefined ? null : decodeContributionCursor(query.cursor, query.sort);
      const byAuthor = query.authorId !== undefined;
      const rows = listStatement(query.sort, statuses.length === 1 ? 'one' : 'both', after !== null, byAuthor).all({
        ...courseParams(course),
        limit: limit + 1,
        ...(statuses.length === 1 ? { status: statuses[0] } : {}),
        ...(byAuthor ? { authorId: query.authorId } : {}),
        ...(after ? { createdAt: after.createdAt, id: after.id, ...(query.sort === 'newest' ? {} : { lead: after.lead }) } : {}),
      }) as ContributionRow[];
      const items = rows.slice(0, limit).map(toContribution);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeContributionCursor({ sort: query.sort, lead: leadOf(query.sort, last), createdAt: last.createdAt.getTime(), id: last.id }) : null,
      };
    },

    async moderationQueue(course, page) {
      const limit = checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeQueueCursor(page.cursor);
      const params = { ...courseParams(course), limit: limit + 1 };
      const rows = (after ? s.queueNext.all({ ...params, ...after }) : s.queueFirst.all(params)) as ContributionRow[];
      const kept = rows.slice(0, limit);
      const last = kept[kept.length - 1];
      return { items: kept.map(toContribution), nextCursor: rows.length > limit && last ? encodeQueueCursor(last.created_at, last.id) : null };
    },

    async countModerationQueue(course) {
      return (s.queueCount.get(courseParams(course)) as { n: number }).n;
    },

    async *allContributions(course) {
      // Read eagerly: a generator holding an open SQLite iterator would block writes on this connection.
      for (const row of s.all.all(courseParams(course)) as ContributionRow[]) yield toContribution(row);
    },

    async createContribution(course, author, input, now) {
      const write = checkContributionWrite(input);
      const row = s.insert.get({
        id: randomUUID(),
        ...courseParams(course),
        authorId: checkAuthorId(author.id),
        authorName: String(author.name ?? ''),
        ...writeParams(write),
        inQueue: inQueue(write.status, 0) ? 1 : 0,
        now: now.getTime(),
      }) as ContributionRow;
      return toContribution(row);
    },

    async updateContribution(course, id, authorId, input, now) {
      const write = checkContributionWrite(input);
      return db.transaction(() => {
        const row = findRow(course, id);
        if (!row || row.author_id !== authorId) return null;
        const updated = s.update.get({ id: row.id, ...writeParams(write), now: now.getTime() }) as ContributionRow;
        return { contribution: toContribution(updated), previous: toContribution(row) };
      }).immediate();
    },

    async deleteContribution(course, id, authorId) {
      return db.transaction(() => {
        const row = findRow(course, id);
        if (!row || row.author_id !== authorId) return null;
        s.remove.run(row.id);
        return toContribution(row);
      }).immediate();
    },

    async setCreditEditConsent(course, id, authorId, given, now) {
      return db.transaction(() => {
        const row = findRow(course, id);
        if (!row || row.author_id !== authorId) return null;
        return toContribution(s.creditConsent.get({ id: row.id, at: given ? now.getTime() : null }) as ContributionRow);
      }).immediate();
    },

    async setUseful(course, id, userId, on, now) {
      return db.transaction(() => {
        const row = findRow(course, id);
        if (!row || row.status !== 'published' || row.author_id === userId) return null;
        const params = { id: row.id, userId: checkAuthorId(userId), issuer: course.issuer, clientId: course.clientId, now: now.getTime() };
        const changed = (on ? s.markInsert.run(params) : s.markDelete.run(params)).changes;
        if (changed === 0) return row.useful_count;
        return (s.usefulMove.get({ id: row.id, delta: on ? 1 : -1 }) as { useful_count: number }).useful_count;
      }).immediate();
    },

    async usefulMarksBy(course, userId, ids) {
      // The course check is the contribution's: a mark row names only its contribution.
      const rows = s.marksBy.all({ userId, ids: JSON.stringify(ids.map(String)) }) as { id: string }[];
      return new Set(rows.filter((r) => findRow(course, r.id)).map((r) => r.id));
    },

    async addComment(course, contributionId, input, now) {
      const write = checkCommentWrite(input);
      return db.transaction(() => {
        const row = findRow(course, contributionId);
        if (!row || row.status !== 'published') return null;
        const comment = s.commentInsert.get({
          commentId: randomUUID(),
          id: row.id,
          ...courseParams(course),
          authorId: write.author.id,
          authorName: write.author.name,
          text: write.text,
          status: write.status,
          holdReasons: JSON.stringify(write.holdReasons),
          now: now.getTime(),
        }) as CommentRow;
        if (write.status === 'published') s.commentMove.run({ id: row.id, delta: 1 });
        return toComment(comment);
      }).immediate();
    },

    async listComments(course, contributionId, statuses, limit) {
      checkLimit(limit);
      if (!findRow(course, contributionId)) return [];
      return (s.commentsOf.all({ id: contributionId, statuses: JSON.stringify(statuses), limit }) as CommentRow[]).map(toComment);
    },

    async deleteComment(course, commentId, authorId) {
      return db.transaction(() => {
        const row = s.commentFind.get({ ...courseParams(course), commentId: String(commentId) }) as CommentRow | undefined;
        if (!row || row.author_id !== authorId) return false;
        s.commentDelete.run(row.id);
        if (row.status === 'published') s.commentMove.run({ id: row.contribution_id, delta: -1 });
        return true;
      }).immediate();
    },

    async commentQueue(course, page) {
      const limit = checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeQueueCursor(page.cursor);
      const params = { ...courseParams(course), limit: limit + 1 };
      const rows = (after ? s.commentsNext.all({ ...params, ...after }) : s.commentsFirst.all(params)) as CommentRow[];
      const kept = rows.slice(0, limit);
      const last = kept[kept.length - 1];
      return { items: kept.map(toComment), nextCursor: rows.length > limit && last ? encodeQueueCursor(last.created_at, last.id) : null };
    },

    async report(course, id, reporterId, reason, at) {
      if (!REPORT_REASONS.includes(reason)) throw new ContributionInputError(`Unknown report reason ${String(reason)}`);
      return db.transaction(() => {
        const row = findRow(course, id);
        if (!row) return false;
        const inserted = s.reportInsert.run({ id: row.id, reporterId: checkAuthorId(reporterId), issuer: course.issuer, clientId: course.clientId, reason, at: at.getTime() }).changes;
        if (inserted === 0) return false;
        s.reportMove.run({ id: row.id });
        return true;
      }).immediate();
    },

    async reportsBy(course, reporterId, ids) {
      const rows = s.reportsBy.all({ reporterId, ids: JSON.stringify(ids.map(String)) }) as { id: string }[];
      return new Set(rows.filter((r) => findRow(course, r.id)).map((r) => r.id));
    },

    async reportsOf(course, id) {
      if (!findRow(course, id)) return [];
      return (s.reportsOf.all({ id }) as { reason: (typeof REPORT_REASONS)[number]; at: number }[]).map((r) => ({ reason: r.reason, at: new Date(r.at) }));
    },

    async moderate(course, id, status, audit, now) {
      return staffWrite(course, id, (current) => {
        const plan = planModeration(current, status);
        if (!plan.ok) return plan;
        if (plan.change.clearReports) s.clearReports.run({ id: current.id, now: now.getTime() });
        const row = s.moderate.get({ id: current.id, status: plan.change.status, holdReasons: JSON.stringify(plan.change.holdReasons), clear: plan.change.clearReports ? 1 : 0 }) as ContributionRow;
        appendAudit(audit);
        return { ok: true, value: toContribution(row) };
      });
    },

    async setFeatured(course, id, featured, audit, now) {
      return staffWrite(course, id, (current) => {
        const row = s.feature.get({ id: current.id, featured: featured ? 1 : 0 }) as ContributionRow;
        appendAudit(audit);
        return { ok: true, value: toContribution(row) };
      });
    },

    async markReused(course, id, target, by, audit, now) {
      return staffWrite(course, id, (current) => {
        const versionIds = (s.versionIds.all(courseParams(course)) as { id: string }[]).map((v) => v.id);
        const plan = planReuse(current, target, versionIds, s.reuseKeys.all(current.id) as ReuseKey[]);
        if (!plan.ok) return plan;
        const row = s.reuseInsert.get({
          reuseId: randomUUID(),
          id: current.id,
          ...courseParams(course),
          authorId: current.author.id,
          ...plan.change,
          byId: checkAuthorId(by.id),
          byName: String(by.name ?? ''),
          at: now.getTime(),
        }) as ReuseRow;
        s.reuseMove.run({ id: current.id, delta: 1 });
        appendAudit(audit);
        return { ok: true, value: toReuse(row) };
      });
    },

    async removeReuse(course, reuseId, audit) {
      return db.transaction((): ContributionResult<ContributionReuse> => {
        const row = s.reuseFind.get({ ...courseParams(course), reuseId: String(reuseId) }) as ReuseRow | undefined;
        if (!row) return refused('not-found');
        s.reuseDelete.run(row.id);
        s.reuseMove.run({ id: row.contribution_id, delta: -1 });
        appendAudit(audit);
        return { ok: true as const, value: toReuse(row) };
      }).immediate();
    },

    async listReuses(course, id) {
      return (s.reusesOf.all({ ...courseParams(course), id: String(id) }) as ReuseRow[]).map(toReuse);
    },

    async reuseCountOfAuthor(course, authorId) {
      return (s.reuseCountOfAuthor.get({ ...courseParams(course), authorId }) as { n: number }).n;
    },

    async editCredit(course, id, credit, audit, now) {
      return staffWrite(course, id, (current) => {
        const plan = planCreditEdit(current, credit);
        if (!plan.ok) return plan;
        const row = s.credit.get({ id: current.id, byName: plan.change.byName ? 1 : 0, name: plan.change.byName ? plan.change.name : null }) as ContributionRow;
        appendAudit(audit);
        return { ok: true, value: toContribution(row) };
      });
    },

    async moderateComment(course, commentId, change, audit) {
      return db.transaction((): ContributionResult<ContributionComment> => {
        const row = s.commentFind.get({ ...courseParams(course), commentId: String(commentId) }) as CommentRow | undefined;
        if (!row) return refused('not-found');
        const plan = planCommentModeration(toComment(row), change);
        const updated = s.commentUpdate.get({ commentId: row.id, status: plan.status, holdReasons: JSON.stringify(plan.holdReasons), hiddenReason: plan.hiddenReason ?? null }) as CommentRow;
        if (plan.countDelta !== 0) s.commentMove.run({ id: row.contribution_id, delta: plan.countDelta });
        appendAudit(audit);
        return { ok: true as const, value: toComment(updated) };
      }).immediate();
    },

    ...createSqliteContributionPeople(db),
  };
}
