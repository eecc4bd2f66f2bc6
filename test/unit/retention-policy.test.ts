/** RETENTION_* as an admin writes them, and the scheduled job that applies them. */
import { readConfig } from '../../src/config';
import { retentionJob } from '../../src/retention/retention-job';
import { describeRetention, readRetentionPolicy } from '../../src/retention/retention-policy';
import { EMPTY_PURGE_REPORT, type PurgeReport, type RetentionPolicy, type RetentionStore } from '../../src/storage/ports/retention';

const read = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { policy: readRetentionPolicy(env, problems), problems };
};

describe('retention policy', () => {
  it('keeps expired sessions 1 day, launch records and audit entries 730 days, withheld review texts and acknowledged alerts 365 days by default', () => {
    expect(read({})).toEqual({ policy: { sessionsDays: 1, launchRecordsDays: 730, auditDays: 730, hiddenReviewTextDays: 365, alertsDays: 365 }, problems: [] });
  });

  it('reads days, and 0 or off (any case, spaces around) as keep', () => {
    const { policy, problems } = read({ RETENTION_SESSIONS_DAYS: ' 7 ', RETENTION_LAUNCH_RECORDS_DAYS: '0', RETENTION_AUDIT_DAYS: 'OFF', RETENTION_HIDDEN_REVIEW_TEXT_DAYS: '36500', RETENTION_ALERTS_DAYS: 'off' });
    expect(problems).toEqual([]);
    expect(policy).toEqual({ sessionsDays: 7, launchRecordsDays: null, auditDays: null, hiddenReviewTextDays: 36_500, alertsDays: null });
    expect(Object.isFrozen(policy)).toBe(true);
  });

  it('takes an empty variable as unset', () => {
    expect(read({ RETENTION_AUDIT_DAYS: '' }).policy.auditDays).toBe(730);
  });

  it.each(['-1', '1.5', '36501', '1e3', 'never', 'true', '0x10', '2 years'])('refuses "%s" with one line naming the variable', (raw) => {
    const { problems } = read({ RETENTION_AUDIT_DAYS: raw });
    expect(problems).toEqual([`RETENTION_AUDIT_DAYS must be a number of days between 1 and 36500, or 0 or off to keep everything (got "${raw}").`]);
  });

  it('lists every bad variable at once, through readConfig', () => {
    expect(() => readConfig({ RETENTION_SESSIONS_DAYS: 'x', RETENTION_HIDDEN_REVIEW_TEXT_DAYS: '-3' })).toThrow(/RETENTION_SESSIONS_DAYS[\s\S]*RETENTION_HIDDEN_REVIEW_TEXT_DAYS/);
    expect(readConfig({ RETENTION_AUDIT_DAYS: 'off' }).retention.auditDays).toBeNull();
  });

  it('describes itself in one line', () => {
    expect(describeRetention({ sessionsDays: 1, launchRecordsDays: null, auditDays: 730, hiddenReviewTextDays: 2, alertsDays: 365 })).toBe(
      'expired sessions 1 day, launch records kept (off), audit entries 730 days, held or hidden review texts 2 days, acknowledged alerts and delivery attempts 365 days',
    );
  });
});

describe('retention job', () => {
  const POLICY: RetentionPolicy = { sessionsDays: 1, launchRecordsDays: null, auditDays: 730, hiddenReviewTextDays: null, alertsDays: null };
  const NOW = new Date('2031-01-01T00:00:00Z');

  function logger() {
    return { info: jest.fn(), debug: jest.fn(), error: jest.fn() };
  }

  it('purges with the policy at the given time and logs the counts', async () => {
    const report: PurgeReport = { ...EMPTY_PURGE_REPORT, auditEntries: 4 };
    const store: RetentionStore = { purge: jest.fn(async () => report), preview: jest.fn() };
    const log = logger();
    expect(await retentionJob({ store, policy: POLICY, logger: log }).run(NOW)).toBe(report);
    expect(store.purge).toHaveBeenCalledWith(POLICY, NOW);
    expect(log.info).toHaveBeenCalledWith({ retention: report }, 'retention purge');
  });

  it('logs a failure and resolves, so the interval timer never sees a rejection', async () => {
    const store: RetentionStore = { purge: jest.fn(async () => Promise.reject(new Error('database is locked'))), preview: jest.fn() };
    const log = logger();
    await expect(retentionJob({ store, policy: POLICY, logger: log }).run(NOW)).resolves.toBeNull();
    expect(log.error).toHaveBeenCalledWith({ err: expect.objectContaining({ message: 'database is locked' }) }, 'retention purge failed');
  });

  it('does not start a second purge while one runs, nor any when every kind is off', async () => {
    let finish: (r: PurgeReport) => void = () => undefined;
    const store: RetentionStore = { purge: jest.fn(() => new Promise<PurgeReport>((resolve) => (finish = resolve))), preview: jest.fn() };
    const job = retentionJob({ store, policy: POLICY, logger: logger() });
    const first = job.run(NOW);
    expect(await job.run(NOW)).toBeNull();
    finish(EMPTY_PURGE_REPORT);
    await first;
    const second = job.run(NOW);
    finish(EMPTY_PURGE_REPORT);
    await second;
    expect(store.purge).toHaveBeenCalledTimes(2);

    const off = retentionJob({ store, policy: { sessionsDays: null, launchRecordsDays: null, auditDays: null, hiddenReviewTextDays: null, alertsDays: null }, logger: logger() });
    expect(await off.run(NOW)).toBeNull();
    expect(store.purge).toHaveBeenCalledTimes(2);
  });
});
