/** Instructors open and revise consultations and their draft outline. */
import { AppError } from '../../http/errors';
import type { Consultation } from '../../storage/ports/consultations';
import type { PanelDeps } from '../panel-deps';
import { consultationFor } from './access';
import { readConsultationForm, readSectionForm } from './consultation-form';
import type { FieldProblem } from './form-input';
import { requireStaff, type PanelState } from './panel-state';

export type SaveResult = { ok: true; consultation: Consultation } | { ok: false; problems: FieldProblem[] };

/** Creates one when `id` is undefined, otherwise revises it (its outline, polls and ideas stay). */
export async function saveConsultation(deps: PanelDeps, state: PanelState, id: string | undefined, body: Record<string, unknown>): Promise<SaveResult> {
  requireStaff(state, 'consultation.save');
  const existing = id === undefined ? undefined : await consultationFor(deps, state, id);
  const form = readConsultationForm(body, state.t);
  if (!form.ok) return { ok: false, problems: form.problems };
  const store = deps.storage.consultations;
  const consultation = existing
    ? await store.updateConsultation(state.course, existing.id, form.value, deps.now())
    : await store.createConsultation(state.course, form.value, deps.now());
  if (!consultation) throw new AppError('NOT_FOUND', { consultationId: id });
  return { ok: true, consultation };
}

/** Adds a section, or edits the one named by `sectionId`. */
export async function saveSection(deps: PanelDeps, state: PanelState, consultationId: string, sectionId: string | undefined, body: Record<string, unknown>): Promise<void> {
  requireStaff(state, 'section.save');
  const consultation = await consultationFor(deps, state, consultationId);
  const form = readSectionForm(body, state.t);
  if (!form.ok) throw new AppError('INVALID_INPUT', { problems: form.problems }, { problem: form.problems[0].message });
  const store = deps.storage.consultations;
  const saved = sectionId
    ? await store.updateSection(state.course, consultation.id, { id: sectionId, ...form.value }, deps.now())
    : await store.addSection(state.course, consultation.id, form.value, deps.now());
  if (!saved) throw new AppError('NOT_FOUND', { consultationId, sectionId });
}
