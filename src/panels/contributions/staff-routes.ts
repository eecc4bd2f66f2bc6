/**
 * Instructors' curation: the moderation queue, publish or hold (with a reason for the audit log),
 * feature, record a reuse or remove one, edit the credit line (only with the contributor's consent), and the
 * CSV and ZIP exports. Every route checks the role on the server first.
 */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import type { AuditAction, AuditInput } from '../../storage/ports/audit';
import { CONTRIBUTION_LIMITS, type ContributionRefusal } from '../../storage/ports/contributions';
import { echoValues, FormReader } from '../consumer-group/form-input';
import type { PanelDeps } from '../panel-deps';
import { exportCsv } from './export-csv';
import { exportZip } from './export-zip';
import { parseCursor, renderDetail, visibleContribution } from './pages';
import { flashText, RECORD_ID, redirectDone, renderContrib, requireStaff, stateOf, type ContribState } from './panel-state';
import { presentCard } from './present';
import { parseReuseTarget } from './reuse-targets';

const REASON_MAX = 500;

export function staffRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  const store = deps.storage.contributions;

  const audit = (state: ContribState, action: AuditAction, id: string, reason?: string): AuditInput => ({
    course: state.course,
    at: deps.now(),
    actor: { id: state.me.id, name: state.me.name, role: 'instructor' },
    action,
    subject: { type: 'contribution', id },
    ...(reason ? { reason } : {}),
  });

  router.get('/moderation', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    requireStaff(state, 'contributions.queue');
    let page;
    try {
      page = await store.moderationQueue(state.course, { limit: 50, cursor: parseCursor(req.query.cursor) });
    } catch (err) {
      if (err instanceof RangeError) throw new AppError('INVALID_PAGE_LINK', { reason: err.message });
      throw err;
    }
    renderContrib(res, state, 'moderation', {
      items: page.items.map((c) => presentCard(state, c)),
      nextHref: page.nextCursor ? `${state.base}/moderation?cursor=${encodeURIComponent(page.nextCursor)}` : undefined,
      flash: flashText(state, req.query.done),
    });
  }));

  router.get('/export.csv', asyncHandler(async (_req, res) => {
    const state = stateOf(res);
    requireStaff(state, 'contributions.export');
    await exportCsv(deps, state, res);
  }));

  router.get('/export.zip', asyncHandler(async (_req, res) => {
    const state = stateOf(res);
    requireStaff(state, 'contributions.export');
    await exportZip(deps, state, res);
  }));

  router.post('/:id/moderate', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    requireStaff(state, 'contributions.moderate');
    const c = await visibleContribution(deps, state, req.params.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const form = new FormReader(body, state.t);
    const status = form.choice('status', ['published', 'held'] as const, state.t('contrib.field.status'));
    const reason = form.text('reason', { max: REASON_MAX, required: status === 'held', label: state.t('contrib.field.reason') });
    if (!form.ok) return renderDetail(deps, res, state, c, { values: echoValues(body), problems: form.problems }, 422);
    const result = await store.moderate(state.course, c.id, status, audit(state, status === 'published' ? 'contribution.publish' : 'contribution.hold', c.id, reason || undefined), deps.now());
    if (!result.ok) return refused(res, state, c.id, result.refusal, 'status');
    redirectDone(res, state, `/${c.id}`, status === 'published' ? 'published' : 'heldByStaff');
  }));

  router.post('/:id/feature', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    requireStaff(state, 'contributions.feature');
    const c = await visibleContribution(deps, state, req.params.id);
    const on = req.body?.on === '1';
    const result = await store.setFeatured(state.course, c.id, on, audit(state, on ? 'contribution.feature' : 'contribution.unfeature', c.id), deps.now());
    if (!result.ok) return refused(res, state, c.id, result.refusal, 'feature');
    redirectDone(res, state, `/${c.id}`, on ? 'featured' : 'unfeatured');
  }));

  router.post('/:id/reuse', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    requireStaff(state, 'contributions.reuse');
    const c = await visibleContribution(deps, state, req.params.id);
    const target = await parseReuseTarget(deps, state, req.body?.target);
    if (!target) return renderDetail(deps, res, state, c, { values: {}, problems: [{ field: 'target', message: state.t('contrib.problem.target') }] }, 422);
    const result = await store.markReused(state.course, c.id, target, state.me, audit(state, 'contribution.reuse', c.id), deps.now());
    if (!result.ok) return refused(res, state, c.id, result.refusal, 'target');
    redirectDone(res, state, `/${c.id}`, 'reused');
  }));

  /** A reuse recorded by mistake is removed from the contribution's list, with the audit log. */
  router.post('/:id/reuses/:reuseId/remove', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    requireStaff(state, 'contributions.reuse-remove');
    const c = await visibleContribution(deps, state, req.params.id);
    const reuseId = req.params.reuseId;
    // The reuse must be one of this contribution's (the store checks the course only).
    if (!RECORD_ID.test(reuseId) || !(await store.listReuses(state.course, c.id)).some((r) => r.id === reuseId)) throw new AppError('NOT_FOUND', { reuseId });
    const result = await store.removeReuse(state.course, reuseId, audit(state, 'contribution.unreuse', c.id));
    if (!result.ok) return refused(res, state, c.id, result.refusal, 'target');
    redirectDone(res, state, `/${c.id}`, 'reuseRemoved');
  }));

  router.post('/:id/credit', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    requireStaff(state, 'contributions.credit');
    const c = await visibleContribution(deps, state, req.params.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const form = new FormReader(body, state.t);
    const name = form.text('creditName', { max: CONTRIBUTION_LIMITS.creditName, label: state.t('contrib.field.creditName') });
    if (!form.ok) return renderDetail(deps, res, state, c, { values: echoValues(body), problems: form.problems }, 422);
    const credit = name === '' ? ({ byName: false } as const) : ({ byName: true, name } as const);
    const result = await store.editCredit(state.course, c.id, credit, audit(state, 'contribution.credit-edit', c.id), deps.now());
    if (!result.ok) return refused(res, state, c.id, result.refusal, 'creditName', echoValues(body));
    redirectDone(res, state, `/${c.id}`, 'credit');
  }));

  /** Held comments (the content policy's automatic hold) are published or hidden by staff, with the audit log. */
  router.post('/:id/comments/:commentId/moderate', asyncHandler(async (req, res) => {
    const state = stateOf(res);
    requireStaff(state, 'contributions.comment-moderate');
    const c = await visibleContribution(deps, state, req.params.id);
    const status = req.body?.status === 'published' ? 'published' : req.body?.status === 'hidden' ? 'hidden' : null;
    const commentId = req.params.commentId;
    const comments = status && RECORD_ID.test(commentId) ? await store.listComments(state.course, c.id, ['published', 'held', 'hidden'], 500) : [];
    if (!status || !comments.some((m) => m.id === commentId)) throw new AppError('NOT_FOUND', { commentId });
    const entry: AuditInput = { ...audit(state, status === 'published' ? 'contribution-comment.publish' : 'contribution-comment.hide', commentId), subject: { type: 'contribution-comment', id: commentId } };
    const result = await store.moderateComment(state.course, commentId, { status }, entry);
    if (!result.ok) return refused(res, state, c.id, result.refusal, 'comment');
    redirectDone(res, state, `/${c.id}`, status === 'published' ? 'commentPublished' : 'commentHidden');
  }));

  /** A refusal of the store (no consent, licence, duplicate…) goes back to the page with its message at the field. */
  async function refused(res: express.Response, state: ContribState, id: string, refusal: ContributionRefusal, field: string, values: Record<string, string> = {}) {
    const c = await visibleContribution(deps, state, id);
    await renderDetail(deps, res, state, c, { values, problems: [{ field, message: state.t(`contrib.refusal.${refusal}`) }] }, refusal === 'not-found' ? 404 : 422);
  }

  return router;
}
