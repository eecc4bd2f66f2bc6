/** Rendering a consumer-group page: chrome and panel basics, a flash after redirects, the model. */
import type { Response } from 'express';
import { renderPage } from '../../http/render';
import type { MessageKey } from '../../i18n/en';
import type { PanelState } from './panel-state';

/** Confirmations shown after a redirect (?done=…); never echo what the user typed. */
const FLASHES = {
  created: 'cg.flash.created',
  saved: 'cg.flash.saved',
  proposed: 'cg.flash.proposed',
  voted: 'cg.flash.voted',
  unvoted: 'cg.flash.unvoted',
  commented: 'cg.flash.commented',
  answered: 'cg.flash.answered',
  status: 'cg.flash.status',
  merged: 'cg.flash.merged',
  hidden: 'cg.flash.hidden',
  restored: 'cg.flash.restored',
  section: 'cg.flash.section',
  poll: 'cg.flash.poll',
} as const satisfies Record<string, MessageKey>;
export type FlashKey = keyof typeof FLASHES;

export function flashText(state: PanelState, done: unknown): string | undefined {
  // Own keys only: ?done=__proto__ or ?done=toString must not reach Object.prototype.
  return typeof done === 'string' && Object.hasOwn(FLASHES, done) ? state.t(FLASHES[done as FlashKey]) : undefined;
}

export function renderPanel(res: Response, state: PanelState, view: string, model: Record<string, unknown>, status = 200): void {
  renderPage(
    res,
    `consumer-group/${view}`,
    state.context.locale,
    { chrome: state.chrome, base: state.base, staff: state.staff, enabled: state.settings.consumerGroupEnabled, flash: undefined, ...model },
    status,
  );
}

/** Same-panel redirect after a write (303, so a reload never posts twice). */
export function redirectTo(res: Response, state: PanelState, path: string, done: FlashKey, anchor = ''): void {
  const separator = path.includes('?') ? '&' : '?';
  res.redirect(303, `${state.base}${path}${separator}done=${done}${anchor}`);
}
