/**
 * The cross-course overview of each deployment, assembled once and served again until something it
 * shows may have changed: reading every course's figures and 180 days of ratings costs hundreds of
 * milliseconds at 1,000 courses, and a page only needs its sort and render on top.
 *
 * When it is read again:
 * - a course's generation moved (reviews and their statuses, reports, responses, corrective actions,
 *   settings, the catalogue's title): asked of the store on every request, as the catalogue does (an
 *   index range on the deployment's generations since the previous read), so such a change, from any
 *   process sharing the store, is on the next page. Only the courses that moved are read again (up
 *   to MAX_COURSES_READ_AGAIN; more than that, everything), and the overview is assembled anew from
 *   the parts kept for the others: ranks and totals depend on every course;
 * - the day changed (trends, sparklines and overdue actions are counted in days): everything;
 * - every course's figures were read longer than `maxAgeMs` ago: catalogue buy-in and consultation
 *   participation move no generation (they change nothing a learner's page shows); then the kept
 *   overview is served to the request that finds it due while the figures (not the ratings, which
 *   generations and days track) are read again for every course: about 50 ms of SQLite at 1,000
 *   courses and 1,000,000 reviews, against some 200 ms for everything. The page says when its
 *   figures were read.
 *
 * One read at a time per deployment: requests arriving meanwhile wait for it.
 */
import type { DeploymentKey } from '../context/tenant';
import type { Storage } from '../storage/port';
import { dayOf } from '../storage/shared/review-summary';
import { listeningWindow } from '../storage/shared/listening-figures';
import type { CourseListeningFigures } from '../storage/ports/listening';
import type { RatingDayTotals } from '../storage/ports/rating-days';
import { assembleOverview, readOverviewParts, type CourseOverview } from './course-overview';
import { byContextId, byDayThenContextId } from '../storage/shared/course-order';

export interface KeptOverview {
  readonly overview: CourseOverview;
  /** When its figures were read (the app's clock). */
  readonly asOf: Date;
  /** Different for every assembly in this process. */
  readonly version: number;
}

export interface OverviewCacheOptions {
  /** Longest time figures that move no generation (buy-in, participation) may be shown after they changed. */
  readonly maxAgeMs: number;
  /** Called when an assembly in the background failed (the kept overview is served meanwhile). */
  readonly onBackgroundError?: (err: unknown) => void;
}

export const DEFAULT_OVERVIEW_MAX_AGE_MS = 60_000;
/** Courses changed since the previous read beyond which everything is read again (one grouped read beats many narrow ones). */
export const MAX_COURSES_READ_AGAIN = 100;
/** Deployments whose overview is kept (a few MB each at 1,000 courses); the least recently asked goes first. */
export const MAX_DEPLOYMENTS_KEPT = 32;

interface DeploymentState {
  kept?: KeptOverview;
  /** What the kept overview was assembled from, per course (context id). */
  readonly figures: Map<string, CourseListeningFigures>;
  readonly days: Map<string, RatingDayTotals[]>;
  /** The day (YYYYMMDD, UTC) the kept overview was computed for. */
  day: number;
  /** When every course's figures were last read (the app's clock, ms). */
  figuresAt: number;
  /** Every course's figures are to be read again (past maxAgeMs), the ratings kept. */
  figuresDue: boolean;
  /** The store's clock at the previous read of changes (or before the kept overview's reads). */
  cursor: number;
  /** Generation of each course as last seen, so the overlap of two reads of changes is not a change. */
  readonly generations: Map<string, number>;
  /** Courses whose generation moved since their figures were read. */
  readonly changed: Set<string>;
  /** Everything must be read again (a failed read of everything). */
  whole: boolean;
  reading?: Promise<KeptOverview>;
}

export class OverviewCache {
  private readonly states = new Map<string, DeploymentState>();
  private versions = 0;

  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date,
    private readonly options: OverviewCacheOptions = { maxAgeMs: DEFAULT_OVERVIEW_MAX_AGE_MS },
  ) {}

  /** The deployment's overview, with every generation-moving write committed before this call. */
  async overviewOf(deployment: DeploymentKey): Promise<KeptOverview> {
    const key = JSON.stringify([deployment.issuer, deployment.clientId, deployment.deploymentId]);
    let state = this.states.get(key);
    if (state) this.states.delete(key);
    else state = { figures: new Map(), days: new Map(), day: 0, figuresAt: 0, figuresDue: false, cursor: 0, generations: new Map(), changed: new Set(), whole: true };
    // Map order is insertion order: re-inserting marks the deployment as the most recently asked.
    this.states.set(key, state);
    if (this.states.size > MAX_DEPLOYMENTS_KEPT) this.states.delete(this.states.keys().next().value as string);
    if (state.reading) return state.reading;
    if (!state.kept) return this.read(deployment, state);

    await this.readChanges(deployment, state);
    // A read may have started while the changes were read: it reads after them.
    if (state.reading) return state.reading;
    const now = this.now();
    if (state.whole || state.changed.size > 0 || dayOf(now.getTime()) !== state.day) return this.read(deployment, state);
    if (now.getTime() - state.figuresAt >= this.options.maxAgeMs) {
      state.figuresDue = true;
      this.read(deployment, state).catch((err: unknown) => this.options.onBackgroundError?.(err));
    }
    return state.kept;
  }

  private async readChanges(deployment: DeploymentKey, state: DeploymentState): Promise<void> {
    const store = this.storage.catalogue;
    const { now: readAt, changes } = await store.changesSince(deployment, state.cursor - store.changeWindowMs);
    state.cursor = Math.max(state.cursor, readAt);
    for (const change of changes) {
      if (state.generations.get(change.contextId) === change.generation) continue;
      state.generations.set(change.contextId, change.generation);
      state.changed.add(change.contextId);
    }
  }

  /**
   * Reads everything; or, the kept parts being of today, the changed courses' figures and ratings and,
   * when due, every course's figures; then assembles.
   */
  private read(deployment: DeploymentKey, state: DeploymentState): Promise<KeptOverview> {
    const at = this.now();
    const whole = state.whole || !state.kept || dayOf(at.getTime()) !== state.day || state.changed.size > MAX_COURSES_READ_AGAIN;
    // Changes seen from here on may be missing from what is read: the set is emptied before the
    // reads, and a request reading changes meanwhile fills it again. The generations are read before
    // the figures (here or by readChanges), so a write landing in between moves one once more.
    const courses = [...state.changed];
    const allFigures = !whole && state.figuresDue;
    state.changed.clear();
    state.whole = false;
    state.figuresDue = false;
    const run = (async () => {
      if (whole) {
        const cursor = await this.storage.catalogue.storeTime();
        const listed = await this.storage.catalogue.listCourses(deployment);
        const parts = await readOverviewParts(this.storage, deployment, at);
        for (const { course, generation } of listed) {
          const id = course.course.contextId;
          state.generations.set(id, Math.max(state.generations.get(id) ?? 0, generation));
        }
        state.cursor = Math.max(state.cursor, cursor);
        state.figures.clear();
        state.days.clear();
        keepParts(state, parts.figures, parts.days);
        state.figuresAt = at.getTime();
        state.day = dayOf(at.getTime());
      } else {
        const [parts, figures] = await Promise.all([
          courses.length > 0 ? readOverviewParts(this.storage, deployment, at, courses) : { figures: [], days: [] },
          allFigures ? this.storage.listening.deploymentFigures(deployment, listeningWindow(at)) : null,
        ]);
        for (const id of courses) {
          state.figures.delete(id);
          state.days.delete(id);
        }
        if (figures) {
          state.figures.clear();
          state.figuresAt = at.getTime();
        }
        keepParts(state, figures ?? parts.figures, parts.days);
      }
      // In the ports' orders, so that the overview is the very one a read of everything assembles.
      const figures = [...state.figures.values()].sort(byContextId);
      const days = [...state.days.values()].flat().sort(byDayThenContextId);
      state.kept = { overview: assembleOverview(deployment, figures, days, at), asOf: at, version: ++this.versions };
      return state.kept;
    })();
    state.reading = run;
    // A failed read is the requester's error; what it was to read is read by the next request.
    void run
      .catch(() => {
        if (whole) state.whole = true;
        if (allFigures) state.figuresDue = true;
        for (const id of courses) state.changed.add(id);
      })
      .finally(() => {
        if (state.reading === run) state.reading = undefined;
      });
    return run;
  }
}

function keepParts(state: DeploymentState, figures: readonly CourseListeningFigures[], days: readonly RatingDayTotals[]): void {
  for (const f of figures) state.figures.set(f.course.contextId, f);
  for (const d of days) {
    const id = d.course.contextId;
    let list = state.days.get(id);
    if (!list) state.days.set(id, (list = []));
    list.push(d);
  }
}
