import type { ContextKey } from '../../context/tenant';
import type { CourseRole } from '../../context/roles';
import type { CourseMember, MemberStore } from '../port';
import type { SqliteDatabase } from './database';

interface MemberRow {
  issuer: string;
  client_id: string;
  deployment_id: string;
  context_id: string;
  user_id: string;
  name: string;
  role: CourseRole;
  first_launch_at: number;
  last_launch_at: number;
  first_learner_launch_at: number | null;
  launch_count: number;
}

function toMember(row: MemberRow): CourseMember {
  return {
    course: { issuer: row.issuer, clientId: row.client_id, deploymentId: row.deployment_id, contextId: row.context_id },
    userId: row.user_id,
    name: row.name,
    role: row.role,
    firstLaunchAt: new Date(row.first_launch_at),
    lastLaunchAt: new Date(row.last_launch_at),
    ...(row.first_learner_launch_at === null ? {} : { firstLearnerLaunchAt: new Date(row.first_learner_launch_at) }),
    launchCount: row.launch_count,
  };
}

function keyParams(course: ContextKey) {
  return { issuer: course.issuer, clientId: course.clientId, deploymentId: course.deploymentId, contextId: course.contextId };
}

const CONTEXT_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId';

export function createSqliteMemberStore(db: SqliteDatabase): MemberStore {
  // A single upsert so two simultaneous launches by the same person both count.
  const record = db.prepare(`
    INSERT INTO course_members (issuer, client_id, deployment_id, context_id, user_id, name, role,
      first_launch_at, last_launch_at, first_learner_launch_at, launch_count)
    VALUES (@issuer, @clientId, @deploymentId, @contextId, @userId, @name, @role,
      @at, @at, CASE WHEN @role = 'learner' THEN @at END, 1)
    ON CONFLICT (issuer, client_id, deployment_id, context_id, user_id) DO UPDATE SET
      name = excluded.name,
      role = excluded.role,
      last_launch_at = excluded.last_launch_at,
      first_learner_launch_at = COALESCE(course_members.first_learner_launch_at, excluded.first_learner_launch_at),
      launch_count = course_members.launch_count + 1
    RETURNING *
  `);
  const selectOne = db.prepare(`SELECT * FROM course_members WHERE ${CONTEXT_MATCH} AND user_id = @userId`);
  const count = db.prepare(`SELECT count(*) AS n FROM course_members WHERE ${CONTEXT_MATCH}`);

  return {
    async recordLaunch(course, userId, name, role, at) {
      const row = record.get({ ...keyParams(course), userId, name, role, at: at.getTime() }) as MemberRow;
      return toMember(row);
    },
    async findMember(course, userId) {
      const row = selectOne.get({ ...keyParams(course), userId }) as MemberRow | undefined;
      return row ? toMember(row) : null;
    },
    async countMembers(course) {
      return (count.get(keyParams(course)) as { n: number }).n;
    },
  };
}
