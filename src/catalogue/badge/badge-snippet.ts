/**
 * The HTML an instructor or admin pastes into the LMS's course summary or description, which Moodle and
 * Canvas show in course listings and on enrolment pages: the badge image, linked to the course's public
 * entry, opened in a new tab (the LMS page stays where it was).
 *
 * What the LMSs keep of it (read in their sources):
 * - Moodle cleans course summaries with HTML Purifier (lib/weblib.php purify_html): `a[href]`,
 *   `img[src|alt|width|height]` are kept, `target="_blank"` is allowed explicitly
 *   (Attr.AllowedFrameTargets = ['_blank']), and Purifier itself gives such links `rel="noopener
 *   noreferrer"` (HTML.TargetNoopener/TargetNoreferrer, on by default), whatever rel we write.
 * - Canvas cleans rich content with canvas_sanitize: `a[href|target]` and `img[src|alt|width|height]`
 *   are kept, http(s) only; `rel` is not on its list and may be dropped, which costs nothing: browsers
 *   treat target="_blank" as noopener by default since 2021 (Chrome 88, Firefox 79, Safari 12.1).
 *
 * The alt text is generic ("Learner ratings for <course>"), on purpose: an <img>'s accessible name comes
 * from alt alone (the SVG's <title> is not read through an <img>), and pasted HTML never changes while the
 * figures do, so figures written into alt would soon contradict the image. The link's name is that alt,
 * which says where it leads; the page it opens states the current figures in text.
 */
import { translate } from '../../i18n/translate';
import { BADGE_HEIGHT, BADGE_WIDTH } from './badge-svg';
import type { BadgeLocale } from './badge-source';
import { isBadgeToken } from './badge-token';
import { escapeXml } from './escape-markup';

export interface BadgeSnippetInput {
  /** The tool's public base URL (config.baseUrl). */
  readonly baseUrl: string;
  readonly token: string;
  readonly title: string;
  /** The language of the badge and its alt text: the course's language. */
  readonly locale: BadgeLocale;
}

export function badgeSnippet({ baseUrl, token, title, locale }: BadgeSnippetInput): string {
  if (!isBadgeToken(token)) throw new Error('badgeSnippet: not a badge token');
  const base = baseUrl.replace(/\/+$/, '');
  const page = `${base}/badge/${token}`;
  const image = `${base}/badge/${token}.svg?lang=${locale}`;
  // One line: the snippet is copied from a terminal or a text field.
  const alt = translate(locale, 'badge.about', { title: title.replace(/\s+/g, ' ').trim() });
  return `<a href="${escapeXml(page)}" target="_blank" rel="noopener"><img src="${escapeXml(image)}" alt="${escapeXml(alt)}" width="${BADGE_WIDTH}" height="${BADGE_HEIGHT}"></a>`;
}
