/**
 * The catalogue of each deployment, held in memory as a search index (search/catalogue-index.ts)
 * and kept exact against the store however many processes write to it: every request first asks the
 * store which of the deployment's courses changed since its previous read (an index range on the
 * course generations, stamped by the store's clock) and rebuilds only those entries. Changes are
 * asked for from the store's changeWindowMs before the previous read, because a write's stamp may
 * be taken before it commits; generations already indexed are skipped, so the overlap costs a few
 * rows. An entry whose consultation opens or closes by date is rebuilt when that day comes.
 */
import { randomUUID } from 'node:crypto';
import type { DeploymentKey } from '../context/tenant';
import type { Storage } from '../storage/port';
import type { ExternalEntry } from './catalogue-entry';
import { buildCourseEntry } from './course-entry';
import { CatalogueIndex } from './search/catalogue-index';

/** Dead document slots tolerated beyond the live ones before the index is rebuilt compact. */
const COMPACT_SLACK = 10_000;
/** Courses built at once on a first build (MongoDB reads overlap; SQLite runs them in turn anyway). */
const BUILD_CONCURRENCY = 16;

/** External feed entries of a deployment (catalogue/external), with a version that moves when they change. */
export interface ExternalEntrySource {
  version(deployment: DeploymentKey): Promise<string>;
  entries(deployment: DeploymentKey): Promise<ExternalEntry[]>;
}

/** A deployment's index, and a version that changes with every entry it adds, replaces or removes. */
export interface IndexedCatalogue {
  readonly index: CatalogueIndex;
  /** Different for every change of the index in this process (pages rendered from it are keyed by it). */
  readonly version: string;
  /** The same change as a pair that grows with every change (the state's build, then its changes): newer compares greater. */
  readonly order: readonly [number, number];
}

interface DeploymentState {
  /** Random per state, so a state built again never reuses an older state's versions. */
  readonly id: string;
  /** Builds of any deployment's state in this process before this one, plus one: a state built again compares newer. */
  readonly serial: number;
  /** Changes applied to the index since it was built. */
  changes: number;
  index: CatalogueIndex;
  /** Ids changed while a compacted copy of the index is being built (compact()). */
  changedDuringCompaction?: Set<string>;
  /** Generation each indexed course was built at (listed or not). */
  readonly generations: Map<string, number>;
  /** Courses to rebuild at a time although nothing was written (epoch ms). */
  readonly staleAt: Map<string, number>;
  /** The store's clock at the previous read of changes. */
  cursor: number;
  externalVersion?: string;
  externalIds: string[];
  running?: Promise<void>;
  queued?: Promise<void>;
}

export class Catalogue {
  private readonly states = new Map<string, Promise<DeploymentState>>();
  private builds = 0;

  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date,
    private readonly externals?: ExternalEntrySource,
    private readonly compactSlack = COMPACT_SLACK,
  ) {}

  /** The deployment's index, current with every write committed before this call. */
  async indexFor(deployment: DeploymentKey): Promise<IndexedCatalogue> {
    const key = JSON.stringify([deployment.issuer, deployment.clientId, deployment.deploymentId]);
    const existing = this.states.get(key);
    let state: DeploymentState;
    if (!existing) {
      const building = this.build(deployment);
      this.states.set(key, building);
      try {
        state = await building;
      } catch (err) {
        this.states.delete(key);
        throw err;
      }
    } else {
      state = await existing;
      await this.refresh(deployment, state);
    }
    return { index: state.index, version: `${state.id}.${state.changes}`, order: [state.serial, state.changes] };
  }

  private async build(deployment: DeploymentKey): Promise<DeploymentState> {
    // The cursor is read before the courses: a change stamped meanwhile is seen again by the next refresh.
    const cursor = await this.storage.catalogue.storeTime();
    const courses = await this.storage.catalogue.listCourses(deployment);
    const state: DeploymentState = { id: randomUUID(), serial: ++this.builds, changes: 0, index: new CatalogueIndex(), generations: new Map(), staleAt: new Map(), cursor, externalIds: [] };
    for (let i = 0; i < courses.length; i += BUILD_CONCURRENCY) {
      await Promise.all(
        courses.slice(i, i + BUILD_CONCURRENCY).map(async ({ course, generation }) => {
          state.generations.set(course.course.contextId, generation);
          await this.index(state, course.course.contextId, course);
        }),
      );
    }
    await this.refreshExternals(deployment, state);
    return state;
  }

  /** One refresh at a time per deployment; a request arriving during one waits for the next, which starts after it. */
  private refresh(deployment: DeploymentKey, state: DeploymentState): Promise<void> {
    const start = () => {
      const run = this.update(deployment, state).finally(() => {
        if (state.running === run) state.running = undefined;
      });
      state.running = run;
      return run;
    };
    if (!state.running) return start();
    state.queued ??= state.running
      .catch(() => undefined)
      .then(() => {
        state.queued = undefined;
        return start();
      });
    return state.queued;
  }

  private async update(deployment: DeploymentKey, state: DeploymentState): Promise<void> {
    const store = this.storage.catalogue;
    const { now: readAt, changes } = await store.changesSince(deployment, state.cursor - store.changeWindowMs);
    state.cursor = Math.max(state.cursor, readAt);
    const todo = new Map<string, number | undefined>();
    for (const change of changes) if (state.generations.get(change.contextId) !== change.generation) todo.set(change.contextId, change.generation);
    const now = this.now().getTime();
    for (const [contextId, at] of state.staleAt) if (at <= now && !todo.has(contextId)) todo.set(contextId, state.generations.get(contextId));
    for (const [contextId, generation] of todo) {
      // The generation was read before the data: a write landing meanwhile moves it again.
      if (generation !== undefined) state.generations.set(contextId, generation);
      const record = await this.storage.catalogue.findCourse({ ...deployment, contextId });
      await this.index(state, contextId, record ?? undefined);
    }
    await this.refreshExternals(deployment, state);
    if (state.index.slots > 2 * state.index.size + this.compactSlack && !state.changedDuringCompaction) void this.compact(state);
  }

  /**
   * Every update of an entry takes a fresh document number in the index (search/term-index.ts), so an
   * index updated for weeks grows; once dead slots outnumber live ones it is rebuilt from its own
   * entries, giving the event loop back as it goes, and swapped in with the changes made meanwhile.
   */
  private async compact(state: DeploymentState): Promise<void> {
    const changed = new Set<string>();
    state.changedDuringCompaction = changed;
    try {
      const fresh = await CatalogueIndex.buildGradually([...state.index.entries()]);
      for (const id of changed) {
        const entry = state.index.get(id);
        if (entry) fresh.upsert(entry);
        else fresh.remove(id);
      }
      state.index = fresh;
      state.changes++;
    } finally {
      state.changedDuringCompaction = undefined;
    }
  }

  private async index(state: DeploymentState, contextId: string, record: Parameters<typeof buildCourseEntry>[1] | undefined): Promise<void> {
    const id = `c:${contextId}`;
    state.staleAt.delete(contextId);
    state.changes++;
    state.changedDuringCompaction?.add(id);
    if (!record) return state.index.remove(id);
    const built = await buildCourseEntry(this.storage, record, this.now());
    if (built.staleAt !== undefined) state.staleAt.set(contextId, built.staleAt);
    if (built.entry) state.index.upsert(built.entry);
    else state.index.remove(id);
  }

  private async refreshExternals(deployment: DeploymentKey, state: DeploymentState): Promise<void> {
    if (!this.externals) return;
    const version = await this.externals.version(deployment);
    if (version === state.externalVersion) return;
    const entries = await this.externals.entries(deployment);
    for (const id of state.externalIds) state.index.remove(id);
    for (const entry of entries) state.index.upsert(entry);
    for (const id of [...state.externalIds, ...entries.map((e) => e.id)]) state.changedDuringCompaction?.add(id);
    state.externalIds = entries.map((e) => e.id);
    state.externalVersion = version;
    state.changes++;
  }
}
