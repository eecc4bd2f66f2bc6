/**
 * Data-protection export and erasure of one person's contribution data (ports/contributions.ts,
 * ContributionDataProtection), matched by (issuer, client id, sub) through the *_person indexes.
 */
import type { ContributionDataProtection, ContributionErasure } from '../ports/contributions';
import type { ReportReason } from '../ports/reviews';
import type { SqliteDatabase } from './database';
import { toComment, toContribution, toReuse, type CommentRow, type ContributionRow, type ReuseRow } from './contribution-rows';

const PERSON = 'issuer = @issuer AND client_id = @clientId';

export function createSqliteContributionPeople(db: SqliteDatabase): ContributionDataProtection {
  const s = {
    contributions: db.prepare(`SELECT * FROM contributions WHERE ${PERSON} AND author_id = @userId ORDER BY created_at, id`),
    marks: db.prepare(`SELECT m.contribution_id, m.at, c.deployment_id, c.context_id FROM contribution_useful_marks m JOIN contributions c ON c.id = m.contribution_id
      WHERE m.issuer = @issuer AND m.client_id = @clientId AND m.user_id = @userId ORDER BY m.at`),
    comments: db.prepare(`SELECT * FROM contribution_comments WHERE ${PERSON} AND author_id = @userId ORDER BY created_at, id`),
    reports: db.prepare(`SELECT r.contribution_id, r.reason, r.at, c.deployment_id, c.context_id FROM contribution_reports r JOIN contributions c ON c.id = r.contribution_id
      WHERE r.issuer = @issuer AND r.client_id = @clientId AND r.reporter_id = @userId ORDER BY r.at`),
    reuses: db.prepare(`SELECT * FROM contribution_reuses WHERE ${PERSON} AND by_id = @userId ORDER BY at, id`),
    deleteContribution: db.prepare('DELETE FROM contributions WHERE id = ?'),
    deleteMark: db.prepare('DELETE FROM contribution_useful_marks WHERE contribution_id = ? AND user_id = ?'),
    markMove: db.prepare('UPDATE contributions SET useful_count = useful_count - 1 WHERE id = ?'),
    deleteComment: db.prepare('DELETE FROM contribution_comments WHERE id = ?'),
    commentMove: db.prepare('UPDATE contributions SET comment_count = comment_count - 1 WHERE id = ?'),
    deleteReport: db.prepare('DELETE FROM contribution_reports WHERE contribution_id = ? AND reporter_id = ? RETURNING cleared_at'),
    reportMove: db.prepare("UPDATE contributions SET report_count = report_count - 1, in_queue = (status = 'held' OR report_count - 1 > 0) WHERE id = ?"),
    anonymiseReuses: db.prepare(`UPDATE contribution_reuses SET by_name = '' WHERE ${PERSON} AND by_id = @userId AND by_name <> ''`),
  };

  return {
    async exportUser(user) {
      const params = { issuer: user.issuer, clientId: user.clientId, userId: user.userId };
      const course = (row: { deployment_id: string; context_id: string }) => ({ issuer: user.issuer, clientId: user.clientId, deploymentId: row.deployment_id, contextId: row.context_id });
      type Joined = { contribution_id: string; at: number; deployment_id: string; context_id: string };
      return {
        contributions: (s.contributions.all(params) as ContributionRow[]).map(toContribution),
        usefulMarks: (s.marks.all(params) as Joined[]).map((r) => ({ course: course(r), contributionId: r.contribution_id, at: new Date(r.at) })),
        comments: (s.comments.all(params) as CommentRow[]).map(toComment),
        reports: (s.reports.all(params) as Array<Joined & { reason: ReportReason }>).map((r) => ({ course: course(r), contributionId: r.contribution_id, reason: r.reason, at: new Date(r.at) })),
        reusesRecorded: (s.reuses.all(params) as ReuseRow[]).map(toReuse),
      };
    },

    async eraseUser(user) {
      const params = { issuer: user.issuer, clientId: user.clientId, userId: user.userId };
      return db.transaction(() => {
        const perCourse = new Map<string, ContributionErasure>();
        const count = (deploymentId: string, contextId: string, field: 'contributions' | 'usefulMarks' | 'comments' | 'reports') => {
          const key = JSON.stringify([deploymentId, contextId]);
          const entry = perCourse.get(key) ?? { course: { issuer: user.issuer, clientId: user.clientId, deploymentId, contextId }, contributions: 0, usefulMarks: 0, comments: 0, reports: 0 };
          perCourse.set(key, { ...entry, [field]: entry[field] + 1 });
        };
        const fileIds: string[] = [];
        // Their own contributions first: what hangs on them goes with them (cascade), so the
        // recounts below only touch other people's contributions.
        for (const row of s.contributions.all(params) as ContributionRow[]) {
          s.deleteContribution.run(row.id);
          if (row.file_id !== null) fileIds.push(row.file_id);
          count(row.deployment_id, row.context_id, 'contributions');
        }
        for (const mark of s.marks.all(params) as Array<{ contribution_id: string; deployment_id: string; context_id: string }>) {
          s.deleteMark.run(mark.contribution_id, user.userId);
          s.markMove.run(mark.contribution_id);
          count(mark.deployment_id, mark.context_id, 'usefulMarks');
        }
        for (const comment of s.comments.all(params) as CommentRow[]) {
          s.deleteComment.run(comment.id);
          if (comment.status === 'published') s.commentMove.run(comment.contribution_id);
          count(comment.deployment_id, comment.context_id, 'comments');
        }
        for (const report of s.reports.all(params) as Array<{ contribution_id: string; deployment_id: string; context_id: string }>) {
          const deleted = s.deleteReport.get(report.contribution_id, user.userId) as { cleared_at: number | null };
          if (deleted.cleared_at === null) s.reportMove.run(report.contribution_id);
          count(report.deployment_id, report.context_id, 'reports');
        }
        s.anonymiseReuses.run(params);
        return { courses: [...perCourse.values()], fileIds };
      }).immediate();
    },
  };
}
