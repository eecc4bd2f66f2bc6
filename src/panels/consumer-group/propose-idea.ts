/**
 * A learner proposes an idea (in a consultation) or a training need (in the course): read the form,
 * check the consultation still takes ideas, offer similar ideas once so they can vote instead of
 * duplicating, then save it.
 */
import type { Consultation, Idea } from '../../storage/ports/consultations';
import type { PanelDeps } from '../panel-deps';
import { requireOpen } from './access';
import { readIdeaForm } from './contribution-form';
import type { FieldProblem } from './form-input';
import type { PanelState } from './panel-state';

export type ProposeResult =
  | { readonly outcome: 'invalid'; readonly problems: FieldProblem[] }
  | { readonly outcome: 'similar'; readonly similar: Idea[] }
  | { readonly outcome: 'posted'; readonly idea: Idea };

export const SIMILAR_LIMIT = 5;

export async function proposeIdea(deps: PanelDeps, state: PanelState, consultation: Consultation | null, body: Record<string, unknown>): Promise<ProposeResult> {
  const kind = consultation ? 'idea' : 'need';
  requireOpen(consultation, deps.now());
  const form = readIdeaForm(body, kind, state.t);
  if (!form.ok) return { outcome: 'invalid', problems: form.problems };
  const store = deps.storage.consultations;
  if (!form.value.confirmed) {
    const similar = await store.similarIdeas(state.course, { kind, consultationId: consultation?.id, text: form.value.title, language: state.context.locale, limit: SIMILAR_LIMIT });
    if (similar.length > 0) return { outcome: 'similar', similar };
  }
  const idea = await store.proposeIdea(
    state.course,
    {
      kind,
      consultationId: consultation?.id ?? null,
      author: state.me,
      creditConsent: form.value.creditConsent,
      title: form.value.title,
      description: form.value.description,
      situation: form.value.situation,
      language: state.context.locale,
    },
    deps.now(),
  );
  return { outcome: 'posted', idea };
}
