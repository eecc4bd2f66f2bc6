/**
 * The timing of a background worker that works in passes (the grade outbox, the alerts): a pass every
 * tick, a nudge that runs one soon, at most one pass at a time (a call during a pass joins it, a nudge
 * during a pass runs another right after), and a stop that waits for the pass under way, boundedly.
 * The pass itself (what is claimed, sent, recorded) stays the worker's; a pass that throws is logged
 * and counts as zero, the next tick tries again.
 */
import type { Logger } from '../http/logger';

export class PassLoop {
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private nudgedWhileRunning = false;
  private stopping: Promise<void> | undefined;
  /** Set by stop(): a pass checks it between items to end early. */
  stopped = false;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<number>,
    private readonly logger: Logger,
  ) {}

  start(tickMs: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.runOnce(), tickMs);
    // A timer must never keep the process alive on its own (tests, a CLI that opened the app).
    this.timer.unref();
    void this.runOnce();
  }

  get started(): boolean {
    return this.timer !== undefined && !this.stopped;
  }

  /** Work just arrived: run a pass soon rather than at the next tick. Does nothing unless started. */
  nudge(): void {
    if (!this.started) return;
    if (this.running) {
      this.nudgedWhileRunning = true;
      return;
    }
    if (this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      void this.runOnce();
    }, 0);
    this.soon.unref();
  }

  /** One pass; a pass under way is joined, never doubled. Resolves with what the pass counted. */
  runOnce(): Promise<number> {
    if (!this.running) {
      this.running = this.pass()
        .catch((err: unknown) => {
          this.logger.error({ err }, `${this.name} pass failed`);
          return 0;
        })
        .finally(() => {
          this.running = undefined;
          if (this.nudgedWhileRunning && !this.stopped) {
            this.nudgedWhileRunning = false;
            void this.runOnce();
          }
        });
    }
    return this.running;
  }

  /** Stops ticking and waits for the pass under way, at most `waitMs`; a second call joins the first. */
  stop(waitMs = Number.POSITIVE_INFINITY): Promise<void> {
    this.stopping ??= this.waitForPass(waitMs);
    return this.stopping;
  }

  private async waitForPass(waitMs: number): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.soon);
    this.timer = this.soon = undefined;
    if (!this.running) return;
    if (!Number.isFinite(waitMs)) return void (await this.running);
    let timeout: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, waitMs);
      timeout.unref();
    });
    await Promise.race([this.running, gaveUp]);
    clearTimeout(timeout);
  }
}
