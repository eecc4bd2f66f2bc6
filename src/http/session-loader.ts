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

/** Runs before the security headers: loads the session (if any) and decides framing and form targets. */
export function sessionLoader(storage: Storage, frames: FrameAncestors): RequestHandler {
  return asyncHandler(async (req, res, next) => {
    const match = SESSION_PATH.exec(req.path);
    const session = match ? await storage.sessions.findSession(match[1], new Date()) : null;
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
