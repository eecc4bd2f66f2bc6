/** Consultations: reading one, instructors opening and revising it, its outline, polls, and proposing ideas in it. */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import type { PanelDeps } from '../panel-deps';
import { consultationFor } from './access';
import { consultationPage, parseListQuery } from './consultation-page';
import { echoValues, errorsOf, type FieldProblem } from './form-input';
import { postComment } from './idea-actions';
import { saveConsultation, saveSection } from './manage-consultation';
import { flashText, redirectTo, renderPanel } from './page';
import { requireStaff, stateOf, type PanelState } from './panel-state';
import { addPoll, answerPoll } from './polls';
import { proposeIdea } from './propose-idea';
import { similarView } from './similar-view';

function consultationForm(state: PanelState, action: string, values: Record<string, string>, problems: readonly FieldProblem[] = [], editing = false) {
  return { action, values, problems, errors: errorsOf(problems), editing, cancelHref: state.base };
}

export function consultationRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();

  router.get('/consultations/new', (_req, res) => {
    const state = stateOf(res);
    requireStaff(state, 'consultation.new');
    renderPanel(res, state, 'consultation-form', { form: consultationForm(state, `${state.base}/consultations`, { status: 'draft' }) });
  });

  router.post('/consultations', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const result = await saveConsultation(deps, state, undefined, req.body ?? {});
    if (!result.ok) return renderPanel(res, state, 'consultation-form', { form: consultationForm(state, `${state.base}/consultations`, echoValues(req.body), result.problems) }, 400);
    redirectTo(res, state, `/consultations/${result.consultation.id}`, 'created');
  }));

  router.get('/consultations/:cid', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const consultation = await consultationFor(deps, state, req.params.cid);
    renderPanel(res, state, 'consultation', { ...(await consultationPage(deps, state, consultation, parseListQuery(req.query))), flash: flashText(state, req.query.done) });
  }));

  router.get('/consultations/:cid/edit', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    requireStaff(state, 'consultation.edit');
    const c = await consultationFor(deps, state, req.params.cid);
    const values = { title: c.title, brief: c.brief, questions: c.questions.join('\n'), opensOn: c.opensOn ?? '', closesOn: c.closesOn ?? '', status: c.status };
    renderPanel(res, state, 'consultation-form', { form: consultationForm(state, `${state.base}/consultations/${c.id}`, values, [], true) });
  }));

  router.post('/consultations/:cid', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const result = await saveConsultation(deps, state, req.params.cid, req.body ?? {});
    if (!result.ok) return renderPanel(res, state, 'consultation-form', { form: consultationForm(state, `${state.base}/consultations/${req.params.cid}`, echoValues(req.body), result.problems, true) }, 400);
    redirectTo(res, state, `/consultations/${result.consultation.id}`, 'saved');
  }));

  router.post(['/consultations/:cid/sections', '/consultations/:cid/sections/:sid'], asyncHandler(async (req, res) => {
    const state = stateOf(res);
    await saveSection(deps, state, req.params.cid, req.params.sid, req.body ?? {});
    redirectTo(res, state, `/consultations/${req.params.cid}`, 'section', '#outline');
  }));

  router.post('/consultations/:cid/sections/:sid/comments', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const consultation = await consultationFor(deps, state, req.params.cid);
    const section = consultation.outline.find((s) => s.id === req.params.sid);
    if (!section) throw new AppError('NOT_FOUND', { sectionId: req.params.sid });
    await postComment(deps, state, { type: 'section', consultationId: consultation.id, sectionId: section.id }, req.body ?? {});
    redirectTo(res, state, `/consultations/${consultation.id}`, 'commented', `#section-${section.id}`);
  }));

  router.post('/consultations/:cid/polls', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    await addPoll(deps, state, req.params.cid, req.body ?? {});
    redirectTo(res, state, `/consultations/${req.params.cid}`, 'poll', '#polls');
  }));

  router.post('/consultations/:cid/polls/:pid/answer', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    await answerPoll(deps, state, req.params.cid, req.params.pid, req.body ?? {});
    redirectTo(res, state, `/consultations/${req.params.cid}`, 'answered', `#poll-${req.params.pid}`);
  }));

  router.post('/consultations/:cid/ideas', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    const consultation = await consultationFor(deps, state, req.params.cid);
    const body = req.body ?? {};
    const result = await proposeIdea(deps, state, consultation, body);
    if (result.outcome === 'invalid') {
      const model = await consultationPage(deps, state, consultation, parseListQuery({}), { values: echoValues(body), problems: result.problems });
      return renderPanel(res, state, 'consultation', model, 400);
    }
    if (result.outcome === 'similar') {
      const back = `${state.base}/consultations/${consultation.id}`;
      return renderPanel(res, state, 'confirm', { kind: 'idea', action: `${back}/ideas`, values: echoValues(body), similar: result.similar.map((i) => similarView(i, state)), back });
    }
    res.redirect(303, `${state.base}/ideas/${result.idea.id}?done=proposed`);
  }));

  return router;
}
