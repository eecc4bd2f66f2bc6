/** SQLite comments on ideas and on outline sections, threaded one level deep. */
import type { ContextKey } from '../../context/tenant';
import type { AuditInput } from '../ports/audit';
import { checkAuditCourse } from '../shared/audit-record';
import { sqliteAuditAppender } from './audit-store';
import type { CommentWrite, ConsultationStore, OutlineSection } from '../ports/consultations';
import { newRecordId } from '../consultations/ids';
import type { SqliteDatabase } from './database';
import { COURSE_MATCH, courseParams, toComment, type CommentRow } from './consultation-rows';

type CommentPart = Pick<ConsultationStore, 'addComment' | 'findComment' | 'listComments' | 'setCommentHidden'>;

export function sqliteCommentPart(db: SqliteDatabase): CommentPart {
  const selectOne = db.prepare(`SELECT * FROM cg_comments WHERE id = @id AND ${COURSE_MATCH}`);
  const ideaOf = db.prepare(`SELECT consultation_id, merged_into FROM cg_ideas WHERE id = @id AND ${COURSE_MATCH}`);
  const outlineOf = db.prepare(`SELECT outline FROM cg_consultations WHERE id = @id AND ${COURSE_MATCH}`);
  const insert = db.prepare(`
    INSERT INTO cg_comments (id, issuer, client_id, deployment_id, context_id, target_type, target_id, consultation_id, parent_id,
      author_id, author_name, author_role, body, created_at)
    VALUES (@id, @issuer, @clientId, @deploymentId, @contextId, @targetType, @targetId, @consultationId, @parentId,
      @authorId, @authorName, @authorRole, @body, @now)`);
  const touchIdea = db.prepare('UPDATE cg_ideas SET comment_count = comment_count + @delta, last_activity_at = max(last_activity_at, @now) WHERE id = @id');
  const list = db.prepare(`SELECT * FROM cg_comments WHERE ${COURSE_MATCH} AND target_type = @type AND target_id = @targetId ORDER BY created_at, rowid`);
  const setHidden = db.prepare('UPDATE cg_comments SET hidden = @hidden, hidden_reason = @reason WHERE id = @id');

  const find = (course: ContextKey, id: string) => selectOne.get({ ...courseParams(course), id }) as CommentRow | undefined;

  /** Where the comment goes: its consultation (null for a training need), or undefined when the target is not in the course. */
  function placeOf(course: ContextKey, input: CommentWrite): { targetId: string; consultationId: string | null } | undefined {
    if (input.target.type === 'idea') {
      const idea = ideaOf.get({ ...courseParams(course), id: input.target.ideaId }) as { consultation_id: string | null; merged_into: string | null } | undefined;
      return idea && idea.merged_into === null ? { targetId: input.target.ideaId, consultationId: idea.consultation_id } : undefined;
    }
    const row = outlineOf.get({ ...courseParams(course), id: input.target.consultationId }) as { outline: string } | undefined;
    const sectionId = input.target.sectionId;
    const found = row && (JSON.parse(row.outline) as OutlineSection[]).some((s) => s.id === sectionId);
    return found ? { targetId: sectionId, consultationId: input.target.consultationId } : undefined;
  }

  const add = db.transaction((course: ContextKey, input: CommentWrite, now: number) => {
    const place = placeOf(course, input);
    if (!place) return null;
    if (input.parentId !== null) {
      const parent = find(course, input.parentId);
      if (!parent || parent.parent_id !== null || parent.target_type !== input.target.type || parent.target_id !== place.targetId) return null;
    }
    const id = newRecordId();
    insert.run({
      ...courseParams(course),
      id,
      targetType: input.target.type,
      targetId: place.targetId,
      consultationId: place.consultationId,
      parentId: input.parentId,
      authorId: input.author.id,
      authorName: input.author.name,
      authorRole: input.author.role,
      body: input.body,
      now,
    });
    if (input.target.type === 'idea') touchIdea.run({ id: place.targetId, delta: 1, now });
    return find(course, id)!;
  });

  const appendAudit = sqliteAuditAppender(db);

  // A refused audit entry (the audit table's CHECKs) throws inside the transaction: the change is rolled back with it.
  const hide = db.transaction((course: ContextKey, id: string, hidden: boolean, reason: string | undefined, audit: AuditInput) => {
    const row = find(course, id);
    if (!row) return null;
    setHidden.run({ id, hidden: hidden ? 1 : 0, reason: hidden ? (reason ?? null) : null });
    // The idea's count shows visible comments: it changes only when visibility does.
    if (row.target_type === 'idea' && (row.hidden === 1) !== hidden) touchIdea.run({ id: row.target_id, delta: hidden ? -1 : 1, now: 0 });
    appendAudit(audit);
    return find(course, id)!;
  });

  return {
    async addComment(course, input, now) {
      const row = add(course, input, now.getTime());
      return row ? toComment(row) : null;
    },
    async findComment(course, id) {
      const row = find(course, id);
      return row ? toComment(row) : null;
    },
    async listComments(course, target) {
      const targetId = target.type === 'idea' ? target.ideaId : target.sectionId;
      return (list.all({ ...courseParams(course), type: target.type, targetId }) as CommentRow[]).map(toComment);
    },
    async setCommentHidden(course, id, hidden, reason, audit) {
      checkAuditCourse(course, audit);
      const row = hide.immediate(course, id, hidden, reason, audit);
      return row ? toComment(row) : null;
    },
  };
}
