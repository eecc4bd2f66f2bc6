/**
 * When a source is fetched next. After a success: the configured interval. After a failure: one
 * minute, doubling with each consecutive failure up to six hours, so a broken feed costs a few
 * requests a day and a flapping one recovers within minutes. Half of each delay is random ("equal
 * jitter"): sources that failed together (one provider down) do not all come back in the same second.
 */
export const RETRY_FIRST_MS = 60_000;
export const RETRY_MAX_MS = 6 * 3_600_000;

/** consecutiveFailures counts this failure too (1 after the first). */
export function retryDelayMs(consecutiveFailures: number, random: () => number): number {
  const exponent = Math.min(Math.max(consecutiveFailures, 1) - 1, 30);
  const base = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** exponent);
  return Math.round(base / 2 + (random() * base) / 2);
}

export function nextAfterFailure(now: Date, consecutiveFailures: number, random: () => number): Date {
  return new Date(now.getTime() + retryDelayMs(consecutiveFailures, random));
}

export function nextAfterSuccess(now: Date, intervalMs: number): Date {
  return new Date(now.getTime() + intervalMs);
}
