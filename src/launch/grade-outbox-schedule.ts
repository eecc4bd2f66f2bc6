/** When the grade outbox worker looks for scores, how many it takes at once, and how long it waits between refusals. */
import type { GradeOutboxConfig } from '../config';

export interface GradeOutboxSettings {
  readonly tickMs: number;
  /** Scores claimed at once, then sent one after the other. */
  readonly batch: number;
  /** One send's time limit: a platform that does not answer counts as a refusal. */
  readonly sendTimeoutMs: number;
  /** A claim's lease: the whole batch sent at the time limit, plus a minute to record the outcomes. */
  readonly leaseMs: number;
}

export function gradeOutboxSettings(config: GradeOutboxConfig): GradeOutboxSettings {
  const sendTimeoutMs = config.sendTimeoutSeconds * 1000;
  return { tickMs: config.tickSeconds * 1000, batch: config.batch, sendTimeoutMs, leaseMs: config.batch * sendTimeoutMs + 60_000 };
}

const MAX_DELAY_MS = 60 * 60_000;

/** Delay after the (attempts+1)th refusal: none before the first retry (the worker's next tick), then 1, 2, 4… minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return attempts <= 0 ? 0 : Math.min(MAX_DELAY_MS, 60_000 * 2 ** (attempts - 1));
}
