/**
 * Sessions: a successful launch creates one (launch/complete-launch.ts) and sends the browser to
 * /s/<id>/…. The id in the path, not a cookie, carries the session, because browsers increasingly
 * block cookies in cross-site iframes. Everything about tenancy comes from the stored session.
 */
import type { RequestHandler, Response } from 'express';
import type { LaunchContext } from '../context/launch-context';
import type { LaunchSession, Storage } from '../storage/port';
import { asyncHandler } from './async-handler';
import { AppError } from './errors';
import type { FrameAncestors } from './frame-ancestors';

const SESSION_PATH = /^\/s\/([A-Za-z0-9_-]{20,100})(\/|$)/;

/**
 * Sessions never change once a launch created them, and are removed only once expired, so a session
 * read once can serve this process's next requests until it expires. Kept at most a minute (another
 * process removing a session early, which nothing does today, would show within that), for the
 * most recent SESSIONS_CACHED sessions. Saves a row read and a JSON parse of the launch context
 * on every request (~4% of a panel view).
 */
const SESSION_CACHE_MS = 60_000;
const SESSIONS_CACHED = 10_000;

export class SessionCache {
  private readonly entries = new Map<string, { session: LaunchSession; until: number }>();

  constructor(private readonly storage: Storage) {}

  async find(id: string, now: Date): Promise<LaunchSession | null> {
    const at = now.getTime();
    const hit = this.entries.get(id);
    if (hit && at < hit.until && at < hit.session.expiresAt.getTime()) return hit.session;
    if (hit) this.entries.delete(id);
    const session = await this.storage.sessions.findSession(id, now);
    if (session) {
      if (this.entries.size >= SESSIONS_CACHED) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(id, { session, until: at + SESSION_CACHE_MS });
    }
    return session;
  }
}

/** Runs before the security headers: loads the session (if any) and decides framing and form targets. */
export function sessionLoader(storage: Storage, frames: FrameAncestors): RequestHandler {
  const sessions = new SessionCache(storage);
  return asyncHandler(async (req, res, next) => {
    const match = SESSION_PATH.exec(req.path);
    const session = match ? await sessions.find(match[1], new Date()) : null;
    if (session) {
      res.locals.session = session;
      res.locals.locale = session.context.locale;
      res.locals.returnUrl = session.context.returnUrl;
      res.locals.frameAncestors = await frames.forPlatform(session.context.link);
      const dlReturn = session.context.deepLinking?.returnUrl;
      res.locals.formAction = ["'self'", ...(dlReturn ? [new URL(dlReturn).origin] : [])];
    } else {
      res.locals.frameAncestors = await frames.forAll();
    }
    next();
  });
}

export function sessionOf(res: Response): LaunchSession {
  const session = res.locals.session as LaunchSession | undefined;
  if (!session) throw new AppError('SESSION_EXPIRED');
  return session;
}

export function contextOf(res: Response): LaunchContext {
  return sessionOf(res).context;
}

/** Every route under /s/:sid requires a live session. */
export const requireSession: RequestHandler = (_req, res, next) => {
  sessionOf(res);
  next();
};

/** Server-side role check for every instructor action. */
export const requireInstructor: RequestHandler = (_req, res, next) => {
  const context = contextOf(res);
  if (context.role !== 'instructor') throw new AppError('FORBIDDEN_ROLE', { userId: context.userId, role: context.role });
  next();
};
