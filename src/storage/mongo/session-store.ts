import type { LaunchContext } from '../../context/launch-context';
import type { LaunchSession, SessionStore } from '../port';
import { SessionModel, type SessionDoc } from './models';

export function toSessionDoc(session: LaunchSession): SessionDoc {
  return {
    sessionId: session.id,
    context: JSON.stringify(session.context),
    csrfSecret: session.csrfSecret,
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
  };
}

export function toLaunchSession(doc: SessionDoc): LaunchSession {
  return {
    id: doc.sessionId,
    // Written only by toSessionDoc from a LaunchContext, so the parsed value has that shape.
    context: JSON.parse(doc.context) as LaunchContext,
    csrfSecret: doc.csrfSecret ?? '',
    createdAt: new Date(doc.createdAt),
    expiresAt: new Date(doc.expiresAt),
  };
}

/** Only live sessions: the TTL monitor deletes expired ones lazily (up to a minute or more late). */
export function liveSessionFilter(id: string, now: Date): { sessionId: string; expiresAt: { $gt: Date } } {
  return { sessionId: id, expiresAt: { $gt: now } };
}

export function createSessionStore(): SessionStore {
  return {
    async createSession(session) {
      await SessionModel.create(toSessionDoc(session));
    },

    async findSession(id, now) {
      // The id comes from a cookie: anything but a string (an operator object) must not reach a query.
      if (typeof id !== 'string') return null;
      const doc = await SessionModel.findOne(liveSessionFilter(id, now)).lean<SessionDoc>().exec();
      return doc ? toLaunchSession(doc) : null;
    },

    async deleteSession(id) {
      if (typeof id !== 'string') return;
      await SessionModel.deleteOne({ sessionId: id }).exec();
    },
  };
}
