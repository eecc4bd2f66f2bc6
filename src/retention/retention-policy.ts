/**
 * The retention policy as an admin writes it (README, "Retention"; .env.example): one variable per
 * kind of record, a number of days, or 0 / off to keep that kind. Read once by config.ts.
 */
import type { RetentionPolicy } from '../storage/ports/retention';

/** Longest limit accepted: a hundred years is "keep", and larger numbers are typing mistakes. */
export const MAX_RETENTION_DAYS = 36_500;

/** Each variable with its field and its default (days, or null: kept). */
export const RETENTION_VARIABLES = [
  // Expired sessions are deleted within minutes anyway: this is the upper bound, kept short.
  { name: 'RETENTION_SESSIONS_DAYS', field: 'sessionsDays', fallback: 1 },
  { name: 'RETENTION_LAUNCH_RECORDS_DAYS', field: 'launchRecordsDays', fallback: 730 },
  { name: 'RETENTION_AUDIT_DAYS', field: 'auditDays', fallback: 730 },
  { name: 'RETENTION_HIDDEN_REVIEW_TEXT_DAYS', field: 'hiddenReviewTextDays', fallback: 365 },
  // A year of acknowledged alerts and of delivery attempts: the staff's history of what turned sour.
  { name: 'RETENTION_ALERTS_DAYS', field: 'alertsDays', fallback: 365 },
] as const satisfies ReadonlyArray<{ name: string; field: keyof RetentionPolicy; fallback: number | null }>;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads every RETENTION_* variable; each problem is one line pushed to `problems`. */
export function readRetentionPolicy(env: Env, problems: string[]): RetentionPolicy {
  const policy: Record<keyof RetentionPolicy, number | null> = { sessionsDays: null, launchRecordsDays: null, auditDays: null, hiddenReviewTextDays: null, alertsDays: null };
  for (const variable of RETENTION_VARIABLES) policy[variable.field] = readDays(env[variable.name], variable.fallback, variable.name, problems);
  return Object.freeze(policy);
}

function readDays(raw: string | undefined, fallback: number | null, name: string, problems: string[]): number | null {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '') return fallback;
  if (value === 'off' || value === '0') return null;
  const days = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    problems.push(`${name} must be a number of days between 1 and ${MAX_RETENTION_DAYS}, or 0 or off to keep everything (got "${raw}").`);
    return fallback;
  }
  return days;
}

/** "sessions 1 day, launch records 730 days, audit off, …": for the log and the CLI. */
export function describeRetention(policy: RetentionPolicy): string {
  const days = (n: number | null) => (n === null ? 'kept (off)' : `${n} day${n === 1 ? '' : 's'}`);
  return [
    `expired sessions ${days(policy.sessionsDays)}`,
    `launch records ${days(policy.launchRecordsDays)}`,
    `audit entries ${days(policy.auditDays)}`,
    `held or hidden review texts ${days(policy.hiddenReviewTextDays)}`,
    `acknowledged alerts and delivery attempts ${days(policy.alertsDays)}`,
  ].join(', ');
}
