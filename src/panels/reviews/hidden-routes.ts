/**
 * The moderation page's "Hidden" view: every hidden review of the course, reported or not (a review
 * nobody reported is in no queue), newest first, filtered by stars, paged with the store's cursor,
 * each with "Restore" and a reason. Instructors only; the restore goes through moderateReview.
 */
import express from 'express';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import { renderPage } from '../../http/render';
import { requireInstructor, sessionOf } from '../../http/session-loader';
import { translator } from '../../i18n/translate';
import type { Rating } from '../../storage/ports/reviews';
import { InvalidCursorError } from '../../storage/shared/cursor';
import { isRating } from '../../storage/shared/review-input';
import { panelChrome } from '../chrome';
import type { PanelDeps } from '../panel-deps';
import { courseSettings } from '../settings/settings-defaults';
import { flashFrom } from './flash';
import { presentReviewCard } from './review-card';

const HIDDEN_PAGE = 20;
const CURSOR = /^[A-Za-z0-9_-]{1,400}$/;

interface HiddenListQuery {
  readonly stars?: Rating;
  readonly cursor?: string;
}

/** Absent or empty values mean "all" and "first page"; anything else malformed is a 400. */
function parseHiddenQuery(query: Record<string, unknown>, problem: string): HiddenListQuery {
  const stars = query.stars === undefined || query.stars === '' ? undefined : Number(query.stars);
  const cursor = query.cursor === undefined || query.cursor === '' ? undefined : query.cursor;
  if (stars !== undefined && !isRating(stars)) throw new AppError('INVALID_INPUT', { stars: query.stars }, { problem });
  if (cursor !== undefined && (typeof cursor !== 'string' || !CURSOR.test(cursor))) throw new AppError('INVALID_INPUT', { cursor }, { problem });
  return { ...(stars === undefined ? {} : { stars }), ...(cursor === undefined ? {} : { cursor }) };
}

function hiddenHref(base: string, query: HiddenListQuery): string {
  const params = new URLSearchParams();
  if (query.stars !== undefined) params.set('stars', String(query.stars));
  if (query.cursor !== undefined) params.set('cursor', query.cursor);
  const search = params.toString();
  return `${base}/reviews/hidden${search ? `?${search}` : ''}`;
}

export function hiddenReviewRoutes(deps: PanelDeps): express.Router {
  const router = express.Router();
  router.get(
    '/reviews/hidden',
    requireInstructor,
    asyncHandler(async (req, res) => {
      const session = sessionOf(res);
      const context = session.context;
      const t = translator(context.locale);
      const query = parseHiddenQuery(req.query, t('moderation.hidden.badQuery'));
      const settings = await courseSettings(deps.storage.settings, context.link);
      const page = await deps.storage.reviews.listHidden(context.link, { limit: HIDDEN_PAGE, ...query }).catch((err: unknown) => {
        // A cursor of the right shape that the store did not make (edited, or from another list).
        if (err instanceof InvalidCursorError) throw new AppError('INVALID_INPUT', { cursor: query.cursor }, { problem: t('moderation.hidden.badQuery') });
        throw err;
      });
      const viewer = { id: context.userId, staff: true, locale: context.locale };
      const marks = { helpful: new Set<string>(), reported: new Set<string>() };
      const chrome = panelChrome(session, settings, 'reviews');
      renderPage(res, 'reviews/hidden', context.locale, {
        chrome,
        base: `${chrome.base}/reviews`,
        flash: flashFrom(req.query.done, context.locale),
        cards: page.items.map((review) => presentReviewCard(review, viewer, settings, marks)),
        starOptions: [5, 4, 3, 2, 1].map((n) => ({ value: n, label: t('reviews.stars.label', { n }), selected: n === query.stars })),
        filtered: query.stars !== undefined,
        nextHref: page.nextCursor ? hiddenHref(chrome.base, { ...query, cursor: page.nextCursor }) : undefined,
        firstHref: query.cursor ? hiddenHref(chrome.base, { ...query, cursor: undefined }) : undefined,
      });
    }),
  );
  return router;
}
