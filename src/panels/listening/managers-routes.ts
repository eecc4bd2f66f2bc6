/**
 * GET/POST /listening/managers: platform administrators designate training managers of the platform
 * they launched from (tenancy from the session only). A designated manager hears every course but
 * may not designate others: the role is checked here, on every request, from the launch's roles.
 * CSRF and the per-user write limit are applied where app.ts mounts the session routes.
 */
import express, { type RequestHandler } from 'express';
import { knownName } from '../../context/person-name';
import { isPlatformAdmin } from '../../context/roles';
import { translator } from '../../i18n/translate';
import type { PlatformKey } from '../../context/tenant';
import { csrfTokenFor } from '../../http/csrf';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { renderPage } from '../../http/render';
import { contextOf, sessionOf } from '../../http/session-loader';
import { designate, readSubject, undesignate } from '../../listening/designations';
import type { LaunchSession } from '../../storage/port';
import type { PanelDeps } from '../panel-deps';
import { managersPage, type ManagerFormValues, type ManagersPageInput } from './managers-page';

const requirePlatformAdmin: RequestHandler = (_req, res, next) => {
  const context = contextOf(res);
  if (!isPlatformAdmin(context.roles)) throw new AppError('MANAGERS_ADMINS_ONLY', { role: context.role });
  next();
};

export function managersRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  router.use('/listening/managers', requirePlatformAdmin);

  router.get(
    '/listening/managers',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      renderPage(res, 'listening/managers', session.context.locale, await page(session, { done: req.query.done }));
    }),
  );

  router.post(
    '/listening/managers',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const typed = formValues(req.body);
      const read = readSubject(typed.kind, typed.value, { trimUserId: true });
      if ('problems' in read) return renderPage(res, 'listening/managers', session.context.locale, await page(session, { problems: read.problems, values: typed }), 422);
      const { userId, userName } = session.context;
      const { added } = await designate(deps.storage, platformOf(session), read.subject, { id: userId, name: userName ?? '' }, deps.now());
      res.redirect(303, `/s/${session.id}/listening/managers?done=${added ? 'added' : 'already'}`);
    }),
  );

  router.post(
    '/listening/managers/remove',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const typed = formValues(req.body);
      // The buttons send back what the list showed: anything else is a forged or broken request.
      const read = readSubject(typed.kind, typed.value, { trimUserId: false });
      if ('problems' in read) throw new AppError('INVALID_INPUT', { field: 'designation' });
      const removed = await undesignate(deps.storage, platformOf(session), read.subject);
      res.redirect(303, `/s/${session.id}/listening/managers?done=${removed ? 'removed' : 'gone'}`);
    }),
  );

  async function page(session: LaunchSession, extra: Partial<ManagersPageInput>) {
    const context = session.context;
    return managersPage({
      chrome: {
        base: `/s/${session.id}`,
        csrfToken: csrfTokenFor(session),
        contextTitle: context.platformName || context.contextTitle || translator(context.locale)('panel.listening'),
        userName: knownName({ id: context.userId, name: context.userName }),
        role: context.role,
        roleLabel: translator(context.locale)(`role.${context.role}`),
        tabs: [],
      },
      locale: context.locale,
      designations: await deps.storage.managers.listDesignations(platformOf(session)),
      ...extra,
    });
  }
  return router;
}

function platformOf(session: LaunchSession): PlatformKey {
  return { issuer: session.context.link.issuer, clientId: session.context.link.clientId };
}

/** Strings only, each bounded (a little above the longest accepted, so "too long" can be said): the form's two fields. */
function formValues(body: unknown): ManagerFormValues {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');
  return { kind: text(fields.kind, 10), value: text(fields.value, 2_000) };
}
