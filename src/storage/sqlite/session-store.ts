import type { LaunchContext } from '../../context/launch-context';
import type { LaunchSession, SessionStore } from '../port';
import type { SqliteDatabase } from './database';

interface SessionRow {
  id: string;
  context: string;
  csrf_secret: string;
  created_at: number;
  expires_at: number;
}

export function createSqliteSessionStore(db: SqliteDatabase): SessionStore {
  // The identity columns duplicate what is inside `context` so that sessions can be found or
  // revoked per platform, course or user without parsing JSON.
  const insert = db.prepare(`
    INSERT INTO launch_sessions
      (id, issuer, client_id, deployment_id, context_id, user_id, context, csrf_secret, created_at, expires_at)
    VALUES
      (@id, @issuer, @clientId, @deploymentId, @contextId, @userId, @context, @csrfSecret, @createdAt, @expiresAt)
  `);
  const selectLive = db.prepare('SELECT id, context, csrf_secret, created_at, expires_at FROM launch_sessions WHERE id = ? AND expires_at > ?');
  const remove = db.prepare('DELETE FROM launch_sessions WHERE id = ?');

  return {
    async createSession(session) {
      const link = session.context.link;
      insert.run({
        id: session.id,
        issuer: link.issuer,
        clientId: link.clientId,
        deploymentId: link.deploymentId,
        contextId: link.contextId,
        userId: session.context.userId,
        context: JSON.stringify(session.context),
        csrfSecret: session.csrfSecret,
        createdAt: session.createdAt.getTime(),
        expiresAt: session.expiresAt.getTime(),
      });
    },
    async findSession(id, now) {
      const row = selectLive.get(id, now.getTime()) as SessionRow | undefined;
      if (!row) return null;
      return {
        id: row.id,
        context: JSON.parse(row.context) as LaunchContext,
        csrfSecret: row.csrf_secret,
        createdAt: new Date(row.created_at),
        expiresAt: new Date(row.expires_at),
      } satisfies LaunchSession;
    },
    async deleteSession(id) {
      remove.run(id);
    },
  };
}
