/**
 * What every contributions route starts from: the session (tenancy comes only from it), the course's
 * settings, the page chrome and a translator in the session's language.
 */
import type { Response } from 'express';
import { renderPage } from '../../http/render';
import type { ContributionAuthor } from '../../storage/ports/contributions';
import { coursePanelBase, requireStaff, type CoursePanelBase } from '../course-panel';
import type { PanelDeps } from '../panel-deps';

export interface ContribState extends CoursePanelBase {
  readonly me: ContributionAuthor;
}

export async function contribState(deps: PanelDeps, res: Response): Promise<ContribState> {
  const base = await coursePanelBase(deps, res, 'contributions');
  return { ...base, me: { id: base.context.userId, name: base.context.userName ?? '' } };
}

export { requireStaff };

export function stateOf(res: Response): ContribState {
  const state = res.locals.contributions as ContribState | undefined;
  if (!state) throw new Error('contributions route reached without its gate');
  return state;
}

/** Confirmations after a redirect (?done=…); never what the user typed. */
const FLASHES = ['shared', 'held', 'useful', 'unuseful', 'commented', 'commentHeld', 'reported', 'published', 'heldByStaff', 'featured', 'unfeatured', 'reused', 'credit', 'consent', 'deleted', 'commentPublished', 'commentHidden', 'edited', 'editHeld', 'commentDeleted', 'reuseRemoved'] as const;
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
