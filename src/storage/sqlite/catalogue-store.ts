import type { ContextKey, DeploymentKey } from '../../context/tenant';
import type { CatalogueCourse, CatalogueStore } from '../ports/catalogue';
import type { SqliteDatabase } from './database';
import { courseParams } from './settings-store';

const COURSE_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId';
const DEPLOYMENT_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId';
const COURSE_COLUMNS = `issuer, client_id AS clientId, deployment_id AS deploymentId, context_id AS contextId, title, label,
  lms_url AS lmsUrl, badge_token AS badgeToken, badge_served_at AS badgeServedAt, first_seen_at AS firstSeenAt, last_launch_at AS lastLaunchAt`;

/** Exported for the query-plan test: each is a primary-key or index range, never a scan. */
export const CATALOGUE_SQL = {
  changesSince: `SELECT context_id AS contextId, generation, changed_at AS changedAt FROM course_generations
    WHERE ${DEPLOYMENT_MATCH} AND changed_at >= @since`,
  listCourses: `SELECT c.issuer, c.client_id AS clientId, c.deployment_id AS deploymentId, c.context_id AS contextId, c.title, c.label,
      c.lms_url AS lmsUrl, c.badge_token AS badgeToken, c.badge_served_at AS badgeServedAt, c.first_seen_at AS firstSeenAt,
      c.last_launch_at AS lastLaunchAt, coalesce(g.generation, 0) AS generation, coalesce(g.changed_at, 0) AS changedAt
    FROM catalogue_courses c LEFT JOIN course_generations g
      ON g.issuer = c.issuer AND g.client_id = c.client_id AND g.deployment_id = c.deployment_id AND g.context_id = c.context_id
    WHERE c.issuer = @issuer AND c.client_id = @clientId AND c.deployment_id = @deploymentId`,
  answerCounts: `SELECT count(*) AS reviews, count(response_text) AS answered FROM reviews
    WHERE ${COURSE_MATCH} AND item_id = @itemId AND status = 'published'`,
  buyIn: `SELECT count(*) AS opened, count(launched_at) AS launched FROM catalogue_visits WHERE ${COURSE_MATCH}`,
} as const;

interface CourseRow {
  issuer: string;
  clientId: string;
  deploymentId: string;
  contextId: string;
  title: string;
  label: string | null;
  lmsUrl: string | null;
  badgeToken: string;
  badgeServedAt: number | null;
  firstSeenAt: number;
  lastLaunchAt: number;
}

function toCourse(row: CourseRow): CatalogueCourse {
  return {
    course: { issuer: row.issuer, clientId: row.clientId, deploymentId: row.deploymentId, contextId: row.contextId },
    title: row.title,
    ...(row.label !== null ? { label: row.label } : {}),
    ...(row.lmsUrl !== null ? { lmsUrl: row.lmsUrl } : {}),
    badgeToken: row.badgeToken,
    ...(row.badgeServedAt !== null ? { badgeServedAt: new Date(row.badgeServedAt) } : {}),
    firstSeenAt: new Date(row.firstSeenAt),
    lastLaunchAt: new Date(row.lastLaunchAt),
  };
}

const deploymentParams = (d: DeploymentKey) => ({ issuer: d.issuer, clientId: d.clientId, deploymentId: d.deploymentId });

export function createSqliteCatalogueStore(db: SqliteDatabase): CatalogueStore {
  // The title, label and URL follow the latest launch; the token and first date never change. The
  // update trigger bumps the generation only when a shown value really changed.
  const upsert = db.prepare(`
    INSERT INTO catalogue_courses (issuer, client_id, deployment_id, context_id, title, label, lms_url, badge_token, first_seen_at, last_launch_at)
    VALUES (@issuer, @clientId, @deploymentId, @contextId, @title, @label, @lmsUrl, @badgeToken, @at, @at)
    ON CONFLICT (issuer, client_id, deployment_id, context_id) DO UPDATE SET
      title = excluded.title, label = excluded.label, lms_url = excluded.lms_url, last_launch_at = max(last_launch_at, excluded.last_launch_at)`);
  const selectCourse = db.prepare(`SELECT ${COURSE_COLUMNS} FROM catalogue_courses WHERE ${COURSE_MATCH}`);
  const selectByToken = db.prepare(`SELECT ${COURSE_COLUMNS} FROM catalogue_courses WHERE badge_token = ?`);
  const selectCourses = db.prepare(CATALOGUE_SQL.listCourses);
  const selectPlatformCourses = db.prepare(`SELECT ${COURSE_COLUMNS} FROM catalogue_courses WHERE issuer = @issuer AND client_id = @clientId ORDER BY deployment_id, title, context_id`);
  const selectChanges = db.prepare(CATALOGUE_SQL.changesSince);
  const selectNow = db.prepare("SELECT CAST(unixepoch('subsec') * 1000 AS INTEGER)").pluck();
  const markServed = db.prepare(`UPDATE catalogue_courses SET badge_served_at = @at WHERE ${COURSE_MATCH} AND badge_served_at IS NULL`);
  const insertPlacement = db.prepare(`INSERT INTO catalogue_placements (issuer, client_id, deployment_id, first_launch_at) VALUES (@issuer, @clientId, @deploymentId, @at) ON CONFLICT DO NOTHING`);
  const selectPlacement = db.prepare(`SELECT 1 FROM catalogue_placements WHERE ${DEPLOYMENT_MATCH}`);
  const selectAnswers = db.prepare(CATALOGUE_SQL.answerCounts);
  const insertVisit = db.prepare(`INSERT INTO catalogue_visits (issuer, client_id, deployment_id, context_id, visitor, opened_at) VALUES (@issuer, @clientId, @deploymentId, @contextId, @visitor, @at) ON CONFLICT DO NOTHING`);
  const markLaunched = db.prepare(`UPDATE catalogue_visits SET launched_at = @at WHERE ${COURSE_MATCH} AND visitor = @visitor AND launched_at IS NULL AND opened_at <= @at`);
  const selectBuyIn = db.prepare(CATALOGUE_SQL.buyIn);

  const record = db.transaction((params: Record<string, unknown>) => {
    upsert.run(params);
    return selectCourse.get(params) as CourseRow;
  });

  return {
    async recordCourse(course, info, badgeToken, at) {
      const params = { ...courseParams(course), title: info.title, label: info.label ?? null, lmsUrl: info.lmsUrl ?? null, badgeToken, at: at.getTime() };
      return toCourse(record.immediate(params));
    },
    async findCourse(course: ContextKey) {
      const row = selectCourse.get(courseParams(course)) as CourseRow | undefined;
      return row ? toCourse(row) : null;
    },
    async findByBadgeToken(token) {
      const row = selectByToken.get(token) as CourseRow | undefined;
      return row ? toCourse(row) : null;
    },
    async listCourses(deployment) {
      const rows = selectCourses.all(deploymentParams(deployment)) as Array<CourseRow & { generation: number; changedAt: number }>;
      return rows.map((row) => ({ course: toCourse(row), generation: row.generation, changedAt: row.changedAt }));
    },
    async listPlatformCourses(platform) {
      return (selectPlatformCourses.all({ issuer: platform.issuer, clientId: platform.clientId }) as CourseRow[]).map(toCourse);
    },
    async changesSince(deployment, since) {
      const now = selectNow.get() as number;
      return { now, changes: selectChanges.all({ ...deploymentParams(deployment), since }) as Array<{ contextId: string; generation: number; changedAt: number }> };
    },
    // Stamps are taken under the write lock, so they follow commit order; the margin covers clock steps.
    changeWindowMs: 2_000,
    async storeTime() {
      return selectNow.get() as number;
    },
    async markBadgeServed(course, at) {
      markServed.run({ ...courseParams(course), at: at.getTime() });
    },
    async recordPlacement(deployment, at) {
      insertPlacement.run({ ...deploymentParams(deployment), at: at.getTime() });
    },
    async hasPlacement(deployment) {
      return selectPlacement.get(deploymentParams(deployment)) !== undefined;
    },
    async answerCounts(item) {
      return selectAnswers.get({ ...courseParams(item), itemId: item.itemId }) as { answered: number; reviews: number };
    },
    async recordOpen(course, visitor, at) {
      insertVisit.run({ ...courseParams(course), visitor, at: at.getTime() });
    },
    async recordCourseLaunch(course, visitor, at) {
      markLaunched.run({ ...courseParams(course), visitor, at: at.getTime() });
    },
    async buyIn(course) {
      return selectBuyIn.get(courseParams(course)) as { opened: number; launched: number };
    },
  };
}
