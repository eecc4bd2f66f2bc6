/** Instructors' results view of a consultation and its CSV export. */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import type { PanelDeps } from '../panel-deps';
import { consultationFor } from './access';
import { renderPanel } from './page';
import { requireStaff, stateOf } from './panel-state';
import { consultationResults } from './results';
import { resultsCsv } from './results-csv';

export function resultsRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();

  router.get('/consultations/:cid/results', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    requireStaff(state, 'results.view');
    const consultation = await consultationFor(deps, state, req.params.cid);
    const results = await consultationResults(deps, state, consultation);
    const href = `${state.base}/consultations/${consultation.id}`;
    renderPanel(res, state, 'results', { consultation: { title: consultation.title, href }, csvHref: `${href}/results.csv`, results });
  }));

  router.get('/consultations/:cid/results.csv', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    requireStaff(state, 'results.export');
    const consultation = await consultationFor(deps, state, req.params.cid);
    const csv = resultsCsv(await consultationResults(deps, state, consultation), state.t);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="consultation-${consultation.id}-results.csv"`);
    res.send(csv);
  }));

  return router;
}
