/**
 * What every contributions route starts from: the session (tenancy comes only from it), the course's
 * settings, the page chrome and a translator in the session's language.
 */
import type { Response } from 'express';
import type { LaunchContext } from '../../context/launch-context';
import type { ContextKey } from '../../context/tenant';
import { AppError } from '../../http/errors';
import { renderPage } from '../../http/render';
import { sessionOf } from '../../http/session-loader';
import { translator, type Translate } from '../../i18n/translate';
import type { CourseSettings } from '../../storage/ports/course-settings';
import type { ContributionAuthor } from '../../storage/ports/contributions';
import { panelChrome, type PanelChrome } from '../chrome';
import type { PanelDeps } from '../panel-deps';
import { courseSettings } from '../settings/settings-defaults';

export interface ContribState {
  readonly context: LaunchContext;
  readonly course: ContextKey;
  readonly settings: CourseSettings;
  readonly chrome: PanelChrome;
  readonly staff: boolean;
  readonly t: Translate;
  /** /s/<sid>/contributions */
  readonly base: string;
  readonly me: ContributionAuthor;
}

export async function contribState(deps: PanelDeps, res: Response): Promise<ContribState> {
  const session = sessionOf(res);
  const context = session.context;
  const settings = await courseSettings(deps.storage.settings, context.link);
  const chrome = panelChrome(session, settings, 'contributions');
  return {
    context,
    course: context.link,
    settings,
    chrome,
    staff: context.role === 'instructor',
    t: translator(context.locale),
    base: `${chrome.base}/contributions`,
    me: { id: context.userId, name: context.userName ?? '' },
  };
}

/** Server-side role check for instructor actions (a learner forging one gets 403). */
export function requireStaff(state: ContribState, action: string): void {
  if (!state.staff) throw new AppError('FORBIDDEN_ROLE', { userId: state.context.userId, action });
}

export function stateOf(res: Response): ContribState {
  const state = res.locals.contributions as ContribState | undefined;
  if (!state) throw new Error('contributions route reached without its gate');
  return state;
}

/** Confirmations after a redirect (?done=…); never what the user typed. */
const FLASHES = ['shared', 'held', 'useful', 'unuseful', 'commented', 'commentHeld', 'reported', 'published', 'heldByStaff', 'featured', 'unfeatured', 'reused', 'credit', 'consent', 'deleted', 'commentPublished', 'commentHidden'] as const;
type Flash = (typeof FLASHES)[number];

export function flashText(state: ContribState, done: unknown): string | undefined {
  return typeof done === 'string' && (FLASHES as readonly string[]).includes(done) ? state.t(`contrib.flash.${done as Flash}`) : undefined;
}

export function renderContrib(res: Response, state: ContribState, view: string, model: Record<string, unknown>, status = 200): void {
  renderPage(res, `contributions/${view}`, state.context.locale, { chrome: state.chrome, base: state.base, staff: state.staff, flash: undefined, ...model }, status);
}

export function redirectDone(res: Response, state: ContribState, path: string, done: Flash): void {
  res.redirect(303, `${state.base}${path}${path.includes('?') ? '&' : '?'}done=${done}`);
}

/** Contribution, comment and reuse ids are UUIDs (storage): anything else is "not found" without a lookup. */
export const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
