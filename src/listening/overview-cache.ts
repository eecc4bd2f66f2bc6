/**
 * The cross-course overview of each deployment, assembled once and served again until something it
 * shows may have changed: reading every course's figures and 180 days of ratings costs hundreds of
 * milliseconds at 1,000 courses, and a page only needs its sort and render on top.
 *
 * When it is assembled again:
 * - a course's generation moved (reviews and their statuses, reports, responses, corrective actions,
 *   settings, the catalogue's title): asked of the store on every request, as the catalogue does (an
 *   index range on the deployment's generations since the previous read), so such a change, from any
 *   process sharing the store, is on the next page;
 * - the day changed (trends, sparklines and overdue actions are counted in days);
 * - it is older than `maxAgeMs`: catalogue buy-in and consultation participation move no generation
 *   (they change nothing a learner's page shows); then the kept overview is served while a new one is
 *   assembled, so no request waits for it. The page says when its figures were read.
 *
 * One assembly at a time per deployment: requests arriving meanwhile wait for it.
 */
import type { DeploymentKey } from '../context/tenant';
import type { Storage } from '../storage/port';
import { dayOf } from '../storage/shared/review-summary';
import { courseOverview, type CourseOverview } from './course-overview';

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

interface DeploymentState {
  kept?: KeptOverview;
  /** The day (YYYYMMDD, UTC) the kept overview was computed for. */
  day: number;
  /** The store's clock at the previous read of changes (or before the kept overview's reads). */
  cursor: number;
  /** Generation of each course as last seen, so the overlap of two reads of changes is not a change. */
  readonly generations: Map<string, number>;
  /** A generation moved since the kept overview was read. */
  changed: boolean;
  assembling?: Promise<KeptOverview>;
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
    if (!state) this.states.set(key, (state = { day: 0, cursor: 0, generations: new Map(), changed: true }));
    if (state.assembling) return state.assembling;
    if (!state.kept) return this.assemble(deployment, state);

    await this.readChanges(deployment, state);
    // An assembly may have started while the changes were read: it reads after them.
    if (state.assembling) return state.assembling;
    const now = this.now();
    if (state.changed || dayOf(now.getTime()) !== state.day) return this.assemble(deployment, state);
    if (now.getTime() - state.kept.asOf.getTime() >= this.options.maxAgeMs) {
      this.assemble(deployment, state).catch((err: unknown) => this.options.onBackgroundError?.(err));
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
      state.changed = true;
    }
  }

  private assemble(deployment: DeploymentKey, state: DeploymentState): Promise<KeptOverview> {
    const run = (async () => {
      // Changes seen from here on may be missing from the figures: the flag is lowered before the
      // reads, and a request reading changes meanwhile raises it again. The cursor and generations
      // are read before the figures, so a write landing in between moves a generation once more.
      state.changed = false;
      const cursor = await this.storage.catalogue.storeTime();
      const courses = await this.storage.catalogue.listCourses(deployment);
      const at = this.now();
      const overview = await courseOverview(this.storage, deployment, at);
      for (const { course, generation } of courses) {
        const id = course.course.contextId;
        state.generations.set(id, Math.max(state.generations.get(id) ?? 0, generation));
      }
      state.cursor = Math.max(state.cursor, cursor);
      state.day = dayOf(at.getTime());
      state.kept = { overview, asOf: at, version: ++this.versions };
      return state.kept;
    })();
    state.assembling = run;
    // A failed assembly is the requester's error; the next request tries again.
    void run.catch(() => (state.changed = true)).finally(() => {
      if (state.assembling === run) state.assembling = undefined;
    });
    return run;
  }
}
