/** SQLite consultations: the consultation itself, its outline, its polls, visits and participation. */
import { appendSection, replaceSection } from '../consultations/outline-edits';
import type { ContextKey } from '../../context/tenant';
import type { ConsultationStore, OutlineSection } from '../ports/consultations';
import { decodeCursor, encodeCursor } from '../consultations/cursor';
import { newRecordId } from '../consultations/ids';
import type { SqliteDatabase } from './database';
import { COURSE_MATCH, courseParams, toConsultation, toPoll, type ConsultationRow, type PollRow } from './consultation-rows';

type ConsultationPart = Pick<
  ConsultationStore,
  | 'createConsultation'
  | 'updateConsultation'
  | 'findConsultation'
  | 'listConsultations'
  | 'addSection'
  | 'updateSection'
  | 'addPoll'
  | 'listPolls'
  | 'answerPoll'
  | 'answersBy'
  | 'pollResults'
  | 'participation'
  | 'recordVisit'
>;

export function sqliteConsultationPart(db: SqliteDatabase): ConsultationPart {
  const insert = db.prepare(`
    INSERT INTO cg_consultations (id, issuer, client_id, deployment_id, context_id, title, brief, questions, opens_on, closes_on, status, outline, created_at, updated_at)
    VALUES (@id, @issuer, @clientId, @deploymentId, @contextId, @title, @brief, @questions, @opensOn, @closesOn, @status, '[]', @now, @now)`);
  const update = db.prepare(`
    UPDATE cg_consultations SET title = @title, brief = @brief, questions = @questions, opens_on = @opensOn, closes_on = @closesOn,
      status = @status, updated_at = @now WHERE id = @id AND ${COURSE_MATCH}`);
  const selectOne = db.prepare(`SELECT * FROM cg_consultations WHERE id = @id AND ${COURSE_MATCH}`);
  const saveOutline = db.prepare(`UPDATE cg_consultations SET outline = @outline, updated_at = @now WHERE id = @id AND ${COURSE_MATCH}`);
  const insertPoll = db.prepare(`INSERT INTO cg_polls (id, consultation_id, question, kind, options, created_at) VALUES (@id, @consultationId, @question, @kind, @options, @now)`);
  const selectPolls = db.prepare(`
    SELECT p.* FROM cg_polls p JOIN cg_consultations c ON c.id = p.consultation_id
    WHERE p.consultation_id = @consultationId AND c.${COURSE_MATCH.replace(/ AND /g, ' AND c.')} ORDER BY p.created_at, p.rowid`);
  const selectPoll = db.prepare(`
    SELECT p.* FROM cg_polls p JOIN cg_consultations c ON c.id = p.consultation_id
    WHERE p.id = @pollId AND c.${COURSE_MATCH.replace(/ AND /g, ' AND c.')}`);
  const upsertAnswer = db.prepare(`
    INSERT INTO cg_poll_answers (poll_id, user_id, user_role, choices, answered_at) VALUES (@pollId, @userId, @role, @choices, @now)
    ON CONFLICT (poll_id, user_id) DO UPDATE SET choices = excluded.choices, answered_at = excluded.answered_at`);
  const selectAnswers = db.prepare('SELECT choices FROM cg_poll_answers WHERE poll_id = ?');
  const selectAnswerBy = db.prepare('SELECT choices FROM cg_poll_answers WHERE poll_id = ? AND user_id = ?');
  const participants = db.prepare(`
    SELECT count(*) AS n FROM (
      SELECT author_id AS who FROM cg_ideas WHERE consultation_id = @id AND author_role = 'learner'
      UNION SELECT v.voter_id FROM cg_votes v JOIN cg_ideas i ON i.id = v.idea_id WHERE i.consultation_id = @id AND v.voter_role = 'learner'
      UNION SELECT author_id FROM cg_comments WHERE consultation_id = @id AND author_role = 'learner'
      UNION SELECT a.user_id FROM cg_poll_answers a JOIN cg_polls p ON p.id = a.poll_id WHERE p.consultation_id = @id AND a.user_role = 'learner'
    )`);
  const selectVisit = db.prepare(`SELECT visited_at FROM cg_visits WHERE ${COURSE_MATCH} AND user_id = @userId`);
  const upsertVisit = db.prepare(`
    INSERT INTO cg_visits (issuer, client_id, deployment_id, context_id, user_id, visited_at) VALUES (@issuer, @clientId, @deploymentId, @contextId, @userId, @now)
    ON CONFLICT (issuer, client_id, deployment_id, context_id, user_id) DO UPDATE SET visited_at = excluded.visited_at`);

  const find = (course: ContextKey, id: string) => selectOne.get({ ...courseParams(course), id }) as ConsultationRow | undefined;
  const changeOutline = db.transaction((course: ContextKey, id: string, change: (outline: OutlineSection[]) => OutlineSection | null, now: number) => {
    const row = find(course, id);
    if (!row) return null;
    const outline = JSON.parse(row.outline) as OutlineSection[];
    const section = change(outline);
    if (section) saveOutline.run({ ...courseParams(course), id, outline: JSON.stringify(outline), now });
    return section;
  });
  const answer = db.transaction((course: ContextKey, pollId: string, params: Record<string, unknown>) => {
    if (!selectPoll.get({ ...courseParams(course), pollId })) return false;
    upsertAnswer.run({ pollId, ...params });
    return true;
  });
  const visit = db.transaction((course: ContextKey, userId: string, now: number) => {
    const previous = selectVisit.get({ ...courseParams(course), userId }) as { visited_at: number } | undefined;
    upsertVisit.run({ ...courseParams(course), userId, now });
    return previous ? new Date(previous.visited_at) : null;
  });

  const writeParams = (input: Parameters<ConsultationStore['createConsultation']>[1]) => ({
    title: input.title,
    brief: input.brief,
    questions: JSON.stringify(input.questions),
    opensOn: input.opensOn ?? null,
    closesOn: input.closesOn ?? null,
    status: input.status,
  });

  return {
    async createConsultation(course, input, now) {
      const id = newRecordId();
      insert.run({ ...courseParams(course), id, ...writeParams(input), now: now.getTime() });
      return toConsultation(find(course, id)!);
    },
    async updateConsultation(course, id, input, now) {
      const { changes } = update.run({ ...courseParams(course), id, ...writeParams(input), now: now.getTime() });
      return changes ? toConsultation(find(course, id)!) : null;
    },
    async findConsultation(course, id) {
      const row = find(course, id);
      return row ? toConsultation(row) : null;
    },
    async listConsultations(course, statuses, page) {
      const after = decodeCursor(page.cursor, ['number', 'string']);
      const rows = db
        .prepare(
          `SELECT * FROM cg_consultations WHERE ${COURSE_MATCH} AND status IN (${statuses.map(() => '?').join(',') || "''"})
           ${after ? 'AND (created_at, id) < (?, ?)' : ''} ORDER BY created_at DESC, id DESC LIMIT ?`,
        )
        .all(courseParams(course), ...statuses, ...(after ?? []), page.limit + 1) as ConsultationRow[];
      const items = rows.slice(0, page.limit).map(toConsultation);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > page.limit ? encodeCursor([last.createdAt.getTime(), last.id]) : null };
    },
    async addSection(course, consultationId, section, now) {
      return changeOutline(course, consultationId, (outline) => appendSection(outline, section), now.getTime());
    },
    async updateSection(course, consultationId, section, now) {
      return changeOutline(course, consultationId, (outline) => replaceSection(outline, section), now.getTime());
    },
    async addPoll(course, consultationId, poll, now) {
      if (!find(course, consultationId)) return null;
      const id = newRecordId();
      insertPoll.run({ id, consultationId, question: poll.question, kind: poll.kind, options: JSON.stringify(poll.options), now: now.getTime() });
      return { id, consultationId, question: poll.question, kind: poll.kind, options: [...poll.options], createdAt: new Date(now.getTime()) };
    },
    async listPolls(course, consultationId) {
      return (selectPolls.all({ ...courseParams(course), consultationId }) as PollRow[]).map(toPoll);
    },
    async answerPoll(course, pollId, respondent, choices, now) {
      return answer(course, pollId, { userId: respondent.id, role: respondent.role, choices: JSON.stringify(choices), now: now.getTime() });
    },
    async answersBy(course, userId, pollIds) {
      const answers = new Map<string, number[]>();
      for (const pollId of pollIds) {
        if (!selectPoll.get({ ...courseParams(course), pollId })) continue;
        const row = selectAnswerBy.get(pollId, userId) as { choices: string } | undefined;
        if (row) answers.set(pollId, JSON.parse(row.choices) as number[]);
      }
      return answers;
    },
    async pollResults(course, pollId) {
      const row = selectPoll.get({ ...courseParams(course), pollId }) as PollRow | undefined;
      if (!row) return null;
      const poll = toPoll(row);
      const counts = new Array<number>(poll.kind === 'scale' ? 5 : poll.options.length).fill(0);
      const answers = selectAnswers.all(pollId) as { choices: string }[];
      for (const a of answers) for (const choice of JSON.parse(a.choices) as number[]) if (choice >= 0 && choice < counts.length) counts[choice]++;
      return { respondents: answers.length, counts };
    },
    async participation(course, consultationId) {
      if (!find(course, consultationId)) return 0;
      return (participants.get({ id: consultationId }) as { n: number }).n;
    },
    async recordVisit(course, userId, now) {
      return visit(course, userId, now.getTime());
    },
  };
}
