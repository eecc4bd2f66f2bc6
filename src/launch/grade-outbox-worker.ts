/**
 * The one sender of grade credits in a tool process. Every tick it claims the scores due across all
 * platforms (a claim per score in the store, with a lease: processes sharing the store never send
 * one score twice, and a crashed process's claims simply run out), sends them one after the other
 * through Assignment and Grade Services, and removes each one the platform accepted or records the
 * refusal with a growing delay. A course nobody opens still gets its credits; a learner's post only
 * queues the score and nudges the worker, so a slow platform never slows the post.
 *
 * Wiring: createApp builds it (it needs ltijs for the gradebook) and exposes it; main.ts calls
 * start() when GRADE_OUTBOX_ENABLED and awaits stop() before closing the store. Tests never start
 * it: they call runOnce(), which joins a pass under way rather than starting a second.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { PassLoop } from '../background/pass-loop';
import { withTimeLimit } from '../background/time-limit';
import type { Logger } from '../http/logger';
import { translate } from '../i18n/translate';
import type { GradeOutboxStore, PendingScore } from '../storage/ports/grade-outbox';
import type { Gradebook } from './gradebook';
import { retryDelayMs, type GradeOutboxSettings } from './grade-outbox-schedule';

/** Batches one pass may take back to back while the platforms accept; the next tick takes the rest. */
const MAX_ROUNDS = 20;

export interface GradeOutboxWorkerDeps {
  readonly store: GradeOutboxStore;
  readonly gradebook: Pick<Gradebook, 'sendFullCredit'>;
  readonly settings: GradeOutboxSettings;
  readonly logger: Logger;
  readonly now?: () => Date;
}

export class GradeOutboxWorker {
  /** Names this process's claims in the store (host and pid help an operator; the suffix tells restarts apart). */
  readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Ticks, nudges, joins and stops (background/pass-loop.ts); a failed pass leaves its claims to run out and be tried again. */
  private readonly loop: PassLoop;
  private readonly now: () => Date;

  constructor(private readonly deps: GradeOutboxWorkerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.loop = new PassLoop('grade outbox', () => this.pass(), deps.logger);
  }

  start(): void {
    this.loop.start(this.deps.settings.tickMs);
  }

  /** Scores were just queued: send them soon rather than at the next tick. Does nothing unless started. */
  nudge(): void {
    this.loop.nudge();
  }

  /** One pass; a pass under way is joined, never doubled. Resolves with how many scores the platforms accepted. */
  runOnce(): Promise<number> {
    return this.loop.runOnce();
  }

  /**
   * Stops ticking and waits for the send in flight to be recorded (its time limit bounds the wait;
   * `waitMs` may bound it further, as main.ts does with the drain time); claimed scores not yet tried
   * are released. Given up on, a send's claim runs out and another process sends the score again.
   */
  stop(waitMs = Number.POSITIVE_INFINITY): Promise<void> {
    // A second call (createApp's close() after main.ts's bounded stop) joins the first.
    return this.loop.stop(waitMs);
  }

  private get stopped(): boolean {
    return this.loop.stopped;
  }

  private async pass(): Promise<number> {
    const { store, settings } = this.deps;
    let accepted = 0;
    for (let round = 0; round < MAX_ROUNDS && !this.stopped; round++) {
      const claimed = await store.claimDueScores(this.owner, this.now(), settings.leaseMs, settings.batch);
      let acceptedNow = 0;
      for (const [i, score] of claimed.entries()) {
        if (this.stopped) {
          await Promise.all(claimed.slice(i).map((rest) => store.releaseScore(rest.id, this.owner, this.now())));
          break;
        }
        if (await this.send(score)) acceptedNow++;
      }
      accepted += acceptedNow;
      // A short batch emptied the outbox; a batch with no acceptance means the platforms are refusing: wait for the tick.
      if (claimed.length < settings.batch || acceptedNow === 0) break;
    }
    return accepted;
  }

  /** Sends one claimed score and records the outcome; true when the platform accepted it. */
  private async send(score: PendingScore): Promise<boolean> {
    const { store, gradebook, logger, settings } = this.deps;
    const label = translate(score.locale, 'loop.credit.lineItem');
    try {
      // A send is several platform calls (token, line items, score), each limited on its own (ltijs-http-limits.ts).
      await withTimeLimit(gradebook.sendFullCredit(score.course, score.target, score.userId, label), settings.sendTimeoutMs, `no answer from the platform within ${settings.sendTimeoutMs} ms`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const attempts = score.attempts + 1;
      logger.warn({ err: message, userId: score.userId, attempts, issuer: score.course.issuer }, 'grade score refused by the platform; will retry');
      await store.recordFailure(score.id, this.owner, message, new Date(this.now().getTime() + retryDelayMs(score.attempts)));
      return false;
    }
    if (!(await store.removeScore(score.id, this.owner))) {
      // Only when a send outlasted the lease and another process took the claim over: it may send the score again.
      logger.warn({ userId: score.userId, issuer: score.course.issuer, leaseMs: settings.leaseMs }, 'grade score sent after its claim ran out');
    }
    return true;
  }
}
