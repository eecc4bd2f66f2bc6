/** One idea or training need: its card, its comment thread, and for instructors the status, merge and visibility forms. */
import { IDEA_STATUSES, type Consultation, type Idea } from '../../storage/ports/consultations';
import type { PanelDeps } from '../panel-deps';
import { takesContributions } from './consultation-rules';
import { errorsOf, type FieldProblem } from './form-input';
import { commentThreads, ideaCard } from './idea-presenter';
import type { PanelState } from './panel-state';
import { rankedIdeas } from './results';

/** What a refused status form held, to show it again. */
export interface StatusFormState {
  readonly values: Record<string, string>;
  readonly problems: readonly FieldProblem[];
}

export async function ideaPage(deps: PanelDeps, state: PanelState, idea: Idea, consultation: Consultation | null, statusForm?: StatusFormState) {
  const store = deps.storage.consultations;
  const href = `${state.base}/ideas/${idea.id}`;
  const voted = await store.votesBy(state.course, state.me.id, [idea.id]);
  const comments = await store.listComments(state.course, { type: 'idea', ideaId: idea.id });
  const mergedInto = idea.mergedInto ? await store.findIdea(state.course, idea.mergedInto) : null;
  const siblings = state.staff && !idea.mergedInto ? (await rankedIdeas(deps, state, idea.kind, consultation?.id)).filter((i) => i.id !== idea.id) : [];
  return {
    idea: { ...ideaCard(idea, state, voted.has(idea.id)), kind: idea.kind, creditConsent: idea.creditConsent },
    back: consultation
      ? { href: `${state.base}/consultations/${consultation.id}#ideas`, label: state.t('cg.idea.backTo', { title: consultation.title }) }
      : { href: `${state.base}/needs#needs`, label: state.t('cg.needs.back') },
    open: !consultation || takesContributions(consultation, deps.now()),
    mergedInto: mergedInto ? { href: `${state.base}/ideas/${mergedInto.id}`, title: mergedInto.title } : null,
    comments: commentThreads(comments, state),
    commentAction: `${href}/comments`,
    staffForms: state.staff
      ? {
          statusAction: `${href}/status`,
          statuses: IDEA_STATUSES.map((s) => ({ value: s, label: state.t(`cg.status.${s}`), current: s === (statusForm ? statusForm.values.status : idea.status) })),
          declineReason: statusForm ? (statusForm.values.declineReason ?? '') : (idea.declineReason ?? ''),
          problems: statusForm?.problems ?? [],
          errors: errorsOf(statusForm?.problems ?? []),
          mergeAction: `${href}/merge`,
          mergeTargets: siblings.map((i) => ({ id: i.id, title: i.title })),
          visibilityAction: `${href}/visibility`,
        }
      : null,
  };
}
