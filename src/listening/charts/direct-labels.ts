/**
 * Names written at the right end of each line (direct labelling: the reader need not match colours
 * with a legend). Each name sits at its line's last value, moved up or down just enough that no two
 * names overlap, and is shortened with an ellipsis to the gutter's width (the legend and the table
 * carry it whole).
 */
import { round, textWidth } from './chart-geometry';

export interface DirectLabel {
  readonly series: number;
  readonly text: string;
  readonly y: number;
}

/** Fits text into maxWidth at fontSize, cutting at a character and adding "…". */
export function shorten(text: string, fontSize: number, maxWidth: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const chars = Array.from(text);
  while (chars.length > 1 && textWidth(chars.join('') + '…', fontSize) > maxWidth) chars.pop();
  return chars.join('').trimEnd() + '…';
}

/**
 * Spreads wanted positions (baseline y of each label) at least `pitch` apart inside [top, bottom],
 * keeping each as close to its line as the others allow.
 */
export function spreadLabels(wanted: ReadonlyArray<{ series: number; text: string; y: number }>, pitch: number, top: number, bottom: number): DirectLabel[] {
  const sorted = wanted.slice().sort((a, b) => a.y - b.y);
  const ys = sorted.map((label) => Math.min(bottom, Math.max(top, label.y)));
  for (let i = 1; i < ys.length; i++) ys[i] = Math.max(ys[i], ys[i - 1] + pitch);
  // Pushed past the bottom: walk back up from there.
  if (ys.length > 0 && ys[ys.length - 1] > bottom) {
    ys[ys.length - 1] = bottom;
    for (let i = ys.length - 2; i >= 0; i--) ys[i] = Math.min(ys[i], ys[i + 1] - pitch);
  }
  return sorted.map((label, i) => ({ series: label.series, text: label.text, y: round(ys[i]) }));
}
