/**
 * Point shapes that tell series apart without colour (WCAG 1.4.1): each series gets a shape and a
 * dash pattern of its own, drawn as path data centred on the point.
 */
import { round } from './chart-geometry';

export const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star'] as const;
export type Shape = (typeof SHAPES)[number];

/** Dash patterns in viewBox units, one per series, in the same order as SHAPES. */
export const DASHES = ['', '6 3', '2 2', '8 3 2 3', '4 4', '1 3'] as const;

/** Path data of `shape` of radius r centred on (x, y). */
export function shapePath(shape: Shape, x: number, y: number, r: number): string {
  const p = (dx: number, dy: number) => `${round(x + dx)} ${round(y + dy)}`;
  switch (shape) {
    case 'circle':
      return `M${p(-r, 0)}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0Z`;
    case 'square':
      return `M${p(-r, -r)}L${p(r, -r)}L${p(r, r)}L${p(-r, r)}Z`;
    case 'triangle':
      return `M${p(0, -r * 1.2)}L${p(r * 1.1, r * 0.8)}L${p(-r * 1.1, r * 0.8)}Z`;
    case 'diamond':
      return `M${p(0, -r * 1.3)}L${p(r * 1.3, 0)}L${p(0, r * 1.3)}L${p(-r * 1.3, 0)}Z`;
    case 'cross': {
      const t = r * 0.45;
      return `M${p(-t, -r)}L${p(t, -r)}L${p(t, -t)}L${p(r, -t)}L${p(r, t)}L${p(t, t)}L${p(t, r)}L${p(-t, r)}L${p(-t, t)}L${p(-r, t)}L${p(-r, -t)}L${p(-t, -t)}Z`;
    }
    case 'star': {
      const corners: string[] = [];
      for (let i = 0; i < 10; i++) {
        const radius = i % 2 === 0 ? r * 1.35 : r * 0.6;
        const angle = -Math.PI / 2 + (i * Math.PI) / 5;
        corners.push(p(radius * Math.cos(angle), radius * Math.sin(angle)));
      }
      return `M${corners.join('L')}Z`;
    }
  }
}
