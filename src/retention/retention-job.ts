/**
 * The scheduled retention purge: main.ts runs it with the expiry purge (every 10 minutes). It never
 * throws (a failed purge is logged and tried again next time), never runs twice at once in a process
 * (a first purge over years of records may outlast the interval), and logs what it removed. Several
 * processes on one store may run it together: every change the stores make re-checks its condition.
 */
import type { Logger } from '../http/logger';
import type { PurgeReport, RetentionPolicy, RetentionStore } from '../storage/ports/retention';

export interface RetentionJobDeps {
  readonly store: RetentionStore;
  readonly policy: RetentionPolicy;
  readonly logger: Pick<Logger, 'info' | 'debug' | 'error'>;
}

export interface RetentionJob {
  /** The purge's report, or null when it did not run (every kind off, one still running) or failed. */
  run(now: Date): Promise<PurgeReport | null>;
}

export function isRetentionOff(policy: RetentionPolicy): boolean {
  return Object.values(policy).every((days) => days === null);
}

export function purgedCount(report: PurgeReport): number {
  return Object.values(report).reduce((sum: number, n: number) => sum + n, 0);
}

export function retentionJob(deps: RetentionJobDeps): RetentionJob {
  let running = false;
  return {
    async run(now) {
      if (running || isRetentionOff(deps.policy)) return null;
      running = true;
      try {
        const report = await deps.store.purge(deps.policy, now);
        if (purgedCount(report) > 0) deps.logger.info({ retention: report }, 'retention purge');
        else deps.logger.debug({ retention: report }, 'retention purge: nothing to remove');
        return report;
      } catch (err) {
        deps.logger.error({ err }, 'retention purge failed');
        return null;
      } finally {
        running = false;
      }
    },
  };
}
