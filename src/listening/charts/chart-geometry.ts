/**
 * Sizes shared by every chart, in viewBox units. The SVG is drawn 100 % wide; on a 320 px screen the
 * page's and the card's padding leave it about 270 px, so a viewBox 280 units wide draws one unit as
 * about 0.96 px there and 12-unit date labels stay near 11.5 px. Wider screens scale it up, to the
 * max-width set in public/css/listening.css. Tick spacing is decided in these units, so labels that
 * do not overlap here do not overlap at any width.
 */
export const CHART_WIDTH = 280;

export const FONT = { tick: 12, count: 11, marker: 11, direct: 11 } as const;

/**
 * A label's width, estimated per character from DejaVu Sans (the widest common sans-serif, which
 * Linux falls back to for system-ui): narrow letters and punctuation, digits, capitals, m and w.
 * Estimates made for it hold for narrower faces; the browser test measures the real boxes.
 */
const NARROW = new Set(Array.from("ijlIJ.,:;!|' "));
const SLIM = new Set(Array.from('ftr()-'));
const WIDE = new Set(Array.from('mwMW'));

export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) {
    if (NARROW.has(char)) ems += 0.33;
    else if (SLIM.has(char)) ems += 0.43;
    else if (WIDE.has(char)) ems += 0.99;
    else if (/\d/.test(char)) ems += 0.64;
    else if (char !== char.toLowerCase()) ems += 0.74;
    else ems += 0.61;
  }
  return ems * fontSize;
}

/** Coordinates written with one decimal: enough for a 280-unit drawing, and short markup. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export interface PlotArea {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** A value is drawable when it is a finite number; NaN or Infinity from a bad bucket is a gap. */
export function isDrawable(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
