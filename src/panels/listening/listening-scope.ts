/**
 * Every Listening route runs behind this: it decides the scope once (listening/access.ts) and keeps
 * it in res.locals; a person with no scope gets 403 before any figure is read.
 */
import type { RequestHandler, Response } from 'express';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { sessionOf } from '../../http/session-loader';
import { listeningScopeOf, type ListeningScope } from '../../listening/access';
import { managerDirectoryOf } from '../../listening/manager-directory';
import type { Storage } from '../../storage/port';

export function requireListeningScope(storage: Storage): RequestHandler {
  const managers = managerDirectoryOf(storage);
  return asyncHandler(async (_req, res, next) => {
    const scope = await listeningScopeOf(sessionOf(res).context, managers);
    if (!scope) throw new AppError('FORBIDDEN_ROLE');
    res.locals.listeningScope = scope;
    next();
  });
}

export function listeningScopeFrom(res: Response): ListeningScope {
  const scope = res.locals.listeningScope as ListeningScope | undefined;
  if (!scope) throw new Error('listening route mounted without requireListeningScope');
  return scope;
}
