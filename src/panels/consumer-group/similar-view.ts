import type { Idea } from '../../storage/ports/consultations';
import { countLabel } from './idea-presenter';
import type { PanelState } from './panel-state';

/** A similar idea as the hint (JSON) and the confirmation step show it: enough to recognise it and go vote. */
export function similarView(idea: Idea, state: PanelState) {
  return {
    id: idea.id,
    title: idea.title,
    href: `${state.base}/ideas/${idea.id}`,
    votesLabel: countLabel(state.t, idea.kind === 'need' ? 'supporters' : 'votes', idea.voteCount),
    statusLabel: state.t(`cg.status.${idea.status}`),
  };
}
