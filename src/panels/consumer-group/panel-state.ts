/**
 * What every consumer-group route starts from: the session (tenancy comes only from it), the
 * course's settings, the page chrome, and a translator in the session's language.
 */
import type { Response } from 'express';
import type { LaunchContext } from '../../context/launch-context';
import type { ContextKey } from '../../context/tenant';
import { AppError } from '../../http/errors';
import { sessionOf } from '../../http/session-loader';
import { translator, type Translate } from '../../i18n/translate';
import type { LaunchSession } from '../../storage/port';
import type { Participant } from '../../storage/ports/consultations';
import type { CourseSettings } from '../../storage/ports/course-settings';
import { panelChrome, type PanelChrome } from '../chrome';
import type { PanelDeps } from '../panel-deps';
import { courseSettings } from '../settings/settings-defaults';

export interface PanelState {
  readonly session: LaunchSession;
  readonly context: LaunchContext;
  readonly course: ContextKey;
  readonly settings: CourseSettings;
  readonly chrome: PanelChrome;
  readonly staff: boolean;
  readonly t: Translate;
  /** Base URL of the panel: /s/<sid>/consumer-group */
  readonly base: string;
  readonly me: Participant;
  /** When this person last opened a page of the panel before this request (null: never, or not recorded for this request). */
  readonly previousVisit: Date | null;
}

export async function panelState(deps: PanelDeps, res: Response, options: { recordVisit: boolean }): Promise<PanelState> {
  const session = sessionOf(res);
  const context = session.context;
  const settings = await courseSettings(deps.storage.settings, context.link);
  const chrome = panelChrome(session, settings, 'consumer-group');
  const previousVisit = options.recordVisit ? await deps.storage.consultations.recordVisit(context.link, context.userId, deps.now()) : null;
  return {
    session,
    context,
    course: context.link,
    settings,
    chrome,
    staff: context.role === 'instructor',
    t: translator(context.locale),
    base: `${chrome.base}/consumer-group`,
    me: { id: context.userId, name: context.userName ?? '', role: context.role },
    previousVisit,
  };
}

/** Server-side role check for instructor actions (a learner forging one gets 403). */
export function requireStaff(state: PanelState, action: string): void {
  if (!state.staff) throw new AppError('FORBIDDEN_ROLE', { userId: state.context.userId, action });
}

/** The state the panel's gate middleware put on the response. */
export function stateOf(res: Response): PanelState {
  const state = res.locals.consumerGroup as PanelState | undefined;
  if (!state) throw new Error('consumer-group route reached without its gate');
  return state;
}
