/**
 * The loop every feed worker runs (the catalogue's external sources, the Listening mentions): every
 * tick it reads what is due, claims each item (a lease in the store, so processes sharing the store
 * never work one item twice at once; a crashed process's lease simply runs out) and works at most two
 * at a time. Stopping aborts the work under way and waits a bounded time for it to record its outcome.
 * What is due, how it is claimed and what working means are the caller's.
 */
import type { Logger } from '../../http/logger';

const CONCURRENCY = 2;
const BATCH = 20;
const STOP_WAIT_MS = 5_000;

export interface LeaseJobs<T> {
  /** What the log calls this worker ('external feed', 'mention feed'). */
  readonly name: string;
  readonly tickMs: number;
  readonly leaseMs: number;
  due(now: Date, limit: number): Promise<T[]>;
  /** True when this caller took the item until leaseUntil. */
  claim(item: T, now: Date, leaseUntil: Date): Promise<boolean>;
  /** Works one claimed item; `signal` aborts when the worker stops. Returns whether it counts as done. */
  work(item: T, signal: AbortSignal): Promise<boolean>;
  /** For the log only: never a URL (it may carry a key). */
  idOf(item: T): string;
}

export class LeaseWorker<T> {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<number> | undefined;
  private readonly stopping = new AbortController();

  constructor(
    private readonly jobs: LeaseJobs<T>,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  start(): void {
    if (this.timer || this.stopping.signal.aborted) return;
    this.timer = setInterval(() => void this.tick(), this.jobs.tickMs);
    // A timer must never keep the process alive on its own (tests, a CLI that opened the app).
    this.timer.unref();
    void this.tick();
  }

  async stop(waitMs = STOP_WAIT_MS): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopping.abort();
    if (!this.ticking) return;
    let timeout: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, waitMs);
      timeout.unref();
    });
    await Promise.race([this.ticking.then(() => undefined, () => undefined), gaveUp]);
    clearTimeout(timeout);
  }

  /** One pass over the due items; a pass still running is joined, never doubled. Returns how many it worked. */
  tick(): Promise<number> {
    if (!this.ticking) {
      this.ticking = this.pass()
        .catch((err: unknown) => {
          this.logger.error({ err }, `${this.jobs.name} worker pass failed`);
          return 0;
        })
        .finally(() => {
          this.ticking = undefined;
        });
    }
    return this.ticking;
  }

  private async pass(): Promise<number> {
    if (this.stopping.signal.aborted) return 0;
    const queue = [...(await this.jobs.due(this.now(), BATCH))];
    let worked = 0;
    const lane = async () => {
      for (let item = queue.shift(); item !== undefined && !this.stopping.signal.aborted; item = queue.shift()) {
        if (await this.claimAndWork(item)) worked++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    return worked;
  }

  private async claimAndWork(item: T): Promise<boolean> {
    const now = this.now();
    if (!(await this.jobs.claim(item, now, new Date(now.getTime() + this.jobs.leaseMs)))) return false;
    try {
      return await this.jobs.work(item, this.stopping.signal);
    } catch (err) {
      // The store failed while recording: the lease runs out and the item is tried again.
      this.logger.error({ err, itemId: this.jobs.idOf(item) }, `${this.jobs.name} outcome not recorded`);
      return false;
    }
  }
}
