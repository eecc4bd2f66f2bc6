/**
 * Instructor routes of the reviews panel: the moderation queue with the audit log, moderation
 * actions, and the CSV export. Every route checks the LTI role on the server.
 */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import { renderPage } from '../../http/render';
import { contextOf, requireInstructor, sessionOf } from '../../http/session-loader';
import { translator } from '../../i18n/translate';
import type { PanelDeps } from '../panel-deps';
import { panelChrome } from '../chrome';
import { courseSettings } from '../settings/settings-defaults';
import { csvStream } from './csv';
import { presentAuditLine } from './audit-lines';
import { flashFrom } from './flash';
import { moderateReview } from './moderate-review';
import { presentReviewCard } from './review-card';
import { knownName } from '../../context/person-name';
import { personLabel } from '../person-label';

const QUEUE_PAGE = 20;
const AUDIT_PAGE = 30;
const CURSOR = /^[A-Za-z0-9_-]{1,400}$/;

export function moderationRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();

  router.get(
    '/reviews/moderation',
    requireInstructor,
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const context = session.context;
      const t = translator(context.locale);
      const settings = await courseSettings(deps.storage.settings, context.link);
      const queueCursor = typeof req.query.queue === 'string' && CURSOR.test(req.query.queue) ? req.query.queue : undefined;
      const auditCursor = typeof req.query.log === 'string' && CURSOR.test(req.query.log) ? req.query.log : undefined;
      const [queue, audit] = await Promise.all([
        deps.storage.reviews.moderationQueue(context.link, { cursor: queueCursor, limit: QUEUE_PAGE }),
        deps.storage.audit.listAudit(context.link, { cursor: auditCursor, limit: AUDIT_PAGE }),
      ]);
      const viewer = { id: context.userId, staff: true, locale: context.locale };
      const marks = { helpful: new Set<string>(), reported: new Set<string>() };
      const items = await Promise.all(
        queue.items.map(async (review) => ({
          card: presentReviewCard(review, viewer, settings, marks),
          reports: (await deps.storage.reviews.reportsOf(context.link, review.id)).map((r) => t(`reviews.report.${r.reason}` as never)).join(', '),
        })),
      );
      const chrome = panelChrome(session, settings, 'reviews');
      renderPage(res, 'reviews/moderation', context.locale, {
        chrome,
        base: `${chrome.base}/reviews`,
        flash: flashFrom(req.query.done, context.locale),
        items,
        nextQueueHref: queue.nextCursor ? `${chrome.base}/reviews/moderation?queue=${queue.nextCursor}` : undefined,
        audit: audit.items.map((entry) => presentAuditLine(entry, context.locale)),
        nextAuditHref: audit.nextCursor ? `${chrome.base}/reviews/moderation?log=${audit.nextCursor}#audit` : undefined,
      });
    }),
  );

  router.post(
    '/reviews/:id/moderate',
    requireInstructor,
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      await moderateReview(deps, session.context, req.params.id, req.body ?? {});
      const from = req.body?.from;
      const back = `/s/${session.id}/reviews${from === 'list' ? '' : from === 'hidden' ? '/hidden' : '/moderation'}?done=moderated`;
      res.redirect(303, back);
    }),
  );

  router.get(
    '/reviews/export.csv',
    requireInstructor,
    asyncHandler(async (_req, res) => {
      const context = contextOf(res);
      const file = `reviews-${context.link.contextId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40)}.csv`;
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
      res.setHeader('Cache-Control', 'no-store');
      const t = translator(context.locale);
      const header = ['id', 'item', 'created_at', 'updated_at', 'edited_at', 'status', 'hold_reasons', 'hidden_reason', 'rating', 'aspects', 'title', 'liked', 'improve', 'author_id', 'author_name', 'verified', 'helpful', 'open_reports', 'previous_rating', 'response', 'response_by', 'response_at'];
      const rows = (async function* () {
        for await (const r of deps.storage.reviews.allReviews(context.link)) {
          yield [r.id, r.item.itemId, r.createdAt, r.updatedAt, r.editedAt ?? null, r.status, r.holdReasons.join(' '), r.hiddenReason ?? '', r.rating, JSON.stringify(r.aspects), r.title, r.liked, r.improve, r.author.id, knownName(r.author) ?? t('reviews.pseudonym', { n: r.authorNumber }), r.verified, r.helpfulCount, r.reportCount, r.previousRating ?? null, r.response?.text ?? '', r.response ? personLabel(r.response.by, t) : '', r.response?.at ?? null];
        }
      })();
      for await (const chunk of csvStream(header, rows)) res.write(chunk);
      res.end();
    }),
  );

  return router;
}
