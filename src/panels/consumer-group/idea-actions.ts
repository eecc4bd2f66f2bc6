/** What anyone may do to an idea: vote (or take the vote back) and comment. */
import { AppError } from '../../http/errors';
import type { CommentTarget } from '../../storage/ports/consultations';
import type { PanelDeps } from '../panel-deps';
import { ideaFor, requireOpen, requireUnmerged } from './access';
import { readComment } from './contribution-form';
import type { PanelState } from './panel-state';

export async function castVote(deps: PanelDeps, state: PanelState, ideaId: string, on: boolean): Promise<number> {
  const { idea, consultation } = await ideaFor(deps, state, ideaId);
  requireUnmerged(idea);
  requireOpen(consultation, deps.now());
  const count = await deps.storage.consultations.setVote(state.course, idea.id, state.me, on, deps.now());
  if (count === null) throw new AppError('IDEA_MERGED', { ideaId });
  return count;
}

/** Comments stay possible after a consultation closes: instructors often answer then. */
export async function postComment(deps: PanelDeps, state: PanelState, target: CommentTarget, body: Record<string, unknown>): Promise<string> {
  const input = readComment(body, state.t);
  const comment = await deps.storage.consultations.addComment(state.course, { target, parentId: input.parentId, author: state.me, body: input.body }, deps.now());
  // The target was checked by the caller: null means the parent is not a top-level comment there.
  if (!comment) throw new AppError('INVALID_INPUT', { target, parentId: input.parentId }, { problem: state.t('cg.problem.reply') });
  return comment.id;
}
