/**
 * /metrics through the real app: launches accepted and refused move their counters, pages are
 * counted under their route template, store calls are timed, and only a scraper with the token (or
 * on the admin port) reads any of it. No session id ever appears in what it serves.
 */
import request from 'supertest';
import { createLogger } from '../../src/http/logger';
import { metricsApp } from '../../src/metrics/metrics-server';
import { launch, startHarness, type Harness } from '../support/tool-harness';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';

/** The value of one sample in Prometheus's text format (0 when the series does not exist yet). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('with METRICS_TOKEN, on the main port', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => h.close());

  const scrape = async () => {
    const res = await request(h.baseUrl).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return res.text;
  };

  it('when a learner launches and a launch is refused, then the accepted and refused counters move, by error code', async () => {
    const before = await scrape();
    const { res, url } = await launch(h, { user: 'learner' });
    expect(res.status).toBe(200);
    const refused = await launch(h, { user: 'learner', forge: { iatOffsetSeconds: 3600 } });
    expect(refused.res.status).toBe(401);
    const after = await scrape();

    expect(sample(after, 'lv_launches_accepted_total') - sample(before, 'lv_launches_accepted_total')).toBe(1);
    const refusedSeries = 'lv_launches_refused_total{code="LAUNCH_IAT_IN_FUTURE"}';
    expect(sample(after, refusedSeries) - sample(before, refusedSeries)).toBe(1);

    // The pages are counted under their templates, and the session id of the launch is nowhere.
    const sessionId = /\/s\/([^/]+)\//.exec(url)![1];
    expect(after).toContain('lv_http_requests_total{method="POST",route="/lti/launch",status="303"}');
    expect(after).toContain('lv_http_requests_total{method="GET",route="/s/:sid/reviews",status="200"}');
    expect(after).toMatch(/lv_http_request_duration_seconds_bucket\{le="0\.25",method="GET",route="\/s\/:sid\/reviews",status="200"\} \d+/);
    expect(after).not.toContain(sessionId);
    // The launch's store calls are timed, ltijs's records included.
    expect(after).toMatch(/lv_store_call_duration_seconds_count\{part="sessions",method="createSession",outcome="ok"\} [1-9]/);
    expect(after).toMatch(/lv_store_call_duration_seconds_count\{part="ltijs",method="Get",outcome="ok"\} [1-9]/);
  });

  it('when a scraper floods random paths and session ids, then the route label takes no new value', async () => {
    const routes = (text: string) => new Set([...text.matchAll(/lv_http_requests_total\{[^}]*route="([^"]*)"/g)].map((m) => m[1]));
    const sent: string[] = [];
    const random = () => {
      const value = Math.random().toString(36).slice(2, 12);
      sent.push(value);
      return value;
    };
    // Both kinds once, and a scrape, so that their labels exist before the count is taken.
    await request(h.baseUrl).get(`/s/${random()}/reviews`);
    await request(h.baseUrl).get(`/${random()}`);
    await scrape();
    const before = routes(await scrape());
    for (let i = 0; i < 100; i++) {
      await request(h.baseUrl).get(i % 2 ? `/s/${random()}/reviews/${random()}` : `/${random()}/${random()}?q=${random()}`);
    }
    const after = await scrape();
    expect(routes(after)).toEqual(before);
    expect(sent.filter((value) => after.includes(value))).toEqual([]);
  });

  it('when the token is missing or wrong, then the answer is 401 with a Bearer challenge and no metrics', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdef0123456789', `Basic ${TOKEN}`, TOKEN]) {
      const req = request(h.baseUrl).get('/metrics').set('Accept', 'application/json');
      const res = authorization ? await req.set('Authorization', authorization) : await req;
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.body.error.code).toBe('METRICS_UNAUTHORIZED');
      expect(res.text).not.toContain('lv_');
    }
  });
});

describe('with METRICS_PORT, on the admin listener', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { METRICS_PORT: '9464', METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => h.close());

  it('serves /metrics on the admin app only, with the token when one is set', async () => {
    expect((await request(h.baseUrl).get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(404);
    const admin = metricsApp(h.tool.metrics, h.config, createLogger('silent'));
    expect((await request(admin).get('/metrics')).status).toBe(401);
    const res = await request(admin).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('# TYPE lv_launches_accepted_total counter');
    expect((await request(admin).get('/anything-else')).status).toBe(404);
  });

  it('without a token, the admin port is open to whoever reaches it (it listens on loopback by default)', async () => {
    const config = { ...h.config, metrics: { ...h.config.metrics, token: undefined } };
    const admin = metricsApp(h.tool.metrics, config, createLogger('silent'));
    expect((await request(admin).get('/metrics')).status).toBe(200);
    expect(h.config.metrics.host).toBe('127.0.0.1');
  });
});

describe('with neither', () => {
  it('there is no /metrics', async () => {
    const h = await startHarness();
    try {
      const res = await request(h.baseUrl).get('/metrics');
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('lv_');
    } finally {
      await h.close();
    }
  });
});
