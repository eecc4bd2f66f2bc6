/**
 * What only the author of a contribution or comment does: edit it, delete it, and give or withdraw
 * consent to credit corrections. Who the author is comes from the session's user id, compared by the
 * store with the stored author id; nothing in the form names a person. Someone else's is a 404 and
 * nothing changes.
 */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { echoValues } from '../consumer-group/form-input';
import type { PanelDeps } from '../panel-deps';
import { editContribution } from './edit-contribution';
import { authoredContribution, renderEditPage, visibleContribution } from './pages';
import { RECORD_ID, redirectDone, renderContrib, stateOf } from './panel-state';
import { uploadedFile } from './upload-body';

export function authorRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  const store = deps.storage.contributions;

  router.get('/:id/edit', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    await renderEditPage(deps, res, state, await authoredContribution(deps, state, req.params.id));
  }));

  router.post('/:id/edit', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const current = await authoredContribution(deps, state, req.params.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const outcome = await editContribution(deps, state, current, body, uploadedFile(res.locals));
    if (!outcome.ok && 'notFound' in outcome) throw new AppError('NOT_FOUND', { contributionId: current.id, reason: 'not the author' });
    if (!outcome.ok) return renderEditPage(deps, res, state, current, { values: echoValues(body), problems: outcome.problems }, 422);
    redirectDone(res, state, `/${current.id}`, outcome.contribution.status === 'held' ? 'editHeld' : 'edited');
  }));

  /** The author gives or withdraws consent that staff may edit the credit line. */
  router.post('/:id/credit-consent', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const done = RECORD_ID.test(req.params.id) && await store.setCreditEditConsent(state.course, req.params.id, state.me.id, req.body?.given === '1', deps.now());
    if (!done) throw new AppError('NOT_FOUND', { contributionId: req.params.id });
    redirectDone(res, state, `/${done.id}`, 'consent');
  }));

  /** Deleting is for good (marks, comments, reuses go too): asked once more on its own page (WCAG 3.3.4). */
  router.get('/:id/delete', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const c = await authoredContribution(deps, state, req.params.id);
    const href = `${state.base}/${c.id}`;
    renderContrib(res, state, 'delete', { heading: state.t('contrib.delete.heading'), explain: state.t('contrib.delete.explain', { title: c.title }), action: `${href}/delete`, href, keepLabel: state.t('contrib.delete.keep') });
  }));

  router.post('/:id/delete', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const removed = RECORD_ID.test(req.params.id) && await store.deleteContribution(state.course, req.params.id, state.me.id);
    if (!removed) throw new AppError('NOT_FOUND', { contributionId: req.params.id });
    // After the rows: a crash between the two leaves an orphan file, never a row pointing at nothing.
    if (removed.file) await deps.storage.contributionFiles.deleteFile(removed.file.id);
    redirectDone(res, state, '/mine', 'deleted');
  }));

  router.get('/:id/comments/:commentId/delete', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const c = await visibleContribution(deps, state, req.params.id);
    const commentId = req.params.commentId;
    const comments = RECORD_ID.test(commentId) ? await store.listComments(state.course, c.id, ['published', 'held'], 500) : [];
    const comment = comments.find((m) => m.id === commentId && m.author.id === state.me.id);
    if (!comment) throw new AppError('NOT_FOUND', { commentId });
    const href = `${state.base}/${c.id}`;
    renderContrib(res, state, 'delete', { heading: state.t('contrib.comment.delete.heading'), explain: state.t('contrib.comment.delete.explain', { text: excerpt(comment.text) }), action: `${href}/comments/${comment.id}/delete`, href, keepLabel: state.t('contrib.comment.delete.keep') });
  }));

  router.post('/:id/comments/:commentId/delete', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const c = await visibleContribution(deps, state, req.params.id);
    const commentId = req.params.commentId;
    // The comment must hang on this contribution (the store checks the course and the author).
    const onThis = RECORD_ID.test(commentId) && (await store.listComments(state.course, c.id, ['published', 'held', 'hidden'], 500)).some((m) => m.id === commentId);
    if (!onThis || !(await store.deleteComment(state.course, commentId, state.me.id))) throw new AppError('NOT_FOUND', { commentId });
    redirectDone(res, state, `/${c.id}`, 'commentDeleted');
  }));

  return router;
}

function excerpt(text: string): string {
  const chars = [...text];
  return chars.length > 80 ? `${chars.slice(0, 80).join('')}…` : text;
}
