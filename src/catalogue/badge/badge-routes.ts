/**
 * The public rating badge, served without a session (mount it before /s/:sid, after the security headers):
 * - GET /badge/<token>.svg  the image an LMS page embeds cross-site in an <img>;
 * - GET /badge/<token>      the course's public catalogue entry, which the image links to.
 * Each request: parse (token shape, language) → check (the lookup: unknown or switched off is a 404,
 * with no hint which) → present (image or page). Both are public and the same for everyone, so they
 * may be cached by browsers and proxies for a few minutes.
 */
import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { localeFromAcceptLanguage } from '../../context/locale';
import { asyncHandler } from '../../http/async-handler';
import { AppError } from '../../http/errors';
import type { Logger } from '../../http/logger';
import { perIpLaunchLimit } from '../../http/rate-limits';
import { renderPage } from '../../http/render';
import { CachedBadgeSource } from './badge-cache';
import { badgePageModel } from './badge-page';
import type { BadgeLocale, BadgeLookup, BadgeSource } from './badge-source';
import { renderBadgeSvg, type ShownBadge } from './badge-svg';
import { parseBadgePath } from './badge-token';

export interface BadgeRoutesOptions {
  readonly source: BadgeSource;
  readonly logger: Logger;
  /**
   * Requests per address and minute. Generous: every listing view fetches every badge on it (browsers
   * then keep each image for max-age), and a whole school may share one address.
   */
  readonly requestsPerMinute?: number;
  /** How long a lookup is kept in memory, and how many are. */
  readonly cacheMs?: number;
  readonly cacheEntries?: number;
  readonly now?: () => number;
}

/** Browsers and proxies keep an image or page this long; with the lookup cache, a change shows within ~6 minutes. */
const MAX_AGE_SECONDS = 300;
/** The image draws with attributes only; 'unsafe-inline' styles are allowed for whatever a later design needs. */
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

export function badgeRoutes(options: BadgeRoutesOptions): Router {
  const badges = new CachedBadgeSource(options.source, { ttlMs: options.cacheMs ?? 60_000, maxEntries: options.cacheEntries ?? 5_000, now: options.now });
  const images = new RenderedImages();
  const router = express.Router();
  router.use('/badge', perIpLaunchLimit({ name: 'badge', windowMs: 60_000, limit: options.requestsPerMinute ?? 600 }));
  router.get(
    '/badge/:name',
    asyncHandler(async (req, res) => {
      const path = parseBadgePath(req.params.name);
      const asked = askedLocale(req.query.lang);
      if (asked) res.locals.locale = asked;
      if (!path) throw new AppError('NOT_FOUND', { reason: 'not a badge token' });

      // A failing store reaches the error handler, which logs it once and answers with its page.
      const badge = shown(await badges.lookup(path.token), options.logger);

      if (path.image) sendImage(req, res, images.of(badge, asked ?? courseLocale(badge)));
      else sendPage(res, badge, path.token, asked ?? pageLocale(req, badge));
    }),
  );
  return router;
}

/**
 * Unknown and switched-off badges look the same from outside: both are a plain 404. Figures the image
 * could not state truthfully (no number, out of 1–5, no rating) are shown as no figure at all.
 */
function shown(lookup: BadgeLookup, logger: Logger): ShownBadge {
  if (lookup.state === 'too-few') return lookup;
  if (lookup.state !== 'ok') throw new AppError('NOT_FOUND', { reason: `badge ${lookup.state}` });
  const { average, count } = lookup.figures;
  if (Number.isFinite(average) && average >= 1 && average <= 5 && Number.isInteger(count) && count >= 1) return lookup;
  logger.warn({ average, count }, 'badge figures out of range: shown without a figure');
  return { state: 'too-few', minRatings: 1, title: lookup.title, locale: lookup.figures.locale, courseUrl: lookup.courseUrl };
}

function sendImage(req: Request, res: Response, image: { body: Buffer; etag: string }): void {
  res.setHeader('Content-Type', 'image/svg+xml; charset=utf-8');
  res.setHeader('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}`);
  res.setHeader('ETag', image.etag);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Replaces the page CSP helmet set (security-headers.ts) with one for a document that loads nothing.
  res.setHeader('Content-Security-Policy', SVG_CSP);
  // LMS pages on other sites embed the image: say so here, whatever the global default becomes.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Length', image.body.length);
  res.status(200).end(req.method === 'HEAD' ? undefined : image.body);
}

function sendPage(res: Response, badge: ShownBadge, token: string, locale: BadgeLocale): void {
  res.setHeader('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}`);
  res.setHeader('Vary', 'Accept-Language');
  res.setHeader('Content-Language', locale);
  renderPage(res, 'badge/page', locale, { ...badgePageModel(badge, token, locale) });
}

function askedLocale(lang: unknown): BadgeLocale | undefined {
  return lang === 'en' || lang === 'fr' ? lang : undefined;
}

function courseLocale(badge: ShownBadge): BadgeLocale {
  return (badge.state === 'ok' ? badge.figures.locale : badge.locale) ?? 'en';
}

/** A person's browser languages come before the course's, when they name one the tool speaks. */
function pageLocale(req: Request, badge: ShownBadge): BadgeLocale {
  const header = req.headers['accept-language'];
  return header && /(^|,)\s*(en|fr)\b/i.test(header) ? localeFromAcceptLanguage(header) : courseLocale(badge);
}

/**
 * Each lookup object is held by the cache for its lifetime, so its rendered image (bytes and ETag) is
 * kept beside it and dropped with it: a listing view's many requests render each badge once.
 */
class RenderedImages {
  private readonly byLookup = new WeakMap<ShownBadge, Partial<Record<BadgeLocale, { body: Buffer; etag: string }>>>();

  of(badge: ShownBadge, locale: BadgeLocale): { body: Buffer; etag: string } {
    const rendered = this.byLookup.get(badge) ?? {};
    this.byLookup.set(badge, rendered);
    let image = rendered[locale];
    if (!image) {
      const body = Buffer.from(renderBadgeSvg(badge, locale).svg, 'utf8');
      image = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
      rendered[locale] = image;
    }
    return image;
  }
}
