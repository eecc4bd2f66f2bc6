/**
 * Deep Linking 2.0 (content selection): an instructor picks panels, and the tool answers the platform
 * with signed LtiResourceLink content items (Deep Linking §3.4, §4.2) whose custom parameter "panel"
 * opens that panel on later launches. ltijs signs the response JWT with the platform's tool key.
 */
import express from 'express';
import type { LtiProvider } from 'ltijs';
import type { Config } from '../config';
import { toolUrls } from '../config';
import { PANELS, isPanelId, type LaunchContext, type PanelId } from '../context/launch-context';
import { asyncHandler } from '../http/async-handler';
import { csrfTokenFor } from '../http/csrf';
import { AppError } from '../http/errors';
import { renderPage } from '../http/render';
import { contextOf, requireInstructor, sessionOf } from '../http/session-loader';
import type { Logger } from '../http/logger';
import { translator } from '../i18n/translate';
import type { Storage } from '../storage/port';
import { feedbackLineItem, type Gradebook } from './gradebook';

/** What the response needs besides ltijs: the course's settings and its gradebook (for the "Feedback given" line item). */
export interface DeepLinkingDeps {
  readonly storage: Pick<Storage, 'settings'>;
  readonly gradebook: Gradebook;
  readonly logger: Logger;
}

export function deepLinkingRoutes(lti: LtiProvider, config: Config, deps: DeepLinkingDeps): express.Router {
  const router = express.Router();

  router.get('/deep-link', requireDeepLinkingRequest, requireInstructor, (_req, res) => showSelection(res));

  router.post(
    '/deep-link',
    requireDeepLinkingRequest,
    requireInstructor,
    asyncHandler(async (req, res) => {
      const context = contextOf(res);
      const cancelled = req.body?.action === 'cancel';
      const choice = cancelled ? { panels: [] } : chosenPanels(req.body?.panels, context);
      // A choice the instructor can correct is answered with the form again, inside the LMS's dialog.
      if ('problem' in choice) return showSelection(res, choice);
      const chosen = choice.panels;
      const withFeedbackColumn = chosen.includes('reviews') && (await declaresFeedbackColumn(deps, context));
      const items = chosen.map((panel) => contentItem(panel, context, config, withFeedbackColumn));
      const jwt = await lti.DeepLinking.createDeepLinkingMessage(idTokenFor(context), items);
      renderPage(res, 'deep-link/return', context.locale, { returnUrl: context.deepLinking!.returnUrl, jwt, count: items.length });
    }),
  );
  return router;
}

/** The selection form; after a refused choice, with the problem next to the choices (422, so the dialog keeps a way forward). */
function showSelection(res: express.Response, refused?: RefusedChoice): void {
  const session = sessionOf(res);
  const context = session.context;
  const t = translator(context.locale);
  renderPage(
    res,
    'deep-link/select',
    context.locale,
    {
      contextTitle: context.contextTitle,
      acceptMultiple: context.deepLinking?.acceptMultiple ?? true,
      csrfToken: csrfTokenFor(session),
      problem: refused ? t(refused.problem) : null,
      panels: PANELS.map((id) => ({ id, title: t(`panel.${id}`), description: t(`panel.${id}.description`), checked: refused?.ticked.includes(id) ?? false })),
    },
    refused ? 422 : 200,
  );
}

const requireDeepLinkingRequest: express.RequestHandler = (_req, res, next) => {
  const context = contextOf(res);
  if (context.messageType !== 'LtiDeepLinkingRequest' || !context.deepLinking) throw new AppError('DEEP_LINK_NOT_A_REQUEST');
  next();
};

interface RefusedChoice {
  readonly problem: 'deepLink.nothingChosen' | 'deepLink.onlyOne';
  readonly ticked: readonly PanelId[];
}

/** The panels ticked, or why the choice cannot be sent; an unknown panel is not something the form offers, so it is an error page. */
function chosenPanels(raw: unknown, context: LaunchContext): { panels: PanelId[] } | RefusedChoice {
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  const invalid = values.filter((v) => !isPanelId(v));
  if (invalid.length) throw new AppError('INVALID_INPUT', { invalid }, { problem: 'Unknown panel.' });
  const panels = [...new Set(values)] as PanelId[];
  if (panels.length === 0) return { problem: 'deepLink.nothingChosen', ticked: panels };
  if (panels.length > 1 && !context.deepLinking?.acceptMultiple) return { problem: 'deepLink.onlyOne', ticked: panels };
  return { panels };
}

/**
 * Whether the reviews link declares the "Feedback given" line item. Only when the course gives grade
 * credit: a declared line item is a gradebook column, and an empty one where credit is off (Moodle
 * with "Accept grades from the tool: Always" adds a 100-point column to an activity that declares
 * none; docs/registering.md recommends the setting that avoids it). And only while the course has
 * no such column yet: the credit goes to one column per course, found by its tag. When the platform
 * does not answer, nothing is declared and the first credit creates the column, as before.
 */
async function declaresFeedbackColumn(deps: DeepLinkingDeps, context: LaunchContext): Promise<boolean> {
  const settings = await deps.storage.settings.getSettings(context.link);
  const target = deps.gradebook.targetOf(context);
  if (!settings?.feedbackCredit || !target) return false;
  try {
    return !(await deps.gradebook.hasFeedbackColumn(context.link, target));
  } catch (err) {
    deps.logger.warn({ err: (err as Error).message, issuer: context.link.issuer }, 'line items lookup failed; the deep-linking response declares none');
    return false;
  }
}

function contentItem(panel: PanelId, context: LaunchContext, config: Config, withFeedbackColumn: boolean): Record<string, unknown> {
  const t = translator(context.locale);
  const item: Record<string, unknown> = {
    type: 'ltiResourceLink',
    title: t(`panel.${panel}`),
    text: t(`panel.${panel}.description`),
    url: toolUrls(config.baseUrl).launch,
    custom: { panel },
  };
  if (panel === 'reviews' && withFeedbackColumn) item.lineItem = feedbackLineItem(t('loop.credit.lineItem'));
  const targets = context.deepLinking?.acceptPresentationTargets ?? [];
  if (targets.includes('iframe')) item.iframe = { width: 800, height: 900 };
  return item;
}

/** The shape ltijs's DeepLinking service reads (Provider/Services/DeepLinking.js). */
function idTokenFor(context: LaunchContext) {
  const dl = context.deepLinking!;
  return {
    iss: context.link.issuer,
    clientId: context.link.clientId,
    deploymentId: context.link.deploymentId,
    platformContext: {
      deepLinkingSettings: {
        deep_link_return_url: dl.returnUrl,
        accept_types: dl.acceptTypes,
        accept_multiple: dl.acceptMultiple,
        data: dl.data,
      },
    },
  };
}
