/**
 * Finding records for the person in front of the page. Ids come from the URL but are only ever
 * looked up inside the session's course; what this person may not see answers exactly like what
 * does not exist (404), so guessing ids teaches nothing.
 */
import { AppError } from '../../http/errors';
import type { Consultation, Idea } from '../../storage/ports/consultations';
import { RECORD_ID } from '../../storage/consultations/ids';
import type { PanelDeps } from '../panel-deps';
import { takesContributions, visibleTo } from './consultation-rules';
import type { PanelState } from './panel-state';

export async function consultationFor(deps: PanelDeps, state: PanelState, id: string): Promise<Consultation> {
  const consultation = RECORD_ID.test(id) ? await deps.storage.consultations.findConsultation(state.course, id) : null;
  if (!consultation || !visibleTo(consultation, state.context.role)) throw new AppError('NOT_FOUND', { consultationId: id });
  return consultation;
}

/** An idea or need, with its consultation when it has one. Hidden ideas exist for instructors only. */
export async function ideaFor(deps: PanelDeps, state: PanelState, id: string): Promise<{ idea: Idea; consultation: Consultation | null }> {
  const idea = RECORD_ID.test(id) ? await deps.storage.consultations.findIdea(state.course, id) : null;
  if (!idea || (idea.hidden && !state.staff)) throw new AppError('NOT_FOUND', { ideaId: id });
  const consultation = idea.consultationId === null ? null : await consultationFor(deps, state, idea.consultationId);
  return { idea, consultation };
}

/** Closing stops new ideas, votes and poll answers (training needs have no consultation: always open). */
export function requireOpen(consultation: Consultation | null, now: Date): void {
  if (consultation && !takesContributions(consultation, now)) throw new AppError('CONSULTATION_CLOSED', { consultationId: consultation.id });
}

/** A merged idea keeps its page (pointing to where it went) but takes nothing new. */
export function requireUnmerged(idea: Idea): void {
  if (idea.mergedInto) throw new AppError('IDEA_MERGED', { ideaId: idea.id, mergedInto: idea.mergedInto });
}
