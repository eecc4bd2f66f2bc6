/** GET/POST /settings: instructors configure the course (role checked on the server, change audited). */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import { renderPage } from '../../http/render';
import { requireInstructor, sessionOf } from '../../http/session-loader';
import { translator } from '../../i18n/translate';
import type { LaunchSession } from '../../storage/port';
import { ASPECTS, type CourseSettings } from '../../storage/ports/course-settings';
import { panelChrome } from '../chrome';
import type { PanelDeps } from '../panel-deps';
import { flashFrom } from '../reviews/flash';
import { courseSettings } from './settings-defaults';
import { parseSettingsForm, SETTINGS_CHOICES } from './settings-form';
import { creditAvailable, creditExistingReviewers } from '../reviews/loop/feedback-credit';
import { catalogueFacts } from './catalogue-facts';

export function settingsRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  router.get(
    '/settings',
    requireInstructor,
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const settings = await courseSettings(deps.storage.settings, session.context.link);
      renderPage(res, 'settings/page', session.context.locale, { ...present(session, settings, {}, formValues(settings)), catalogue: await catalogueFacts(deps, session), creditOffered: creditAvailable(deps, session.context), creditWasOn: settings.feedbackCredit ?? false, flash: flashFrom(req.query.done, session.context.locale) });
    }),
  );
  router.post(
    '/settings',
    requireInstructor,
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const context = session.context;
      const { settings: parsed, problems } = parseSettingsForm(req.body ?? {}, context.locale);
      // The grade column is offered only from launches with AGS; a launch without it keeps the saved choice.
      const settings = parsed && !creditAvailable(deps, context) ? { ...parsed, feedbackCredit: (await courseSettings(deps.storage.settings, context.link)).feedbackCredit ?? false } : parsed;
      if (!settings) {
        const current = await courseSettings(deps.storage.settings, context.link);
        return renderPage(res, 'settings/page', context.locale, { ...present(session, current, problems, rawValues(req.body ?? {})), catalogue: await catalogueFacts(deps, session), creditOffered: creditAvailable(deps, context), creditWasOn: current.feedbackCredit ?? false, flash: undefined }, 400);
      }
      const before = await courseSettings(deps.storage.settings, context.link);
      const now = deps.now();
      // The settings and their audit entry are written in one transaction.
      await deps.storage.settings.saveSettings(context.link, { ...settings, updatedAt: now, updatedBy: context.userName ?? '' }, {
        course: context.link,
        at: now,
        actor: { id: context.userId, name: context.userName ?? '', role: context.role },
        action: 'settings.update',
        subject: { type: 'settings', id: context.link.contextId },
      });
      // Switched on just now, with "credit those who already reviewed" ticked: their credit goes through the outbox.
      const backfill = settings.feedbackCredit && !before.feedbackCredit && req.body?.creditExisting === 'on' && creditAvailable(deps, context);
      const credited = backfill ? await creditExistingReviewers(deps, context) : 0;
      res.redirect(303, `/s/${session.id}/settings?done=${credited > 0 ? 'savedCredited' : 'saved'}`);
    }),
  );
  return router;
}

function formValues(s: CourseSettings): Record<string, string | string[]> {
  return {
    reviewsEnabled: s.reviewsEnabled ? 'on' : '',
    consumerGroupEnabled: s.consumerGroupEnabled ? 'on' : '',
    contributionsEnabled: s.contributionsEnabled ? 'on' : '',
    contributionsModeration: s.contributionsModeration === 'hold' ? 'hold' : '',
    textVisibility: s.textVisibility,
    moderation: s.moderation,
    authorDisplay: s.authorDisplay,
    minRatings: String(s.minRatings),
    aspects: [...s.aspects],
    windowMode: s.reviewWindow.mode,
    windowDate: s.reviewWindow.mode === 'after-date' ? s.reviewWindow.date : '',
    windowDays: s.reviewWindow.mode === 'after-days' ? String(s.reviewWindow.days) : '',
    feedbackCredit: s.feedbackCredit ? 'on' : '',
    catalogueListed: s.catalogue?.listed === false ? '' : 'on',
    catalogueDescription: s.catalogue?.description ?? '',
    catalogueCourseUrl: s.catalogue?.courseUrl ?? '',
    catalogueBadge: s.catalogue?.badge === false ? '' : 'on',
  };
}

function rawValues(body: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) out[k] = v as string | string[];
  if (!Array.isArray(out.aspects)) out.aspects = typeof out.aspects === 'string' ? [out.aspects] : [];
  return out;
}

function present(session: LaunchSession, settings: CourseSettings, problems: Record<string, string>, values: Record<string, string | string[]>) {
  const t = translator(session.context.locale);
  const option = (group: keyof typeof SETTINGS_CHOICES, prefix: string) =>
    SETTINGS_CHOICES[group].map((value) => ({ value, label: t(`${prefix}.${value}` as never), checked: values[group === 'windowMode' ? 'windowMode' : group] === value }));
  return {
    chrome: panelChrome(session, settings, 'settings'),
    problems,
    values,
    textVisibility: option('textVisibility', 'settings.textVisibility'),
    moderation: option('moderation', 'settings.moderation'),
    authorDisplay: option('authorDisplay', 'settings.authorDisplay'),
    windowModes: option('windowMode', 'settings.window'),
    aspects: ASPECTS.map((id) => ({ id, label: t(`reviews.aspect.${id}`), checked: (values.aspects as string[]).includes(id) })),
  };
}
