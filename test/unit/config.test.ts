import express from 'express';
import { ConfigError, readConfig, toolUrls } from '../../src/config';

function problems(env: Record<string, string>): string[] {
  try {
    readConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('starts with no settings at all outside production (SQLite, demo on, local URL)', () => {
    const config = readConfig({});
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.mongodbUri).toBeUndefined();
    expect(config.demoEnabled).toBe(true);
    expect(config.ltiKey.length).toBeGreaterThan(20);
  });

  it('refuses to start in production without a strong LTI_KEY and a public https BASE_URL, listing every problem', () => {
    let error: ConfigError | undefined;
    try {
      readConfig({ NODE_ENV: 'production' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.join('\n')).toMatch(/LTI_KEY is required/);
    expect(error!.problems.join('\n')).toMatch(/BASE_URL is required/);
    const weak = () => readConfig({ NODE_ENV: 'production', LTI_KEY: 'short', BASE_URL: 'http://localhost:3000' });
    expect(weak).toThrow(/LTI_KEY is too weak/);
    expect(weak).toThrow(/must use https/);
    expect(weak).toThrow(/not localhost/);
  });

  it('accepts a proper production configuration and keeps the demo off', () => {
    const config = readConfig({ NODE_ENV: 'production', LTI_KEY: 'k'.repeat(10) + 'a-much-longer-random-secret-value', BASE_URL: 'https://voice.example.edu/' });
    expect(config.baseUrl).toBe('https://voice.example.edu');
    expect(config.demoEnabled).toBe(false);
    expect(() => readConfig({ NODE_ENV: 'production', LTI_KEY: 'x'.repeat(40) + 'abc', BASE_URL: 'https://v.example.edu', DEMO_ENABLED: 'true' })).toThrow(/DEMO_ENABLED/);
  });

  it('explains malformed values', () => {
    expect(() => readConfig({ PORT: 'eighty', DYNREG_AUTO_ACTIVATE: 'maybe', MONGODB_URI: 'postgres://x' })).toThrow(
      /PORT must be a whole number[\s\S]*MONGODB_URI[\s\S]*DYNREG_AUTO_ACTIVATE must be true or false/,
    );
  });

  it('fetches external feeds every 6 hours within 10 s and 2 MiB; production allows only https to public addresses unless told', () => {
    expect(readConfig({ NODE_ENV: 'test' }).feeds).toEqual({ enabled: true, intervalMinutes: 360, tickSeconds: 60, timeoutSeconds: 10, maxBytes: 2 * 1024 * 1024, allowHttp: true, allowPrivateAddresses: true });
    const production = { NODE_ENV: 'production', LTI_KEY: 'k'.repeat(10) + 'a-much-longer-random-secret-value', BASE_URL: 'https://voice.example.edu' };
    expect(readConfig(production).feeds).toMatchObject({ allowHttp: false, allowPrivateAddresses: false });
    expect(readConfig({ ...production, FEEDS_ALLOW_HTTP: 'true', FEEDS_ALLOW_PRIVATE_ADDRESSES: 'yes', FEEDS_ENABLED: 'false' }).feeds).toMatchObject({ enabled: false, allowHttp: true, allowPrivateAddresses: true });
    expect(() => readConfig({ FEEDS_INTERVAL_MINUTES: '1', FEEDS_TIMEOUT_SECONDS: 'ten', FEEDS_MAX_BYTES: '-1', FEEDS_ALLOW_HTTP: 'perhaps' })).toThrow(
      /FEEDS_INTERVAL_MINUTES must be[\s\S]*FEEDS_TIMEOUT_SECONDS must be[\s\S]*FEEDS_MAX_BYTES must be[\s\S]*FEEDS_ALLOW_HTTP must be true or false/,
    );
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    ['', false],
    ['false', false],
    ['true', true],
    ['1', 1],
    ['0', 0],
    ['loopback', 'loopback'],
    ['loopback, linklocal,uniquelocal', 'loopback,linklocal,uniquelocal'],
    ['10.0.0.1', '10.0.0.1'],
    ['10.0.0.0/8, 172.16.0.0/12', '10.0.0.0/8,172.16.0.0/12'],
    ['192.168.0.0/255.255.0.0', '192.168.0.0/255.255.0.0'],
    ['::1', '::1'],
    ['fd00::/8,loopback', 'fd00::/8,loopback'],
  ])('accepts %j as %j, which Express takes without throwing', (raw, value) => {
    const config = readConfig({ TRUST_PROXY: raw });
    expect(config.trustProxy).toBe(value);
    expect(() => express().set('trust proxy', config.trustProxy)).not.toThrow();
  });

  it.each(['maybe', 'yes', '10.0.0.1/33', '10.0.0.0/0', '::/129', '999.1.1.1', '10.0.0.0/255.0.255.0', 'loopback,', '101', 'fe80::1/abc'])(
    'refuses %j with one line saying what it accepts',
    (raw) => {
      const found = problems({ TRUST_PROXY: raw });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^TRUST_PROXY (must be true, false, a hop count \(1\) or a comma-separated list of IP addresses, CIDR ranges and loopback, linklocal, uniquelocal|as a hop count must be between 0 and 100)/);
    },
  );

  it('names the entries it did not understand', () => {
    expect(problems({ TRUST_PROXY: 'loopback, proxy.internal, 10.0.0.1' })[0]).toContain('(not understood: "proxy.internal")');
  });
});

describe('every other variable', () => {
  it('refuses an unknown NODE_ENV, a malformed HOST and an unknown LOG_LEVEL, each in one line', () => {
    const found = problems({ NODE_ENV: 'prod', HOST: 'not a host', LOG_LEVEL: 'verbose' });
    expect(found).toEqual([
      'NODE_ENV must be development, production or test (got "prod").',
      'HOST must be an IP address (0.0.0.0 for every interface) or a host name (got "not a host").',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose").',
    ]);
  });

  it('drains requests for 10 s on shutdown unless SHUTDOWN_DRAIN_SECONDS says otherwise (0 to 300)', () => {
    expect(readConfig({}).shutdownDrainSeconds).toBe(10);
    expect(readConfig({ SHUTDOWN_DRAIN_SECONDS: '30' }).shutdownDrainSeconds).toBe(30);
    expect(problems({ SHUTDOWN_DRAIN_SECONDS: 'soon' })).toEqual(['SHUTDOWN_DRAIN_SECONDS must be a whole number between 0 and 300 (got "soon").']);
  });

  it('serves the port from one process unless WORKERS says otherwise (1 to 64), refusing what one worker cannot answer for all', () => {
    expect(readConfig({}).workers).toBe(1);
    expect(readConfig({ WORKERS: '4', DEMO_ENABLED: 'false' }).workers).toBe(4);
    expect(problems({ WORKERS: '0' })).toEqual(['WORKERS must be a whole number between 1 and 64 (got "0").']);
    expect(problems({ WORKERS: 'auto' })).toEqual(['WORKERS must be a whole number between 1 and 64 (got "auto").']);
    expect(problems({ WORKERS: '2' })).toEqual(["WORKERS above 1 cannot run the demo: its test platform (keys, logins) lives in one process's memory. Set DEMO_ENABLED=false or WORKERS=1."]);
    expect(problems({ WORKERS: '2', DEMO_ENABLED: 'false', METRICS_TOKEN: 'a'.repeat(40) })).toEqual([
      'WORKERS above 1 serves /metrics on METRICS_PORT only (on the main port a scrape would reach one worker and see its requests alone): set METRICS_PORT.',
    ]);
    expect(readConfig({ WORKERS: '2', DEMO_ENABLED: 'false', METRICS_TOKEN: 'a'.repeat(40), METRICS_PORT: '9464' }).metrics.port).toBe(9464);
  });

  it('runs the grade outbox worker every 30 s, 10 credits at a time within 30 s each, unless told otherwise', () => {
    expect(readConfig({}).gradeOutbox).toEqual({ enabled: true, tickSeconds: 30, batch: 10, sendTimeoutSeconds: 30 });
    expect(readConfig({ GRADE_OUTBOX_ENABLED: 'false', GRADE_OUTBOX_TICK_SECONDS: '5', GRADE_OUTBOX_BATCH: '50', GRADE_OUTBOX_SEND_TIMEOUT_SECONDS: '120' }).gradeOutbox).toEqual({
      enabled: false,
      tickSeconds: 5,
      batch: 50,
      sendTimeoutSeconds: 120,
    });
    expect(problems({ GRADE_OUTBOX_ENABLED: 'maybe', GRADE_OUTBOX_TICK_SECONDS: '0', GRADE_OUTBOX_BATCH: '1000', GRADE_OUTBOX_SEND_TIMEOUT_SECONDS: '1.5' })).toEqual([
      'GRADE_OUTBOX_ENABLED must be true or false (got "maybe").',
      'GRADE_OUTBOX_TICK_SECONDS must be a whole number between 1 and 3600 (got "0").',
      'GRADE_OUTBOX_BATCH must be a whole number between 1 and 100 (got "1000").',
      'GRADE_OUTBOX_SEND_TIMEOUT_SECONDS must be a whole number between 1 and 300 (got "1.5").',
    ]);
  });

  it('accepts host names and addresses for HOST, and a LOG_LEVEL in capitals', () => {
    expect(readConfig({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    expect(readConfig({ HOST: '::' }).host).toBe('::');
    expect(readConfig({ HOST: 'tool.internal' }).host).toBe('tool.internal');
    expect(readConfig({ LOG_LEVEL: 'WARN' }).logLevel).toBe('warn');
  });

  it('gives every problem as a single line', () => {
    const found = problems({
      NODE_ENV: 'x', PORT: '70000', HOST: '-', BASE_URL: 'nope', MONGODB_URI: 'redis://x', TRUST_PROXY: 'maybe', LOG_LEVEL: 'x', DYNREG_ENABLED: 'x', DYNREG_AUTO_ACTIVATE: 'x',
      DYNREG_RATE_LIMIT: '0', DEMO_ENABLED: 'x', CLOCK_SKEW_SECONDS: '-1', ID_TOKEN_MAX_AGE_SECONDS: '1', SESSION_TTL_MINUTES: '1', MAX_BODY_BYTES: '1',
      LAUNCH_LIMIT_WINDOW_SECONDS: '0', LAUNCH_LIMIT_PER_USER: '0', LAUNCH_LIMIT_PER_PLATFORM: '0', LAUNCH_LIMIT_FAILURES_PER_IP: '0', LAUNCH_LIMIT_REQUESTS_PER_IP: '0',
      FEEDS_ENABLED: 'x', FEEDS_INTERVAL_MINUTES: '0', FEEDS_TICK_SECONDS: '0', FEEDS_TIMEOUT_SECONDS: '0', FEEDS_MAX_BYTES: '0', FEEDS_ALLOW_HTTP: 'x', FEEDS_ALLOW_PRIVATE_ADDRESSES: 'x',
    });
    expect(found).toHaveLength(27);
    for (const line of found) expect(line).not.toContain('\n');
  });
});

describe('tool URLs', () => {
  it('builds every LTI endpoint from BASE_URL, which must be a bare origin', () => {
    expect(toolUrls('https://voice.example.edu/')).toEqual({
      login: 'https://voice.example.edu/lti/login',
      launch: 'https://voice.example.edu/lti/launch',
      keyset: 'https://voice.example.edu/lti/keys',
      register: 'https://voice.example.edu/lti/register',
      canvasConfig: 'https://voice.example.edu/lti/canvas.json',
      demo: 'https://voice.example.edu/demo',
    });
    expect(() => readConfig({ BASE_URL: 'http://localhost:3000/voice' })).toThrow(/origin without a path/);
  });
});
