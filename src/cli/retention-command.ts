/**
 * `learner-voice retention --dry-run | --now [--json]`: what the retention policy (RETENTION_* in
 * .env, README "Retention") would purge at this moment, or purges it now instead of waiting for the
 * server's next run. Parsing and printing only; the purge is the store's (ports/retention.ts).
 */
import { parseArgs } from 'node:util';
import { describeRetention } from '../retention/retention-policy';
import { isRetentionOff } from '../retention/retention-job';
import type { PurgeReport, RetentionPolicy, RetentionStore } from '../storage/ports/retention';
import type { CliIo } from './cli-entry';

export const RETENTION_USAGE = `Usage: learner-voice retention --dry-run | --now [--json]

Applies the retention policy set by RETENTION_SESSIONS_DAYS, RETENTION_LAUNCH_RECORDS_DAYS,
RETENTION_AUDIT_DAYS, RETENTION_HIDDEN_REVIEW_TEXT_DAYS and RETENTION_ALERTS_DAYS (see .env.example). The server runs
it by itself every 10 minutes; this command shows or does the same at once.

  --dry-run   count what would be purged now, change nothing
  --now       purge it now and print what was purged
  --json      print {"mode", "policy", "purged"} as JSON instead of text
`;

export type RetentionRequest = { mode: 'dry-run' | 'now'; json: boolean } | 'help';

export class RetentionUsageError extends Error {}

/** Reads the arguments; throws RetentionUsageError (or node's ERR_PARSE_ARGS_*) on anything else. */
export function parseRetentionArgs(argv: string[]): RetentionRequest {
  let values: { 'dry-run'?: boolean; now?: boolean; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: { 'dry-run': { type: 'boolean' }, now: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    throw new RetentionUsageError((err as Error).message);
  }
  if (values.help) return 'help';
  if (values['dry-run'] === values.now) throw new RetentionUsageError('Say either --dry-run (count only) or --now (purge).');
  return { mode: values.now ? 'now' : 'dry-run', json: values.json === true };
}

/** Each kind as a line of the done (--now) and pending (--dry-run) reports. */
const LINES: ReadonlyArray<{ key: keyof PurgeReport; done: string; pending: string }> = [
  { key: 'sessions', done: 'expired sessions deleted', pending: 'expired sessions to delete' },
  { key: 'launchRecordsRemoved', done: 'launch records removed (never launched as learners)', pending: 'launch records to remove (never launched as learners)' },
  { key: 'launchRecordsReduced', done: 'launch records reduced to "took this course"', pending: 'launch records to reduce to "took this course"' },
  { key: 'auditEntries', done: 'audit entries deleted', pending: 'audit entries to delete' },
  { key: 'reviewTexts', done: 'held or hidden reviews whose texts were blanked', pending: 'held or hidden reviews with texts to blank' },
  { key: 'alerts', done: 'acknowledged alerts deleted', pending: 'acknowledged alerts to delete' },
  { key: 'alertDeliveries', done: 'pending deliveries of those alerts deleted', pending: 'pending deliveries of those alerts to delete' },
  { key: 'deliveryAttempts', done: 'alert delivery attempts deleted', pending: 'alert delivery attempts to delete' },
];

/** Runs a parsed request; returns the exit code. */
export async function runRetentionCommand(request: Exclude<RetentionRequest, 'help'>, store: RetentionStore, policy: RetentionPolicy, io: CliIo, now: Date): Promise<number> {
  const off = isRetentionOff(policy);
  const purged = request.mode === 'now' ? await store.purge(policy, now) : await store.preview(policy, now);
  if (request.json) {
    io.out(JSON.stringify({ mode: request.mode, at: now.toISOString(), policy, purged }));
    return 0;
  }
  io.out(`Retention: ${describeRetention(policy)}.`);
  if (off) {
    io.out('Every kind is kept (all RETENTION_* are 0 or off): nothing to purge.');
    return 0;
  }
  io.out(request.mode === 'now' ? `Purged at ${now.toISOString()}:` : `Would purge at ${now.toISOString()} (dry run, nothing changed):`);
  const width = Math.max(...LINES.map(({ key }) => String(purged[key]).length));
  for (const line of LINES) io.out(`  ${String(purged[line.key]).padStart(width)}  ${request.mode === 'now' ? line.done : line.pending}`);
  return 0;
}
