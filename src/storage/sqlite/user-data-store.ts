/**
 * SQLite: one person's rows across the courses of their platform (ports/user-data.ts). Every lookup
 * is a range of a version-17 index (user-data-schema.ts): (issuer, client_id, person) on the tables
 * that carry the course, the person alone on child tables joined to their parent for the platform.
 */
import type { LaunchContext } from '../../context/launch-context';
import type { ContextKey } from '../../context/tenant';
import type { CourseMember } from '../port';
import type { AuditEntry } from '../ports/audit';
import type { GradeTarget } from '../ports/grade-outbox';
import type { ReportReason } from '../ports/reviews';
import type { UserDataStore, UserKey } from '../ports/user-data';
import { readSystemReason } from '../shared/audit-record';
import { isPersonLaunchRecord } from '../ltijs/person-records';
import { checkErasure, checkUserKey, erasedId, erasureAudit, ErasureTally } from '../shared/erasure-record';
import { sqliteAuditAppender } from './audit-store';
import { toComment, toIdea, type CommentRow, type IdeaRow } from './consultation-rows';
import type { SqliteDatabase } from './database';
import { planReport } from '../shared/review-change';
import { factsOf, toReview, type ReviewRow } from './review-rows';

type CourseRow = { issuer: string; client_id: string; deployment_id: string; context_id: string };
type Row = CourseRow & Record<string, unknown>;

const courseOf = (r: CourseRow): ContextKey => ({ issuer: r.issuer, clientId: r.client_id, deploymentId: r.deployment_id, contextId: r.context_id });
const date = (ms: unknown): Date => new Date(ms as number);
const optionalDate = (name: string, ms: unknown) => (ms === null || ms === undefined ? {} : { [name]: new Date(ms as number) });

const PERSON = 'issuer = @issuer AND client_id = @clientId';
const params = (user: UserKey) => ({ issuer: user.issuer, clientId: user.clientId, userId: user.userId });

/**
 * The statements that read one person's rows, shared by the export and the erasure. CROSS JOIN keeps
 * the person's side first (SQLite would otherwise start from the platform's reviews or ideas), and
 * INDEXED BY holds the two WITHOUT ROWID tables, whose primary key starts with the platform, to the
 * person's index; test/storage/user-data-plans.test.ts checks every plan.
 */
export function personQueries(db: SqliteDatabase) {
  return {
    members: db.prepare(`SELECT * FROM course_members WHERE ${PERSON} AND user_id = @userId ORDER BY first_launch_at`),
    reviews: db.prepare(`SELECT * FROM reviews WHERE ${PERSON} AND author_id = @userId ORDER BY created_at, id`),
    helpfulVotes: db.prepare(`SELECT r.issuer, r.client_id, r.deployment_id, r.context_id, v.review_id FROM review_helpful_votes v
      CROSS JOIN reviews r ON r.id = v.review_id WHERE v.voter_id = @userId AND r.issuer = @issuer AND r.client_id = @clientId ORDER BY v.review_id`),
    reports: db.prepare(`SELECT r.issuer, r.client_id, r.deployment_id, r.context_id, p.review_id, p.reason, p.reported_at, p.cleared_at FROM review_reports p
      CROSS JOIN reviews r ON r.id = p.review_id WHERE p.reporter_id = @userId AND r.issuer = @issuer AND r.client_id = @clientId ORDER BY p.reported_at`),
    responses: db.prepare(`SELECT issuer, client_id, deployment_id, context_id, id, response_text, response_at FROM reviews
      WHERE ${PERSON} AND response_by_id = @userId ORDER BY response_at`),
    ideas: db.prepare(`SELECT * FROM cg_ideas WHERE ${PERSON} AND author_id = @userId ORDER BY created_at, id`),
    ideaVotes: db.prepare(`SELECT i.issuer, i.client_id, i.deployment_id, i.context_id, v.idea_id, v.voted_at FROM cg_votes v
      CROSS JOIN cg_ideas i ON i.id = v.idea_id WHERE v.voter_id = @userId AND i.issuer = @issuer AND i.client_id = @clientId ORDER BY v.voted_at`),
    comments: db.prepare(`SELECT * FROM cg_comments WHERE ${PERSON} AND author_id = @userId ORDER BY created_at, id`),
    pollAnswers: db.prepare(`SELECT c.issuer, c.client_id, c.deployment_id, c.context_id, a.poll_id, p.question, a.choices, a.answered_at
      FROM cg_poll_answers a CROSS JOIN cg_polls p ON p.id = a.poll_id CROSS JOIN cg_consultations c ON c.id = p.consultation_id
      WHERE a.user_id = @userId AND c.issuer = @issuer AND c.client_id = @clientId ORDER BY a.answered_at`),
    visits: db.prepare(`SELECT * FROM cg_visits WHERE ${PERSON} AND user_id = @userId`),
    invites: db.prepare(`SELECT * FROM review_invites INDEXED BY review_invites_user WHERE ${PERSON} AND user_id = @userId`),
    scores: db.prepare(`SELECT * FROM grade_outbox WHERE ${PERSON} AND user_id = @userId ORDER BY created_at, id`),
    actions: db.prepare(`SELECT * FROM corrective_actions WHERE ${PERSON} AND created_by_id = @userId ORDER BY created_at, id`),
    actionLinks: db.prepare('SELECT review_id FROM corrective_action_reviews WHERE action_id = ? ORDER BY review_id'),
    versions: db.prepare(`SELECT * FROM course_versions WHERE ${PERSON} AND created_by_id = @userId ORDER BY created_at, id`),
    sessions: db.prepare(`SELECT context, created_at, expires_at FROM launch_sessions WHERE ${PERSON} AND user_id = @userId ORDER BY created_at`),
    audit: db.prepare(`SELECT * FROM audit_entries WHERE ${PERSON} AND actor_id = @userId ORDER BY at, seq`),
    catalogueVisits: db.prepare(`SELECT * FROM catalogue_visits INDEXED BY catalogue_visits_visitor WHERE ${PERSON} AND visitor = @visitor ORDER BY opened_at`),
    // Through ltijs_records_user (two ranges); the platform is checked on each record (ltijs/person-records.ts).
    launchTokens: db.prepare(`SELECT id, collection, doc FROM ltijs_records WHERE collection IN ('idtoken', 'contexttoken') AND json_extract(doc, '$.user') = @userId`),
  };
}

function toAuditEntry(r: Row): AuditEntry {
  const systemReason = r.reason_code === null ? null : readSystemReason(r.reason_code, JSON.parse((r.reason_params as string | null) ?? '{}'));
  return {
    id: r.id as string,
    course: courseOf(r),
    at: date(r.at),
    actor: { id: r.actor_id as string, name: r.actor_name as string, role: r.actor_role as AuditEntry['actor']['role'] },
    action: r.action as string,
    subject: { type: r.subject_type as string, id: r.subject_id as string },
    ...(r.reason === null ? {} : { reason: r.reason as string }),
    ...(systemReason ? { systemReason } : {}),
  };
}

function toMember(r: Row): CourseMember {
  return {
    course: courseOf(r),
    userId: r.user_id as string,
    name: r.name as string,
    role: r.role as CourseMember['role'],
    firstLaunchAt: date(r.first_launch_at),
    lastLaunchAt: date(r.last_launch_at),
    ...optionalDate('firstLearnerLaunchAt', r.first_learner_launch_at),
    launchCount: r.launch_count as number,
  };
}

type LaunchRecordRow = { id: number; collection: string; doc: string };
/** The person's ltijs launch records of this platform, parsed. */
const launchRecordsOf = (rows: LaunchRecordRow[], user: UserKey) =>
  rows.map((r) => ({ id: r.id, doc: JSON.parse(r.doc) as Record<string, unknown>, collection: r.collection })).filter((r) => isPersonLaunchRecord(r.collection, r.doc, user));

export function createSqliteUserDataStore(db: SqliteDatabase): UserDataStore {
  const q = personQueries(db);
  const appendAudit = sqliteAuditAppender(db);
  const setAttention = db.prepare('UPDATE reviews SET needs_attention = @needsAttention WHERE id = @id');

  const deleteVote = db.prepare('DELETE FROM review_helpful_votes WHERE review_id = @reviewId AND voter_id = @userId');
  const recountHelpful = db.prepare('UPDATE reviews SET helpful_count = (SELECT count(*) FROM review_helpful_votes WHERE review_id = @reviewId) WHERE id = @reviewId');
  const deleteReport = db.prepare('DELETE FROM review_reports WHERE review_id = @reviewId AND reporter_id = @userId');
  const recountReports = db.prepare(`UPDATE reviews SET report_count = (SELECT count(*) FROM review_reports WHERE review_id = @reviewId AND cleared_at IS NULL)
    WHERE id = @reviewId RETURNING *`);
  const deleteIdeaVote = db.prepare('DELETE FROM cg_votes WHERE idea_id = @ideaId AND voter_id = @userId');
  const recountIdeaVotes = db.prepare('UPDATE cg_ideas SET vote_count = (SELECT count(*) FROM cg_votes WHERE idea_id = @ideaId) WHERE id = @ideaId');
  const deleteAnswer = db.prepare('DELETE FROM cg_poll_answers WHERE poll_id = @pollId AND user_id = @userId');
  const deleteToken = db.prepare('DELETE FROM ltijs_records WHERE id = ?');
  const COURSE_COLUMNS = 'issuer, client_id, deployment_id, context_id';
  /** Whole rows that go: the person's presence and state, per course. */
  const deletions = ['cg_visits', 'course_members', 'review_invites', 'grade_outbox', 'launch_sessions'].map((table) =>
    db.prepare(`DELETE FROM ${table} INDEXED BY ${table}_user WHERE ${PERSON} AND user_id = @userId RETURNING ${COURSE_COLUMNS}`),
  );
  const deleteCatalogueVisits = db.prepare(`DELETE FROM catalogue_visits INDEXED BY catalogue_visits_visitor WHERE ${PERSON} AND visitor = @visitor RETURNING ${COURSE_COLUMNS}`);
  /** Rows others built on: kept, the person's id replaced by the erasure's and their name emptied (shown as "A learner"). */
  const anonymiseIdeas = db.prepare(`UPDATE cg_ideas SET author_id = @erased, author_name = '', credit_consent = 0 WHERE ${PERSON} AND author_id = @userId RETURNING ${COURSE_COLUMNS}`);
  const anonymiseComments = db.prepare(`UPDATE cg_comments SET author_id = @erased, author_name = '' WHERE ${PERSON} AND author_id = @userId RETURNING ${COURSE_COLUMNS}`);
  const anonymisations = [
    `UPDATE reviews SET response_by_id = @erased, response_by_name = '' WHERE ${PERSON} AND response_by_id = @userId`,
    `UPDATE corrective_actions SET created_by_id = @erased, created_by_name = '' WHERE ${PERSON} AND created_by_id = @userId`,
    `UPDATE course_versions SET created_by_id = @erased, created_by_name = '' WHERE ${PERSON} AND created_by_id = @userId`,
    `UPDATE audit_entries SET actor_id = @erased, actor_name = '' WHERE ${PERSON} AND actor_id = @userId`,
    // The number stays taken (max+1 numbering must never hand it to someone else).
    `UPDATE review_author_numbers INDEXED BY review_author_numbers_author SET author_id = @erased WHERE ${PERSON} AND author_id = @userId`,
  ].map((sql) => db.prepare(`${sql} RETURNING ${COURSE_COLUMNS}`));

  const erase = db.transaction((user: UserKey, request: Parameters<UserDataStore['eraseUser']>[1]) => {
    const p = { ...params(user), erased: erasedId(request) };
    const tally = new ErasureTally();
    for (const { course, count } of request.reviewsDeleted) tally.add(course, 'reviews', count);

    for (const r of q.helpfulVotes.all(p) as Row[]) {
      deleteVote.run({ reviewId: r.review_id, userId: user.userId });
      recountHelpful.run({ reviewId: r.review_id });
      tally.add(courseOf(r), 'helpfulVotes');
    }
    for (const r of q.reports.all(p) as Row[]) {
      deleteReport.run({ reviewId: r.review_id, userId: user.userId });
      // Fewer open reports: the review's flag follows the same plan as when one is filed (shared/review-change.ts).
      const row = recountReports.get({ reviewId: r.review_id }) as ReviewRow;
      setAttention.run({ id: row.id, needsAttention: planReport(factsOf(row), row.report_count).review.needsAttention ? 1 : 0 });
      tally.add(courseOf(r), 'reports');
    }
    for (const r of q.ideaVotes.all(p) as Row[]) {
      deleteIdeaVote.run({ ideaId: r.idea_id, userId: user.userId });
      recountIdeaVotes.run({ ideaId: r.idea_id });
      tally.add(courseOf(r), 'ideaVotes');
    }
    for (const r of q.pollAnswers.all(p) as Row[]) {
      deleteAnswer.run({ pollId: r.poll_id, userId: user.userId });
      tally.add(courseOf(r), 'pollAnswers');
    }
    for (const statement of deletions) for (const r of statement.all(p) as CourseRow[]) tally.add(courseOf(r), 'recordsDeleted');
    if (request.visitor !== undefined) {
      for (const r of deleteCatalogueVisits.all({ ...p, visitor: request.visitor }) as CourseRow[]) tally.add(courseOf(r), 'recordsDeleted');
    }
    for (const r of launchRecordsOf(q.launchTokens.all(p) as LaunchRecordRow[], user)) deleteToken.run(r.id);
    for (const r of anonymiseIdeas.all(p) as CourseRow[]) tally.add(courseOf(r), 'ideasAnonymised');
    for (const r of anonymiseComments.all(p) as CourseRow[]) tally.add(courseOf(r), 'commentsAnonymised');
    for (const statement of anonymisations) for (const r of statement.all(p) as CourseRow[]) tally.add(courseOf(r), 'recordsAnonymised');

    const courses = tally.courses();
    for (const erasure of courses) appendAudit(erasureAudit(erasure, request));
    return courses;
  });

  return {
    async exportUser(user, options = {}) {
      checkUserKey(user);
      const p = params(user);
      const all = (statement: { all(params: object): unknown[] }) => statement.all(p) as Row[];
      return {
        user: { ...p },
        courses: all(q.members).map(toMember),
        reviews: (q.reviews.all(p) as ReviewRow[]).map(toReview),
        helpfulVotes: all(q.helpfulVotes).map((r) => ({ course: courseOf(r), reviewId: r.review_id as string })),
        reports: all(q.reports).map((r) => ({
          course: courseOf(r),
          reviewId: r.review_id as string,
          reason: r.reason as ReportReason,
          at: date(r.reported_at),
          ...optionalDate('clearedAt', r.cleared_at),
        })),
        responses: all(q.responses).map((r) => ({ course: courseOf(r), reviewId: r.id as string, text: r.response_text as string, at: date(r.response_at) })),
        ideas: (q.ideas.all(p) as IdeaRow[]).map(toIdea),
        ideaVotes: all(q.ideaVotes).map((r) => ({ course: courseOf(r), ideaId: r.idea_id as string, votedAt: date(r.voted_at) })),
        comments: (q.comments.all(p) as CommentRow[]).map(toComment),
        pollAnswers: all(q.pollAnswers).map((r) => ({
          course: courseOf(r),
          pollId: r.poll_id as string,
          question: r.question as string,
          choices: JSON.parse(r.choices as string) as number[],
          answeredAt: date(r.answered_at),
        })),
        consultationVisits: all(q.visits).map((r) => ({ course: courseOf(r), visitedAt: date(r.visited_at) })),
        reviewInvites: all(q.invites).map((r) => ({ course: courseOf(r), state: { dismissed: r.dismissed === 1, ...optionalDate('postponedUntil', r.postponed_until) } })),
        pendingScores: all(q.scores).map((r) => ({
          id: r.id as string,
          course: courseOf(r),
          userId: r.user_id as string,
          reason: r.reason as string,
          target: JSON.parse(r.target as string) as GradeTarget,
          createdAt: date(r.created_at),
          attempts: r.attempts as number,
          nextAttemptAt: date(r.next_attempt_at),
          locale: r.locale === 'fr' ? ('fr' as const) : ('en' as const),
          ...(r.last_error === null ? {} : { lastError: r.last_error as string }),
        })),
        correctiveActions: all(q.actions).map((r) => ({
          id: r.id as string,
          course: courseOf(r),
          description: r.description as string,
          ...(r.due_on === null ? {} : { dueOn: r.due_on as string }),
          status: r.status as 'planned' | 'in-progress' | 'done',
          reviewIds: (q.actionLinks.all(r.id) as Array<{ review_id: string }>).map((l) => l.review_id),
          ...(r.done_in_version === null ? {} : { doneInVersion: r.done_in_version as string }),
          createdBy: { id: r.created_by_id as string, name: r.created_by_name as string },
          createdAt: date(r.created_at),
          updatedAt: date(r.updated_at),
        })),
        courseVersions: all(q.versions).map((r) => ({ course: courseOf(r), versionId: r.id as string, label: r.label as string, createdAt: date(r.created_at) })),
        sessions: (q.sessions.all(p) as Array<{ context: string; created_at: number; expires_at: number }>).map((r) => ({
          context: JSON.parse(r.context) as LaunchContext,
          createdAt: date(r.created_at),
          expiresAt: date(r.expires_at),
        })),
        auditEntries: all(q.audit).map(toAuditEntry),
        catalogueVisits:
          options.visitor === undefined
            ? []
            : (q.catalogueVisits.all({ ...p, visitor: options.visitor }) as Row[]).map((r) => ({
                course: courseOf(r),
                openedAt: date(r.opened_at),
                ...optionalDate('launchedAt', r.launched_at),
              })),
        launchTokens: launchRecordsOf(q.launchTokens.all(p) as LaunchRecordRow[], user).map((r) => ({ collection: r.collection, ...r.doc })),
      };
    },

    async eraseUser(user, request) {
      checkErasure(user, request);
      return erase.immediate(user, request);
    },
  };
}
