import { readConfig } from '../../src/config';
import { AppError } from '../../src/http/errors';
import { LaunchLimits } from '../../src/launch/launch-limits';

const limits = (env: Record<string, string>) => new LaunchLimits(readConfig({ NODE_ENV: 'test', ...env }).launchLimits);
const person = (userId: string, issuer = 'https://lms.example.edu') => ({ link: { issuer, clientId: 'tool-1' } as never, userId });

function refusal(run: () => void): AppError | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    return err as AppError;
  }
}

describe('launch limits per user and per platform', () => {
  it('when a user launches beyond the limit, then RATE_LIMITED says when their window ends, and the next window admits them', () => {
    const launches = limits({ LAUNCH_LIMIT_PER_USER: '3', LAUNCH_LIMIT_WINDOW_SECONDS: '60' });
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) launches.admit(person('ana'), t0 + i * 1000);
    const refused = refusal(() => launches.admit(person('ana'), t0 + 15_000));
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', status: 429, params: { retryAfter: 45 } });
    expect(refusal(() => launches.admit(person('ben'), t0 + 15_000))).toBeUndefined();
    expect(refusal(() => launches.admit(person('ana', 'https://other.example.edu'), t0 + 15_000))).toBeUndefined();
    expect(refusal(() => launches.admit(person('ana'), t0 + 60_000))).toBeUndefined();
  });

  it('when a platform launches beyond its ceiling, then its users are refused and other platforms are not', () => {
    const launches = limits({ LAUNCH_LIMIT_PER_PLATFORM: '5' });
    for (let i = 0; i < 5; i++) launches.admit(person(`u${i}`), 0);
    expect(refusal(() => launches.admit(person('late'), 0))).toMatchObject({ code: 'RATE_LIMITED', detail: { scope: 'platform' } });
    expect(refusal(() => launches.admit(person('late', 'https://other.example.edu'), 0))).toBeUndefined();
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
