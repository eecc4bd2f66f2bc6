/** Instructors add quick polls to a consultation; learners answer them while it is open. */
import { AppError } from '../../http/errors';
import type { PanelDeps } from '../panel-deps';
import { consultationFor, requireOpen } from './access';
import { readPollForm } from './consultation-form';
import { readPollAnswer } from './contribution-form';
import { requireStaff, type PanelState } from './panel-state';

export async function addPoll(deps: PanelDeps, state: PanelState, consultationId: string, body: Record<string, unknown>): Promise<void> {
  requireStaff(state, 'poll.add');
  const consultation = await consultationFor(deps, state, consultationId);
  const form = readPollForm(body, state.t);
  if (!form.ok) throw new AppError('INVALID_INPUT', { problems: form.problems }, { problem: form.problems.map((p) => p.message).join(' ') });
  await deps.storage.consultations.addPoll(state.course, consultation.id, form.value, deps.now());
}

export async function answerPoll(deps: PanelDeps, state: PanelState, consultationId: string, pollId: string, body: Record<string, unknown>): Promise<void> {
  const consultation = await consultationFor(deps, state, consultationId);
  const poll = (await deps.storage.consultations.listPolls(state.course, consultation.id)).find((p) => p.id === pollId);
  if (!poll) throw new AppError('NOT_FOUND', { pollId });
  requireOpen(consultation, deps.now());
  const choices = readPollAnswer(body, poll, state.t);
  await deps.storage.consultations.answerPoll(state.course, poll.id, state.me, choices, deps.now());
}
