/** SQLite ideas and training needs: proposing, listing, the similar-ideas match, votes, statuses, merges. */
import type { ContextKey } from '../../context/tenant';
import type { AuditInput } from '../ports/audit';
import { checkAuditCourse } from '../shared/audit-record';
import { sqliteAuditAppender } from './audit-store';
import type { ConsultationStore, IdeaSort, IdeaWrite } from '../ports/consultations';
import { decodeCursor, encodeCursor, IDEA_SORT_SHAPE, ideaSortKey } from '../consultations/cursor';
import { newRecordId } from '../consultations/ids';
import { matchTerms } from '../consultations/match-terms';
import { pickSimilar, SIMILAR_CANDIDATES, typedTerms } from '../consultations/similar-ideas';
import type { SqliteDatabase } from './database';
import { COURSE_MATCH, courseParams, toIdea, type IdeaRow } from './consultation-rows';

type IdeaPart = Pick<
  ConsultationStore,
  'proposeIdea' | 'findIdea' | 'listIdeas' | 'similarIdeas' | 'setVote' | 'votesBy' | 'setIdeaStatus' | 'setIdeaHidden' | 'mergeIdeas' | 'statusChangesSince'
>;

const SORT_SQL: Record<IdeaSort, { columns: string; order: string }> = {
  votes: { columns: '(vote_count, created_at, id)', order: 'vote_count DESC, created_at DESC, id DESC' },
  newest: { columns: '(created_at, id)', order: 'created_at DESC, id DESC' },
  active: { columns: '(last_activity_at, id)', order: 'last_activity_at DESC, id DESC' },
};

/**
 * FTS5 query for the candidates: any term, as a prefix (the last word is still being typed, and rows
 * indexed before the stemming changed hold longer forms of today's stems); similar-ideas.ts decides.
 */
function ftsQuery(terms: readonly string[]): string {
  return terms.map((t) => `"${t}"*`).join(' OR ');
}

/** The title counts twice, so a shared title word outranks one buried in a description. */
export function indexedTerms(idea: Pick<IdeaWrite, 'title' | 'description' | 'situation' | 'language'>): string {
  const title = matchTerms(idea.title, idea.language);
  return [...title, ...title, ...matchTerms(`${idea.description} ${idea.situation}`, idea.language)].join(' ');
}

export function sqliteIdeaPart(db: SqliteDatabase): IdeaPart {
  const selectOne = db.prepare(`SELECT * FROM cg_ideas WHERE id = @id AND ${COURSE_MATCH}`);
  const consultationInCourse = db.prepare(`SELECT 1 FROM cg_consultations WHERE id = @consultationId AND ${COURSE_MATCH}`);
  const insert = db.prepare(`
    INSERT INTO cg_ideas (id, issuer, client_id, deployment_id, context_id, kind, consultation_id, author_id, author_name, author_role,
      credit_consent, title, description, situation, language, status, created_at, last_activity_at)
    VALUES (@id, @issuer, @clientId, @deploymentId, @contextId, @kind, @consultationId, @authorId, @authorName, @authorRole,
      @creditConsent, @title, @description, @situation, @language, 'new', @now, @now)`);
  const insertTerms = db.prepare('INSERT INTO cg_idea_terms (rowid, terms) VALUES (?, ?)');
  const addVote = db.prepare('INSERT OR IGNORE INTO cg_votes (idea_id, voter_id, voter_role, voted_at) VALUES (?, ?, ?, ?)');
  const removeVote = db.prepare('DELETE FROM cg_votes WHERE idea_id = ? AND voter_id = ?');
  const bumpVotes = db.prepare('UPDATE cg_ideas SET vote_count = vote_count + ?, last_activity_at = max(last_activity_at, ?) WHERE id = ?');
  const voteOf = db.prepare('SELECT 1 FROM cg_votes WHERE idea_id = ? AND voter_id = ?');
  const setStatus = db.prepare(`UPDATE cg_ideas SET status = @status, decline_reason = @reason, status_changed_at = @now WHERE id = @id AND ${COURSE_MATCH}`);
  const setHidden = db.prepare(`UPDATE cg_ideas SET hidden = @hidden, hidden_reason = @reason WHERE id = @id AND ${COURSE_MATCH}`);
  const moveVotes = db.prepare('INSERT OR IGNORE INTO cg_votes (idea_id, voter_id, voter_role, voted_at) SELECT @target, voter_id, voter_role, voted_at FROM cg_votes WHERE idea_id = @source');
  const dropVotes = db.prepare('DELETE FROM cg_votes WHERE idea_id = @source');
  const moveComments = db.prepare("UPDATE cg_comments SET target_id = @target WHERE target_type = 'idea' AND target_id = @source");
  const recount = db.prepare(`
    UPDATE cg_ideas SET vote_count = (SELECT count(*) FROM cg_votes WHERE idea_id = @target),
      comment_count = (SELECT count(*) FROM cg_comments WHERE target_type = 'idea' AND target_id = @target AND hidden = 0),
      last_activity_at = max(last_activity_at, @now) WHERE id = @target`);
  const markMerged = db.prepare('UPDATE cg_ideas SET merged_into = @target, vote_count = 0, comment_count = 0 WHERE id = @source');
  const changes = db.prepare(`
    SELECT * FROM cg_ideas i WHERE ${COURSE_MATCH} AND hidden = 0 AND merged_into IS NULL AND status_changed_at > @since
      AND (author_id = @userId OR EXISTS (SELECT 1 FROM cg_votes v WHERE v.idea_id = i.id AND v.voter_id = @userId))
    ORDER BY status_changed_at DESC, id`);

  const find = (course: ContextKey, id: string) => selectOne.get({ ...courseParams(course), id }) as IdeaRow | undefined;

  const propose = db.transaction((course: ContextKey, input: IdeaWrite, now: number) => {
    if (input.consultationId !== null && !consultationInCourse.get({ ...courseParams(course), consultationId: input.consultationId }))
      throw new Error('The consultation is not in this course');
    const id = newRecordId();
    insert.run({
      ...courseParams(course),
      id,
      kind: input.kind,
      consultationId: input.consultationId,
      authorId: input.author.id,
      authorName: input.author.name,
      authorRole: input.author.role,
      creditConsent: input.creditConsent ? 1 : 0,
      title: input.title,
      description: input.description,
      situation: input.situation,
      language: input.language,
      now,
    });
    const row = find(course, id)!;
    insertTerms.run(row.seq, indexedTerms(input));
    return row;
  });

  const vote = db.transaction((course: ContextKey, ideaId: string, voter: { id: string; role: string }, on: boolean, now: number) => {
    const idea = find(course, ideaId);
    if (!idea || idea.merged_into !== null) return null;
    const changed = on ? addVote.run(ideaId, voter.id, voter.role, now).changes : removeVote.run(ideaId, voter.id).changes;
    if (changed) bumpVotes.run(on ? 1 : -1, now, ideaId);
    return find(course, ideaId)!.vote_count;
  });

  const appendAudit = sqliteAuditAppender(db);

  // A refused audit entry (the audit table's CHECKs) throws inside the transaction: the change is rolled back with it.
  const hide = db.transaction((course: ContextKey, ideaId: string, hidden: boolean, reason: string | undefined, audit: AuditInput) => {
    const { changes } = setHidden.run({ ...courseParams(course), id: ideaId, hidden: hidden ? 1 : 0, reason: hidden ? (reason ?? null) : null });
    if (!changes) return null;
    appendAudit(audit);
    return find(course, ideaId)!;
  });

  const merge = db.transaction((course: ContextKey, sourceId: string, targetId: string, now: number, audit: AuditInput) => {
    const source = find(course, sourceId);
    const target = find(course, targetId);
    if (!source || !target || source.id === target.id || source.merged_into !== null || target.merged_into !== null) return null;
    if (source.kind !== target.kind || source.consultation_id !== target.consultation_id) return null;
    const ids = { source: source.id, target: target.id, now };
    moveVotes.run(ids);
    dropVotes.run(ids);
    moveComments.run(ids);
    recount.run(ids);
    markMerged.run(ids);
    appendAudit(audit);
    return find(course, targetId)!;
  });

  return {
    async proposeIdea(course, input, now) {
      return toIdea(propose(course, input, now.getTime()));
    },
    async findIdea(course, id) {
      const row = find(course, id);
      return row ? toIdea(row) : null;
    },
    async listIdeas(course, query) {
      const sort = SORT_SQL[query.sort];
      const after = decodeCursor(query.cursor, IDEA_SORT_SHAPE[query.sort]);
      const scope = query.kind === 'idea' ? 'AND consultation_id = ?' : '';
      const rows = db
        .prepare(
          `SELECT * FROM cg_ideas WHERE ${COURSE_MATCH} AND kind = ? ${scope} AND merged_into IS NULL ${query.includeHidden ? '' : 'AND hidden = 0'}
           ${after ? `AND ${sort.columns} < (${after.map(() => '?').join(', ')})` : ''} ORDER BY ${sort.order} LIMIT ?`,
        )
        .all(courseParams(course), query.kind, ...(scope ? [query.consultationId ?? ''] : []), ...(after ?? []), query.limit + 1) as IdeaRow[];
      const items = rows.slice(0, query.limit).map(toIdea);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit ? encodeCursor(ideaSortKey(last, query.sort)) : null };
    },
    async similarIdeas(course, query) {
      const terms = typedTerms(query);
      if (terms.length === 0) return [];
      const scope = query.kind === 'idea' ? 'AND i.consultation_id = ?' : '';
      const rows = db
        .prepare(
          `SELECT i.* FROM cg_idea_terms t JOIN cg_ideas i ON i.seq = t.rowid
           WHERE cg_idea_terms MATCH ? AND i.${COURSE_MATCH.replace(/ AND /g, ' AND i.')} AND i.kind = ? ${scope}
             AND i.hidden = 0 AND i.merged_into IS NULL
           ORDER BY bm25(cg_idea_terms), i.vote_count DESC LIMIT ?`,
        )
        .all(ftsQuery(terms), courseParams(course), query.kind, ...(scope ? [query.consultationId ?? ''] : []), SIMILAR_CANDIDATES) as IdeaRow[];
      return pickSimilar(query, rows.map(toIdea), query.limit);
    },
    async setVote(course, ideaId, voter, on, now) {
      return vote(course, ideaId, voter, on, now.getTime());
    },
    async votesBy(course, voterId, ideaIds) {
      const voted = new Set<string>();
      for (const id of ideaIds) if (find(course, id) && voteOf.get(id, voterId)) voted.add(id);
      return voted;
    },
    async setIdeaStatus(course, ideaId, status, declineReason, now) {
      const { changes } = setStatus.run({ ...courseParams(course), id: ideaId, status, reason: declineReason ?? null, now: now.getTime() });
      return changes ? toIdea(find(course, ideaId)!) : null;
    },
    async setIdeaHidden(course, ideaId, hidden, reason, audit) {
      checkAuditCourse(course, audit);
      const row = hide.immediate(course, ideaId, hidden, reason, audit);
      return row ? toIdea(row) : null;
    },
    async mergeIdeas(course, sourceId, targetId, now, audit) {
      checkAuditCourse(course, audit);
      const row = merge.immediate(course, sourceId, targetId, now.getTime(), audit);
      return row ? toIdea(row) : null;
    },
    async statusChangesSince(course, userId, since) {
      return (changes.all({ ...courseParams(course), userId, since: since.getTime() }) as IdeaRow[]).map(toIdea);
    },
  };
}
