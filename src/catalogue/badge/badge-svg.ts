/**
 * The rating badge as a self-contained SVG, 160×20 px: five stars filled to the average, the average and
 * the count ("★★★★☆ 3.7 (12)"), or a neutral "Reviews open soon" below the course's minimum. It is shown
 * in LMS listings, on backgrounds we do not know, so it carries its own white ground; every colour pair
 * meets WCAG AA on it (text ≥ 4.5:1, stars ≥ 3:1, see COLOURS). No font, image or stylesheet is fetched:
 * the SVG is served with `default-src 'none'` and must draw with what the viewer's system has.
 */
import { translate } from '../../i18n/translate';
import { formatAverage } from '../../i18n/format';
import type { BadgeFigures, BadgeLocale, BadgeLookup } from './badge-source';
import { escapeXml } from './escape-markup';

export const BADGE_WIDTH = 160;
export const BADGE_HEIGHT = 20;

/** Contrast ratios on white, computed with the WCAG relative-luminance formula. */
const COLOURS = {
  ground: '#ffffff',
  /** Border and empty-star outline: 4.5:1, so the badge's edge and each star's shape stand out (≥ 3:1). */
  outline: '#767676',
  /** Filled stars: 4.7:1 (the tool's star colour, public/css/reviews.css). */
  star: '#b35c00',
  /** The average: 16:1. The count and the neutral text: 7:1. */
  strong: '#1f1f1f',
  muted: '#595959',
} as const;

/** Verdana first (the widest common face, so estimates made for it hold for the others). */
const FONT = "Verdana,'DejaVu Sans',Arial,sans-serif";
const FONT_SIZE = 12;

/**
 * Star geometry: outer and inner radius (a chunky star reads better at 14 px), centre-to-centre pitch.
 * The first star starts 3.5 px in; centreY puts the star's box (−outer … +outer·cos 36°) mid-height.
 */
const STAR = { outer: 7.2, inner: 3.1, pitch: 16.5, firstCentre: 11, centreY: 10.7 } as const;
const TEXT_X = 90;
const TEXT_RIGHT_MARGIN = 5;

/** A badge with something to show; unknown and switched-off badges are never drawn (404). */
export type ShownBadge = Extract<BadgeLookup, { state: 'ok' } | { state: 'too-few' }>;

export interface BadgeImage {
  readonly svg: string;
  /** The text alternative, as in the SVG's <title>. */
  readonly text: string;
}

/** "Rated 3.7 out of 5 by 12 learners" / "Noté 3,7 sur 5 par 12 apprenants". */
export function ratingText(locale: BadgeLocale, figures: Pick<BadgeFigures, 'average' | 'count'>): string {
  const learners = translate(locale, 'badge.learners', { count: figures.count });
  return translate(locale, 'badge.rated', { average: formatAverage(locale, figures.average), learners });
}

/**
 * How much of each star is filled, in tenths (3.7 → 10, 10, 10, 7, 0). The stars follow the figure as
 * shown, rounded to one decimal like the reviews panel's star row, so they never contradict it: 4.96 is
 * written "5.0" and drawn as five full stars.
 */
export function starFillTenths(average: number): number[] {
  const tenths = Math.round(Math.min(5, Math.max(0, average)) * 10);
  return [0, 1, 2, 3, 4].map((i) => Math.min(10, Math.max(0, tenths - i * 10)));
}

export function renderBadgeSvg(badge: ShownBadge, locale: BadgeLocale): BadgeImage {
  const title = badge.title ? translate(locale, 'badge.about', { title: shortTitle(badge.title) }) : undefined;
  if (badge.state === 'too-few') {
    const text = translate(locale, 'badge.soon');
    return { text, svg: frame(locale, text, title, neutralContent(text)) };
  }
  const text = ratingText(locale, badge.figures);
  return { text, svg: frame(locale, text, title, ratedContent(locale, badge.figures)) };
}

function frame(locale: BadgeLocale, text: string, description: string | undefined, content: string): string {
  const labelledBy = description ? 'lv-badge-title lv-badge-desc' : 'lv-badge-title';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${BADGE_WIDTH}" height="${BADGE_HEIGHT}" viewBox="0 0 ${BADGE_WIDTH} ${BADGE_HEIGHT}" role="img" aria-labelledby="${labelledBy}" xml:lang="${locale}">`,
    `<title id="lv-badge-title">${escapeXml(text)}</title>`,
    description ? `<desc id="lv-badge-desc">${escapeXml(description)}</desc>` : '',
    `<rect x="0.5" y="0.5" width="${BADGE_WIDTH - 1}" height="${BADGE_HEIGHT - 1}" rx="3" fill="${COLOURS.ground}" stroke="${COLOURS.outline}"/>`,
    content,
    '</svg>',
  ].join('');
}

function ratedContent(locale: BadgeLocale, figures: BadgeFigures): string {
  const stars = starsPath();
  const edge = fillEdge(starFillTenths(figures.average));
  const average = formatAverage(locale, figures.average);
  const count = translate(locale, 'badge.count', { count: figures.count });
  return [
    // One clip for the whole row: it ends 70 % across the fourth star for 3.7.
    `<defs><clipPath id="lv-badge-fill"><rect x="0" y="0" width="${round(edge)}" height="${BADGE_HEIGHT}"/></clipPath></defs>`,
    `<path d="${stars}" fill="${COLOURS.ground}" stroke="${COLOURS.outline}" stroke-linejoin="round"/>`,
    edge > 0 ? `<path d="${stars}" fill="${COLOURS.star}" stroke="${COLOURS.star}" stroke-linejoin="round" clip-path="url(#lv-badge-fill)"/>` : '',
    textElement(TEXT_X, 'start', `<tspan font-weight="700" fill="${COLOURS.strong}">${escapeXml(average)}</tspan><tspan fill="${COLOURS.muted}"> ${escapeXml(count)}</tspan>`, estimatedWidth(average, 0.72) + estimatedWidth(` ${count}`)),
  ].join('');
}

function neutralContent(text: string): string {
  return textElement(BADGE_WIDTH / 2, 'middle', `<tspan fill="${COLOURS.muted}">${escapeXml(text)}</tspan>`, estimatedWidth(text), BADGE_WIDTH - 12);
}

/**
 * A text line. Its width is unknown without the viewer's font, so it is estimated for Verdana; a line
 * that might not fit (a count in the hundred thousands, a longer translation) is squeezed to the room
 * left with textLength rather than drawn over the border.
 */
function textElement(x: number, anchor: 'start' | 'middle', spans: string, width: number, room = BADGE_WIDTH - TEXT_X - TEXT_RIGHT_MARGIN): string {
  const squeeze = width > room ? ` textLength="${room}" lengthAdjust="spacingAndGlyphs"` : '';
  return `<text x="${x}" y="14.5" font-family="${FONT}" font-size="${FONT_SIZE}" text-anchor="${anchor}"${squeeze}>${spans}</text>`;
}

/**
 * Advance widths in em, rounded up from Verdana's (the widest of the faces named): digits 0.64 (0.72 in
 * bold), parentheses 0.46, full stop and comma 0.37, spaces 0.36, letters 0.65 on average.
 */
function estimatedWidth(text: string, digitEm = 0.64): number {
  let ems = 0;
  for (const char of text) {
    if (/\d/.test(char)) ems += digitEm;
    else if (/[()]/.test(char)) ems += 0.46;
    else if (/[.,]/.test(char)) ems += 0.37;
    else if (/\s|\u202f/.test(char)) ems += 0.36;
    else ems += 0.65;
  }
  return ems * FONT_SIZE;
}

/** The five stars as one path (the outlines and, clipped, the filled part draw the same shape). */
function starsPath(): string {
  return [0, 1, 2, 3, 4].map((i) => starPath(STAR.firstCentre + i * STAR.pitch, STAR.centreY)).join('');
}

function starPath(cx: number, cy: number): string {
  const points: string[] = [];
  for (let k = 0; k < 10; k++) {
    const radius = k % 2 === 0 ? STAR.outer : STAR.inner;
    const angle = -Math.PI / 2 + (k * Math.PI) / 5;
    points.push(`${round(cx + radius * Math.cos(angle))} ${round(cy + radius * Math.sin(angle))}`);
  }
  return `M${points.join('L')}Z`;
}

/**
 * Where the filled part ends: past the full stars, then the partial star's share of its drawn width
 * (its side points lie at outer·cos 18° from the centre, plus half the 1 px stroke).
 */
function fillEdge(tenths: number[]): number {
  const full = tenths.filter((t) => t === 10).length;
  if (full === 5) return BADGE_WIDTH;
  const halfWidth = STAR.outer * Math.cos(Math.PI / 10) + 0.5;
  const left = STAR.firstCentre + full * STAR.pitch - halfWidth;
  const partial = tenths[full] / 10;
  if (full === 0 && partial === 0) return 0;
  return left + partial * 2 * halfWidth;
}

/** The description names the course; a title of several hundred characters would only bloat every image. */
function shortTitle(title: string): string {
  const chars = [...title.trim()];
  return chars.length > 150 ? `${chars.slice(0, 149).join('')}…` : chars.join('');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
