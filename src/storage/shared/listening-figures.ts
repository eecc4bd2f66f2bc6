/**
 * The one fold of the Listening overview's grouped reads, shared by both adapters: each read returns
 * rows keyed by context id; this puts them together per course, with zeros where a read had no row.
 */
import type { DeploymentKey } from '../../context/tenant';
import type { CourseListeningFigures, ListeningWindow } from '../ports/listening';
import { monthsBefore } from './listening-months';
import { addStoredHistogram, medianOfHistogram } from './response-delays';
import { byContextId } from './course-order';

/**
 * The overview's window at `now`: response figures over the last 12 calendar months including the
 * current one (UTC; the figures are kept per month), overdue against today (UTC).
 */
export function listeningWindow(now: Date): ListeningWindow {
  return { fromMonth: monthsBefore(now.getTime(), 11), today: now.toISOString().slice(0, 10) };
}

/** The window's first month as YYYYMM, checked (adapters read the months from it on). */
export function windowMonth(window: ListeningWindow): number {
  const month = window.fromMonth;
  if (!Number.isInteger(month) || month < 100001 || month > 999912 || month % 100 < 1 || month % 100 > 12) throw new RangeError('A listening window starts at a YYYYMM month');
  return month;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Figures = Mutable<Omit<CourseListeningFigures, 'buyIn'>> & { buyIn: { opened: number; launched: number } };

export interface FigureParts {
  readonly courses: ReadonlyArray<{ contextId: string; title: string; label?: string | null }>;
  readonly settings: ReadonlyArray<{ contextId: string; minRatings: number | null }>;
  readonly attention: ReadonlyArray<{ contextId: string; n: number }>;
  /** Per course, the window's months summed, with each month's stored delay histogram (bucket → count) to add up here. */
  readonly responses: ReadonlyArray<{ contextId: string; reviews: number; answered: number; delays: Iterable<unknown> }>;
  readonly actions: ReadonlyArray<{ contextId: string; open: number; overdue: number }>;
  readonly buyIn: ReadonlyArray<{ contextId: string; opened: number; launched: number }>;
  readonly participants: ReadonlyArray<{ contextId: string; n: number }>;
  readonly learners: ReadonlyArray<{ contextId: string; n: number }>;
}

const count = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.round(n) : 0);

export function foldFigures(deployment: DeploymentKey, parts: FigureParts): CourseListeningFigures[] {
  const byCourse = new Map<string, Figures>();
  const entry = (contextId: string): Figures => {
    let figures = byCourse.get(contextId);
    if (!figures) {
      figures = {
        course: { issuer: deployment.issuer, clientId: deployment.clientId, deploymentId: deployment.deploymentId, contextId },
        needsAttention: 0,
        reviews: 0,
        answered: 0,
        medianResponseMs: null,
        actionsOpen: 0,
        actionsOverdue: 0,
        buyIn: { opened: 0, launched: 0 },
        participants: 0,
        learners: 0,
      };
      byCourse.set(contextId, figures);
    }
    return figures;
  };
  for (const c of parts.courses) {
    const e = entry(c.contextId);
    e.title = c.title;
    if (c.label) e.label = c.label;
  }
  for (const s of parts.settings) if (typeof s.minRatings === 'number' && Number.isInteger(s.minRatings) && s.minRatings >= 0) entry(s.contextId).minRatings = s.minRatings;
  for (const a of parts.attention) entry(a.contextId).needsAttention = count(a.n);
  for (const r of parts.responses) {
    const histogram = new Map<number, number>();
    for (const month of r.delays) addStoredHistogram(histogram, month);
    Object.assign(entry(r.contextId), { reviews: count(r.reviews), answered: count(r.answered), medianResponseMs: medianOfHistogram(histogram) });
  }
  for (const a of parts.actions) Object.assign(entry(a.contextId), { actionsOpen: count(a.open), actionsOverdue: count(a.overdue) });
  for (const b of parts.buyIn) entry(b.contextId).buyIn = { opened: count(b.opened), launched: count(b.launched) };
  for (const p of parts.participants) entry(p.contextId).participants = count(p.n);
  for (const l of parts.learners) entry(l.contextId).learners = count(l.n);
  return [...byCourse.values()].sort(byContextId);
}
