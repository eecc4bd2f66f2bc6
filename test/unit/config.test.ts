import { ConfigError, readConfig, toolUrls } from '../../src/config';

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
