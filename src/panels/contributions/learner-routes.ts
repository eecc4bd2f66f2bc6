/** What every member of the course does: list, share, open one, mark useful, comment, report, "mine" (the author's own actions: author-routes.ts). */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { REPORT_REASONS, type ReportReason } from '../../storage/ports/reviews';
import { CONTRIBUTION_LIMITS } from '../../storage/ports/contributions';
import { echoValues, FormReader } from '../consumer-group/form-input';
import { holdReasonsFor } from '../reviews/content-policy';
import type { PanelDeps } from '../panel-deps';
import { flashText, redirectDone, renderContrib, stateOf } from './panel-state';
import { renderDetail, renderSharePage, visibleContribution } from './pages';
import { presentCard, presentReuse } from './present';
import { reusedCourses } from './reuse-targets';
import { shareContribution } from './share-contribution';
import { uploadedFile } from './upload-body';

export function learnerRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  const store = deps.storage.contributions;

  router.get('/', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    await renderSharePage(deps, res, state, { values: {}, problems: [] }, 200, req.query, flashText(state, req.query.done));
  }));

  router.post('/share', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const outcome = await shareContribution(deps, state, body, uploadedFile(res.locals));
    if (!outcome.ok) return renderSharePage(deps, res, state, { values: echoValues(body), problems: outcome.problems }, 422);
    redirectDone(res, state, `/${outcome.contribution.id}`, outcome.contribution.status === 'held' ? 'held' : 'shared');
  }));

  router.get('/mine', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const page = await store.listContributions(state.course, { sort: 'newest', limit: 100, statuses: ['published', 'held'], authorId: state.me.id });
    const [versions, reuseCount] = await Promise.all([deps.storage.courseVersions.listVersions(state.course), store.reuseCountOfAuthor(state.course, state.me.id)]);
    const reuses = await Promise.all(page.items.map((c) => store.listReuses(state.course, c.id)));
    // Titles of the other courses named (the author may not list the platform's courses, only read these).
    const courses = await reusedCourses(deps, reuses.flat());
    const items = page.items.map((c, i) => ({ ...presentCard(state, c), reusedIn: reuses[i].map((r) => presentReuse(state, r, versions, courses)) }));
    renderContrib(res, state, 'mine', { items, reuseCount, flash: flashText(state, req.query.done) });
  }));

  router.get('/:id', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const c = await visibleContribution(deps, state, req.params.id);
    await renderDetail(deps, res, state, c, undefined, 200, flashText(state, req.query.done));
  }));

  router.post('/:id/useful', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const c = await visibleContribution(deps, state, req.params.id);
    const on = req.body?.on === '1';
    const count = await store.setUseful(state.course, c.id, state.me.id, on, deps.now());
    // Null: held, or the author's own (the button is not offered then).
    if (count === null) throw new AppError('NOT_FOUND', { contributionId: c.id, reason: 'not markable' });
    redirectDone(res, state, `/${c.id}`, on ? 'useful' : 'unuseful');
  }));

  router.post('/:id/comments', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const c = await visibleContribution(deps, state, req.params.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const form = new FormReader(body, state.t);
    const text = form.text('comment', { max: CONTRIBUTION_LIMITS.comment, required: true, label: state.t('contrib.field.comment') });
    if (!form.ok || c.status !== 'published') {
      if (form.ok) form.problem('comment', state.t('contrib.problem.notPublished'));
      return renderDetail(deps, res, state, c, { values: echoValues(body), problems: form.problems }, 422);
    }
    const holdReasons = holdReasonsFor([text], state.context.locale);
    await store.addComment(state.course, c.id, { author: state.me, text, status: holdReasons.length ? 'held' : 'published', holdReasons }, deps.now());
    redirectDone(res, state, `/${c.id}`, holdReasons.length ? 'commentHeld' : 'commented');
  }));

  router.post('/:id/report', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const c = await visibleContribution(deps, state, req.params.id);
    const reason = REPORT_REASONS.find((r) => r === req.body?.reason) as ReportReason | undefined;
    if (!reason) return renderDetail(deps, res, state, c, { values: {}, problems: [{ field: 'reason', message: state.t('contrib.problem.reason') }] }, 422);
    await store.report(state.course, c.id, state.me.id, reason, deps.now());
    redirectDone(res, state, `/${c.id}`, 'reported');
  }));

  return router;
}
