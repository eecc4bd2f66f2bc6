/**
 * What every consumer-group route starts from: the session (tenancy comes only from it), the
 * course's settings, the page chrome, and a translator in the session's language.
 */
import type { Response } from 'express';
import type { Participant } from '../../storage/ports/consultations';
import { coursePanelBase, requireStaff, type CoursePanelBase } from '../course-panel';
import type { PanelDeps } from '../panel-deps';

export interface PanelState extends CoursePanelBase {
  readonly me: Participant;
  /** When this person last opened a page of the panel before this request (null: never, or not recorded for this request). */
  readonly previousVisit: Date | null;
}

export async function panelState(deps: PanelDeps, res: Response, options: { recordVisit: boolean }): Promise<PanelState> {
  const base = await coursePanelBase(deps, res, 'consumer-group');
  const { context } = base;
  const previousVisit = options.recordVisit ? await deps.storage.consultations.recordVisit(context.link, context.userId, deps.now()) : null;
  return { ...base, me: { id: context.userId, name: context.userName ?? '', role: context.role }, previousVisit };
}

export { requireStaff };

/** The state the panel's gate middleware put on the response. */
export function stateOf(res: Response): PanelState {
  const state = res.locals.consumerGroup as PanelState | undefined;
  if (!state) throw new Error('consumer-group route reached without its gate');
  return state;
}
