/**
 * Alerts under /s/:sid/listening (behind requireListeningScope; CSRF and the per-user write limit
 * are applied where app.ts mounts the session routes):
 * - GET  /listening/alerts                     platform administrators: rules, webhook, delivery log, alerts
 * - POST /listening/alerts/rules               the platform's rules (422 with the form kept when refused)
 * - POST /listening/alerts/webhook             the platform's webhook URL and secret (422 likewise)
 * - POST /listening/alerts/webhook/remove
 * - POST /listening/alerts/:id/acknowledge     anyone whose Listening scope holds the alert
 * The platform is the session's (issuer, client id), never an id from the form.
 */
import express, { type RequestHandler, type Response } from 'express';
import { isPlatformAdmin } from '../../context/roles';
import type { PlatformKey } from '../../context/tenant';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { renderPage } from '../../http/render';
import { contextOf, sessionOf } from '../../http/session-loader';
import { DEFAULT_ALERT_RULES } from '../../listening/alerts/alert-rules';
import { parseRulesForm, parseWebhookForm, rulesFormValues, rulesToForm, webhookFormValues } from '../../listening/alerts/alert-rules-input';
import { sealWebhookSecret } from '../../listening/alerts/webhook-secret';
import type { LaunchSession } from '../../storage/port';
import { panelChrome } from '../chrome';
import type { PanelDeps } from '../panel-deps';
import { courseSettings } from '../settings/settings-defaults';
import { alertsAdminPage, type AlertsAdminInput } from './alerts-admin-page';
import { alertScopeOf, alertsOfScope } from './alerts-view';
import { listeningScopeFrom } from './listening-scope';

const ALERT_ID = /^[A-Za-z0-9-]{1,64}$/;
const LOG_SHOWN = 50;

const requirePlatformAdmin: RequestHandler = (_req, res, next) => {
  const context = contextOf(res);
  if (!isPlatformAdmin(context.roles)) throw new AppError('FORBIDDEN_PLATFORM_ADMIN', { userId: context.userId, role: context.role });
  next();
};

const platformOf = (session: LaunchSession): PlatformKey => ({ issuer: session.context.link.issuer, clientId: session.context.link.clientId });

export function alertsRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  const { alerts } = deps.storage;

  router.post(
    '/listening/alerts/:id/acknowledge',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const id = typeof req.params.id === 'string' && ALERT_ID.test(req.params.id) ? req.params.id : null;
      const scope = alertScopeOf(listeningScopeFrom(res));
      // Another course's or deployment's alert is not found, as a made-up id.
      if (!id || !(await alerts.findAlert(scope, id))) throw new AppError('NOT_FOUND', { alertId: String(req.params.id).slice(0, 80) });
      await alerts.acknowledge(scope, id, session.context.userId, deps.now());
      const back = (req.body as Record<string, unknown> | undefined)?.back;
      res.redirect(303, back === 'loop' ? `/s/${session.id}/reviews/loop#alerts-heading` : `/s/${session.id}/listening${isPlatformAdmin(session.context.roles) ? '/alerts' : ''}?done=acknowledged`);
    }),
  );

  router.use('/listening/alerts', requirePlatformAdmin);

  router.get(
    '/listening/alerts',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const rules = (await alerts.findRules(platformOf(session))) ?? DEFAULT_ALERT_RULES;
      await present(res, session, { rules: rulesToForm(rules), query: req.query as Record<string, unknown> });
    }),
  );

  router.post(
    '/listening/alerts/rules',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const values = rulesFormValues(req.body);
      const result = parseRulesForm(values);
      if (!result.ok) return present(res, session, { rules: values, ruleProblems: result.problems }, 422);
      await alerts.saveRules(platformOf(session), result.rules, deps.now());
      res.redirect(303, `/s/${session.id}/listening/alerts?done=rules`);
    }),
  );

  router.post(
    '/listening/alerts/webhook',
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const platform = platformOf(session);
      const values = webhookFormValues(req.body);
      const stored = await alerts.findWebhook(platform);
      const result = parseWebhookForm(values, { allowHttp: deps.config.alerts.allowHttp, hasSecret: stored?.hasSecret ?? false });
      if (!result.ok) {
        const rules = (await alerts.findRules(platform)) ?? DEFAULT_ALERT_RULES;
        return present(res, session, { rules: rulesToForm(rules), webhookValues: { url: values.url }, webhookProblems: result.problems }, 422);
      }
      await alerts.saveWebhook(platform, result.url, result.secret === null ? null : sealWebhookSecret(result.secret, deps.config.ltiKey), deps.now());
      res.redirect(303, `/s/${session.id}/listening/alerts?done=webhook`);
    }),
  );

  router.post(
    '/listening/alerts/webhook/remove',
    asyncHandler(async (_req, res) => {
      const session = sessionOf(res);
      await alerts.removeWebhook(platformOf(session));
      res.redirect(303, `/s/${session.id}/listening/alerts?done=webhookRemoved`);
    }),
  );

  async function present(res: Response, session: LaunchSession, extra: Pick<AlertsAdminInput, 'rules'> & Partial<AlertsAdminInput>, status = 200): Promise<void> {
    const chrome = panelChrome(session, await courseSettings(deps.storage.settings, session.context.link), 'settings');
    const platform = platformOf(session);
    const [webhook, log, list] = await Promise.all([
      alerts.findWebhook(platform),
      alerts.deliveryLog(platform, LOG_SHOWN),
      alertsOfScope(deps.storage, alertScopeOf(listeningScopeFrom(res)), { locale: session.context.locale, sessionId: session.id, csrfToken: chrome.csrfToken, sessionCourse: session.context.link, back: 'listening' }),
    ]);
    const model = alertsAdminPage({
      // This page is no tab of its own: none is marked current.
      chrome: { ...chrome, tabs: chrome.tabs.map((tab) => ({ ...tab, current: false })) },
      locale: session.context.locale,
      webhook,
      log,
      alerts: list,
      ...extra,
    });
    renderPage(res, 'listening/alerts-admin', session.context.locale, model, status);
  }

  return router;
}
