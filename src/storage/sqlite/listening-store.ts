/**
 * The Listening overview on SQLite: eight grouped reads of one deployment (each an index range over
 * its key prefix, see test/storage/listening-sqlite.test.ts), folded per course by shared code.
 */
import type { ListeningStore } from '../ports/listening';
import { foldFigures, windowMonth, type FigureParts } from '../shared/listening-figures';
import type { SqliteDatabase } from './database';

/**
 * The reads for the whole deployment, or (`only`) for the courses listed in @only as a JSON array of
 * context ids: the same reads with one more condition on the course.
 */
function listeningSql(only: boolean) {
  const ONLY = (column: string) => (only ? ` AND ${column} IN (SELECT value FROM json_each(@only))` : '');
  const DEPLOYMENT = `issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId${ONLY('context_id')}`;
  const IN_DEPLOYMENT = (alias: string) => DEPLOYMENT.replace(/(issuer|client_id|deployment_id|context_id) (=|IN)/g, `${alias}.$1 $2`);
  return {
    courses: `SELECT context_id AS contextId, title, label FROM catalogue_courses WHERE ${DEPLOYMENT}`,
    settings: `SELECT context_id AS contextId, json_extract(settings, '$.minRatings') AS minRatings FROM course_settings WHERE ${DEPLOYMENT}`,
    attention: `SELECT context_id AS contextId, count(*) AS n FROM reviews INDEXED BY reviews_attention
      WHERE ${DEPLOYMENT} AND needs_attention = 1 GROUP BY context_id`,
    // The window's months of the deployment: one range of the primary key (deployment, month, course).
    // Each course's monthly histograms come back as one JSON array (valid JSON by the table's CHECK),
    // summed by the shared fold: a few thousand short rows, never the reviews.
    responses: `SELECT context_id AS contextId, sum(reviews) AS reviews, sum(answered) AS answered, '[' || group_concat(delays) || ']' AS delays
      FROM listening_months WHERE ${DEPLOYMENT} AND month >= @fromMonth GROUP BY context_id HAVING sum(reviews) > 0`,
    actions: `SELECT context_id AS contextId, count(*) AS open, sum(due_on IS NOT NULL AND due_on < @today) AS overdue
      FROM corrective_actions WHERE ${DEPLOYMENT} AND status <> 'done' GROUP BY context_id`,
    buyIn: `SELECT context_id AS contextId, count(*) AS opened, count(launched_at) AS launched FROM catalogue_visits WHERE ${DEPLOYMENT} GROUP BY context_id`,
    // Like ConsultationStore.participation, over every consultation of each course at once.
    participants: `SELECT contextId, count(DISTINCT who) AS n FROM (
        SELECT context_id AS contextId, author_id AS who FROM cg_ideas
          WHERE ${DEPLOYMENT} AND consultation_id IS NOT NULL AND author_role = 'learner'
        UNION ALL SELECT i.context_id, v.voter_id FROM cg_ideas i JOIN cg_votes v ON v.idea_id = i.id
          WHERE ${IN_DEPLOYMENT('i')} AND i.consultation_id IS NOT NULL AND v.voter_role = 'learner'
        UNION ALL SELECT c.context_id, m.author_id FROM cg_consultations c JOIN cg_comments m ON m.consultation_id = c.id
          WHERE ${IN_DEPLOYMENT('c')} AND m.author_role = 'learner'
        UNION ALL SELECT c.context_id, a.user_id FROM cg_consultations c JOIN cg_polls p ON p.consultation_id = c.id JOIN cg_poll_answers a ON a.poll_id = p.id
          WHERE ${IN_DEPLOYMENT('c')} AND a.user_role = 'learner'
      ) GROUP BY contextId`,
    learners: `SELECT context_id AS contextId, count(*) AS n FROM course_members
      WHERE ${DEPLOYMENT} AND first_learner_launch_at IS NOT NULL GROUP BY context_id`,
  } as const;
}

export const LISTENING_SQL = listeningSql(false);
export const LISTENING_SQL_ONLY = listeningSql(true);

type Statements = Record<keyof typeof LISTENING_SQL, ReturnType<SqliteDatabase['prepare']>>;

export function createSqliteListeningStore(db: SqliteDatabase): ListeningStore {
  const prepare = (sql: typeof LISTENING_SQL) => Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, db.prepare(text)])) as Statements;
  const whole = prepare(LISTENING_SQL);
  const some = prepare(LISTENING_SQL_ONLY);
  // One read transaction: the eight reads see the same state of the file.
  const readAll = db.transaction((statements: Statements, params: Record<string, unknown>): FigureParts => {
    const all = <T>(name: keyof typeof LISTENING_SQL) => statements[name].all(params) as T[];
    return {
      courses: all('courses'),
      settings: all('settings'),
      attention: all('attention'),
      responses: all<{ contextId: string; reviews: number; answered: number; delays: string }>('responses').map((r) => ({ ...r, delays: JSON.parse(r.delays) as unknown[] })),
      actions: all('actions'),
      buyIn: all('buyIn'),
      participants: all('participants'),
      learners: all('learners'),
    };
  });
  return {
      async deploymentFigures(deployment, window, courses) {
        const fromMonth = windowMonth(window);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(window.today)) throw new RangeError('A listening window has a YYYY-MM-DD day');
        const params = { issuer: deployment.issuer, clientId: deployment.clientId, deploymentId: deployment.deploymentId, fromMonth, today: window.today };
        if (courses === undefined) return foldFigures(deployment, readAll.deferred(whole, params));
        if (courses.length === 0) return [];
        return foldFigures(deployment, readAll.deferred(some, { ...params, only: JSON.stringify(courses) }));
      },
    };
  }
