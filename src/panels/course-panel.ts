/**
 * What a course panel's routes start from, whichever panel: the session (tenancy comes only from
 * it), the course's settings, the page chrome with the panel's tab, the role and a translator in the
 * session's language. Each panel adds its own fields (consumer-group/panel-state.ts,
 * contributions/panel-state.ts).
 */
import type { Response } from 'express';
import type { LaunchContext } from '../context/launch-context';
import type { ContextKey } from '../context/tenant';
import { AppError } from '../http/errors';
import { sessionOf } from '../http/session-loader';
import { translator, type Translate } from '../i18n/translate';
import type { LaunchSession } from '../storage/port';
import type { CourseSettings } from '../storage/ports/course-settings';
import { panelChrome, type ChromeTab, type PanelChrome } from './chrome';
import type { PanelDeps } from './panel-deps';
import { courseSettings } from './settings/settings-defaults';

export interface CoursePanelBase {
  readonly session: LaunchSession;
  readonly context: LaunchContext;
  readonly course: ContextKey;
  readonly settings: CourseSettings;
  readonly chrome: PanelChrome;
  readonly staff: boolean;
  readonly t: Translate;
  /** Base URL of the panel: /s/<sid>/<tab> */
  readonly base: string;
}

export async function coursePanelBase(deps: PanelDeps, res: Response, tab: ChromeTab): Promise<CoursePanelBase> {
  const session = sessionOf(res);
  const context = session.context;
  const settings = await courseSettings(deps.storage.settings, context.link);
  const chrome = panelChrome(session, settings, tab);
  return { session, context, course: context.link, settings, chrome, staff: context.role === 'instructor', t: translator(context.locale), base: `${chrome.base}/${tab}` };
}

/** Server-side role check for instructor actions (a learner forging one gets 403). */
export function requireStaff(state: CoursePanelBase, action: string): void {
  if (!state.staff) throw new AppError('FORBIDDEN_ROLE', { userId: state.context.userId, action });
}
