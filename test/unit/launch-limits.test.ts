import { Writable } from 'node:stream';
import { readConfig } from '../../src/config';
import { AppError } from '../../src/http/errors';
import { createLogger } from '../../src/http/logger';
import { LaunchLimits } from '../../src/launch/launch-limits';
import type { RateLimitStore } from '../../src/storage/ports/rate-limits';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

const storage = openSqliteStorage({ file: ':memory:' });
afterAll(() => storage.close());
beforeEach(() => storage.purgeExpired(new Date(8.64e15)));

const silent = createLogger('silent');
const limits = (env: Record<string, string>, windows: RateLimitStore = storage.rateLimits) =>
  new LaunchLimits(readConfig({ NODE_ENV: 'test', ...env }).launchLimits, { windows, logger: silent });
const person = (userId: string, issuer = 'https://lms.example.edu') => ({ link: { issuer, clientId: 'tool-1' } as never, userId });
const at = (ms: number) => new Date(ms);

async function refusal(run: () => Promise<void>): Promise<AppError | undefined> {
  try {
    await run();
    return undefined;
  } catch (err) {
    return err as AppError;
  }
}

describe('launch limits per user and per platform', () => {
  it('when a user launches beyond the limit, then RATE_LIMITED says when their window ends, and the next window admits them', async () => {
    const launches = limits({ LAUNCH_LIMIT_PER_USER: '3', LAUNCH_LIMIT_WINDOW_SECONDS: '60' });
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) await launches.admit(person('ana'), at(t0 + i * 1000));
    const refused = await refusal(() => launches.admit(person('ana'), at(t0 + 15_000)));
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', status: 429, params: { retryAfter: 45 } });
    expect(await refusal(() => launches.admit(person('ben'), at(t0 + 15_000)))).toBeUndefined();
    expect(await refusal(() => launches.admit(person('ana', 'https://other.example.edu'), at(t0 + 15_000)))).toBeUndefined();
    expect(await refusal(() => launches.admit(person('ana'), at(t0 + 60_000)))).toBeUndefined();
  });

  it('when a platform launches beyond its ceiling, then its users are refused and other platforms are not', async () => {
    const launches = limits({ LAUNCH_LIMIT_PER_PLATFORM: '5' });
    for (let i = 0; i < 5; i++) await launches.admit(person(`u${i}`), at(0));
    expect(await refusal(() => launches.admit(person('late'), at(0)))).toMatchObject({ code: 'RATE_LIMITED', detail: { scope: 'platform' } });
    expect(await refusal(() => launches.admit(person('late', 'https://other.example.edu'), at(0)))).toBeUndefined();
  });

  it('when two instances count launches on one store, then the limit holds once across them', async () => {
    const [a, b] = [limits({ LAUNCH_LIMIT_PER_USER: '4' }), limits({ LAUNCH_LIMIT_PER_USER: '4' })];
    for (const process of [a, b, a, b]) await process.admit(person('ana'), at(5_000));
    expect(await refusal(() => b.admit(person('ana'), at(5_001)))).toMatchObject({ code: 'RATE_LIMITED', detail: { scope: 'user' } });
    expect(await refusal(() => a.admit(person('ana'), at(5_002)))).toMatchObject({ code: 'RATE_LIMITED', detail: { scope: 'user' } });
  });

  it('when the store cannot count, then the launch is admitted and one error line says so', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const failing: RateLimitStore = { hit: async () => Promise.reject(new Error('database is locked')), peek: async () => null, decrement: async () => undefined, reset: async () => undefined };
    const launches = new LaunchLimits(readConfig({ NODE_ENV: 'test', LAUNCH_LIMIT_PER_USER: '1' }).launchLimits, { windows: failing, logger: createLogger('info', sink) });
    for (let i = 0; i < 3; i++) await expect(launches.admit(person('ana'), at(0))).resolves.toBeUndefined();
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatchObject({ level: 50, limiter: 'launch', msg: 'rate limit store failed: launch admitted without counting it', err: { message: 'database is locked' } });
  });

  it('reads its ceilings from the environment and refuses values that are not whole numbers in range', () => {
    expect(readConfig({ NODE_ENV: 'test' }).launchLimits).toEqual({ windowSeconds: 60, perUser: 60, perPlatform: 10_000, failuresPerIp: 300, requestsPerIp: 10_000 });
    expect(() => readConfig({ NODE_ENV: 'test', LAUNCH_LIMIT_PER_USER: '0', LAUNCH_LIMIT_FAILURES_PER_IP: 'many' })).toThrow(/LAUNCH_LIMIT_PER_USER[\s\S]*LAUNCH_LIMIT_FAILURES_PER_IP/);
  });
});

describe('the retry wait on the RATE_LIMITED page', () => {
  it('counts seconds and minutes with the right plural in both languages', async () => {
    const { translate } = await import('../../src/i18n/translate');
    expect(translate('en', 'error.wait.seconds', { count: 1 })).toBe('1 second');
    expect(translate('en', 'error.wait.seconds', { count: 45 })).toBe('45 seconds');
    expect(translate('fr', 'error.wait.seconds', { count: 1 })).toBe('1 seconde');
    expect(translate('fr', 'error.wait.minutes', { count: 5 })).toBe('5 minutes');
  });
});
