/**
 * The panel's front page: what changed for me since my last visit to any page of the panel, the consultations (learners see
 * open and closed ones, instructors drafts too), and the way to training needs.
 */
import { CONSULTATION_STATUSES, IDEA_STATUSES, type Idea } from '../../storage/ports/consultations';
import type { PanelDeps } from '../panel-deps';
import { datesLabel } from './consultation-page';
import { phaseOf } from './consultation-rules';
import type { PanelState } from './panel-state';

const LIST_LIMIT = 20;

/** "2 ideas you supported were adopted": one line per new status, in the order statuses progress. */
export function changeLines(changes: readonly Idea[], state: PanelState): string[] {
  return IDEA_STATUSES.flatMap((status) => {
    const n = changes.filter((i) => i.status === status).length;
    return n === 0 ? [] : [state.t(n === 1 ? `cg.since.${status}.one` : `cg.since.${status}.many`, { count: n })];
  });
}

export async function homePage(deps: PanelDeps, state: PanelState, cursor?: string) {
  const store = deps.storage.consultations;
  const now = deps.now();
  const changes = state.previousVisit ? await store.statusChangesSince(state.course, state.me.id, state.previousVisit) : [];
  const statuses = state.staff ? CONSULTATION_STATUSES : (['open', 'closed'] as const);
  const page = await store.listConsultations(state.course, statuses, { cursor, limit: LIST_LIMIT });
  return {
    changes: changeLines(changes, state),
    changedIdeas: changes.map((i) => ({ title: i.title, href: `${state.base}/ideas/${i.id}`, statusLabel: state.t(`cg.status.${i.status}`) })),
    consultations: page.items.map((c) => {
      const phase = phaseOf(c, now);
      return { title: c.title, href: `${state.base}/consultations/${c.id}`, phase, phaseLabel: state.t(`cg.phase.${phase}`), dates: datesLabel(c, state) };
    }),
    nextHref: page.nextCursor ? `${state.base}?cursor=${encodeURIComponent(page.nextCursor)}` : null,
    needsHref: `${state.base}/needs`,
    newHref: `${state.base}/consultations/new`,
  };
}
