/**
 * Instructors answer ideas with a status, merge duplicates, and hide or restore ideas and comments.
 * Hiding and restoring always carry a reason, kept in the course's audit log next to the reviews';
 * the store writes each change and its audit entry in one transaction.
 */
import { AppError } from '../../http/errors';
import { IDEA_STATUSES, type Idea } from '../../storage/ports/consultations';
import { RECORD_ID } from '../../storage/consultations/ids';
import type { AuditAction, AuditInput } from '../../storage/ports/audit';
import type { PanelDeps } from '../panel-deps';
import { ideaFor, requireUnmerged } from './access';
import { FormReader } from './form-input';
import { requireStaff, type PanelState } from './panel-state';

const REASON_LIMIT = 300;

function invalid(form: FormReader, detail: Record<string, unknown>): never {
  throw new AppError('INVALID_INPUT', { ...detail, problems: form.problems }, { problem: form.problems[0].message });
}

export async function changeStatus(deps: PanelDeps, state: PanelState, ideaId: string, body: Record<string, unknown>): Promise<Idea> {
  requireStaff(state, 'idea.status');
  const { idea } = await ideaFor(deps, state, ideaId);
  requireUnmerged(idea);
  const form = new FormReader(body, state.t);
  const status = form.choice('status', IDEA_STATUSES, state.t('cg.field.status'));
  const reason = form.text('declineReason', { max: REASON_LIMIT, required: status === 'declined', label: state.t('cg.field.declineReason') });
  if (!form.ok) invalid(form, { ideaId });
  const updated = await deps.storage.consultations.setIdeaStatus(state.course, idea.id, status, status === 'declined' ? reason : undefined, deps.now());
  if (!updated) throw new AppError('NOT_FOUND', { ideaId });
  return updated;
}

export async function mergeIdea(deps: PanelDeps, state: PanelState, sourceId: string, body: Record<string, unknown>): Promise<Idea> {
  requireStaff(state, 'idea.merge');
  const { idea: source } = await ideaFor(deps, state, sourceId);
  const targetId = typeof body.into === 'string' ? body.into : '';
  if (!RECORD_ID.test(targetId) || targetId === source.id)
    throw new AppError('INVALID_INPUT', { sourceId, targetId }, { problem: state.t('cg.problem.mergeTarget') });
  const { idea: target } = await ideaFor(deps, state, targetId);
  const now = deps.now();
  // A reason the tool writes: stored as a code, shown in each reader's language.
  const entry = auditEntry(state, now, 'idea.merge', source.id, { systemReason: { code: 'idea.mergedInto', params: { title: target.title } } });
  const merged = await deps.storage.consultations.mergeIdeas(state.course, source.id, target.id, now, entry);
  if (!merged) throw new AppError('INVALID_INPUT', { sourceId, targetId }, { problem: state.t('cg.problem.mergeTarget') });
  return merged;
}

export async function setIdeaVisibility(deps: PanelDeps, state: PanelState, ideaId: string, body: Record<string, unknown>): Promise<Idea> {
  requireStaff(state, 'idea.visibility');
  const { idea } = await ideaFor(deps, state, ideaId);
  const { hide, reason } = readVisibility(body, state);
  const entry = auditEntry(state, deps.now(), hide ? 'idea.hide' : 'idea.restore', idea.id, { reason });
  const updated = await deps.storage.consultations.setIdeaHidden(state.course, idea.id, hide, hide ? reason : undefined, entry);
  if (!updated) throw new AppError('NOT_FOUND', { ideaId });
  return updated;
}

/** Returns where the comment lives, so the page can send the instructor back there. */
export async function setCommentVisibility(deps: PanelDeps, state: PanelState, commentId: string, body: Record<string, unknown>) {
  requireStaff(state, 'comment.visibility');
  const comment = RECORD_ID.test(commentId) ? await deps.storage.consultations.findComment(state.course, commentId) : null;
  if (!comment) throw new AppError('NOT_FOUND', { commentId });
  const { hide, reason } = readVisibility(body, state);
  const entry = auditEntry(state, deps.now(), hide ? 'comment.hide' : 'comment.restore', comment.id, { reason });
  if (!(await deps.storage.consultations.setCommentHidden(state.course, comment.id, hide, hide ? reason : undefined, entry))) throw new AppError('NOT_FOUND', { commentId });
  return comment.target;
}

function readVisibility(body: Record<string, unknown>, state: PanelState): { hide: boolean; reason: string } {
  const form = new FormReader(body, state.t);
  const action = form.choice('action', ['hide', 'restore'] as const, state.t('cg.field.action'));
  const reason = form.text('reason', { max: REASON_LIMIT, required: true, label: state.t('cg.field.reason') });
  if (!form.ok) invalid(form, { action: body.action });
  return { hide: action === 'hide', reason };
}

/** The audit entry the store writes with the change. */
function auditEntry(state: PanelState, at: Date, action: AuditAction, subjectId: string, why: Pick<AuditInput, 'reason' | 'systemReason'>): AuditInput {
  const type = action.split('.')[0];
  return { course: state.course, at, actor: state.me, action, subject: { type, id: subjectId }, ...why };
}
