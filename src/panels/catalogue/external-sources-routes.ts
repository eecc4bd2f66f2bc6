/**
 * GET/POST /catalogue/sources: platform administrators manage the external sources of the
 * deployment they launched from (tenancy from the session only). Every request checks the role on
 * the server; CSRF and the per-user write limit are applied where app.ts mounts the session routes.
 * Mounted under /s/:sid by app.ts.
 */
import express, { type RequestHandler } from 'express';
import { feedSettings } from '../../catalogue/external/feed-settings';
import { addExternalSource, refreshExternalSource, type RefreshNowResult } from '../../catalogue/external/manage-sources';
import { isPlatformAdmin } from '../../context/roles';
import type { DeploymentKey } from '../../context/tenant';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { renderPage } from '../../http/render';
import { contextOf, sessionOf } from '../../http/session-loader';
import type { LaunchSession } from '../../storage/port';
import { panelChrome } from '../chrome';
import type { PanelDeps } from '../panel-deps';
import { courseSettings } from '../settings/settings-defaults';
import { EMPTY_FORM, sourcesPage, type SourceFormValues, type SourcesPageInput } from './external-sources-page';

const requirePlatformAdmin: RequestHandler = (_req, res, next) => {
  const context = contextOf(res);
  if (!isPlatformAdmin(context.roles)) throw new AppError('FORBIDDEN_PLATFORM_ADMIN', { userId: context.userId, role: context.role });
  next();
};

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function externalSourceRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  const settings = feedSettings(deps.config.feeds);
  const refreshDeps = { store: deps.storage.externalSources, settings, logger: deps.logger, now: deps.now, random: Math.random };
  router.use('/catalogue/sources', requirePlatformAdmin);

  router.get(
    '/catalogue/sources',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      renderPage(res, 'catalogue/sources', session.context.locale, await page(session, { query: req.query as Record<string, unknown> }));
    }),
  );

  router.post(
    '/catalogue/sources',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const raw = formValues(req.body);
      const result = await addExternalSource(deps.storage.externalSources, deploymentOf(session), raw, {
        userId: session.context.userId,
        allowHttp: settings.fetch.policy.allowHttp,
        now: deps.now(),
      });
      if (!result.ok) return renderPage(res, 'catalogue/sources', session.context.locale, await page(session, { problems: result.problems, values: raw }), 422);
      res.redirect(303, `/s/${session.id}/catalogue/sources?done=added`);
    }),
  );

  router.post(
    '/catalogue/sources/:id/remove',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const id = sourceId(req.params.id);
      if (!(await deps.storage.externalSources.removeSource(deploymentOf(session), id))) throw new AppError('NOT_FOUND', { sourceId: id });
      res.redirect(303, `/s/${session.id}/catalogue/sources?done=removed`);
    }),
  );

  router.post(
    '/catalogue/sources/:id/refresh',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const outcome = await refreshExternalSource(deploymentOf(session), sourceId(req.params.id), refreshDeps);
      if (outcome.kind === 'not-found' || outcome.kind === 'removed') throw new AppError('NOT_FOUND', { sourceId: req.params.id });
      res.redirect(303, `/s/${session.id}/catalogue/sources?${flashQuery(outcome)}`);
    }),
  );

  async function page(session: LaunchSession, extra: Partial<SourcesPageInput>) {
    const link = session.context.link;
    const chrome = panelChrome(session, await courseSettings(deps.storage.settings, link), 'settings');
    return sourcesPage({
      // This page is no tab of its own: none is marked current.
      chrome: { ...chrome, tabs: chrome.tabs.map((tab) => ({ ...tab, current: false })) },
      locale: session.context.locale,
      sources: await deps.storage.externalSources.listSources(deploymentOf(session)),
      now: deps.now(),
      intervalMs: settings.intervalMs,
      ...extra,
    });
  }
  return router;
}

function deploymentOf(session: LaunchSession): DeploymentKey {
  const { issuer, clientId, deploymentId } = session.context.link;
  return { issuer, clientId, deploymentId };
}

function sourceId(raw: unknown): string {
  if (typeof raw !== 'string' || !ID.test(raw)) throw new AppError('NOT_FOUND', { sourceId: String(raw).slice(0, 80) });
  return raw;
}

/** Strings only, each bounded: the form's three fields, whatever else a client sends. */
function formValues(body: unknown): SourceFormValues {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');
  return { ...EMPTY_FORM, name: text(fields.name, 1_000), url: text(fields.url, 5_000), language: text(fields.language, 10) };
}

function flashQuery(outcome: Exclude<RefreshNowResult, { kind: 'not-found' | 'removed' }>): string {
  switch (outcome.kind) {
    case 'success':
      return `done=refreshed&n=${outcome.entries}`;
    case 'not-modified':
      return 'done=notModified';
    case 'busy':
      return 'done=busy';
    case 'failure':
      return `done=failed&error=${outcome.error}`;
  }
}
