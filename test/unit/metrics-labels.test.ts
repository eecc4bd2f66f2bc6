/**
 * The labels /metrics uses stay few and name no one: route templates, not paths; launch outcomes
 * read from the response; a token compared whole; the settings checked at start-up.
 */
import express from 'express';
import request from 'supertest';
import { readConfig } from '../../src/config';
import { httpMetrics } from '../../src/metrics/http-metrics';
import { launchOutcome } from '../../src/metrics/launch-outcome';
import { metricsPlace, readMetricsConfig } from '../../src/metrics/metrics-config';
import { bearerMatches } from '../../src/metrics/metrics-route';
import { boundedLabels, methodLabel, OTHER, routeTemplate, UNMATCHED } from '../../src/metrics/route-label';
import { createMetrics } from '../../src/metrics/tool-metrics';

describe('route templates', () => {
  it('when a session route answers, then the label is its pattern with :sid, never the session id', () => {
    expect(routeTemplate({ path: '/reviews', baseUrl: '/s/Zx9_secret-session' }, '/s/Zx9_secret-session/reviews?page=2', 200)).toBe('/s/:sid/reviews');
    expect(routeTemplate({ path: '/', baseUrl: '/s/Zx9_secret-session' }, '/s/Zx9_secret-session/', 303)).toBe('/s/:sid');
    expect(routeTemplate({ path: '/ideas/:id', baseUrl: '/s/abc/consumer-group' }, '/s/abc/consumer-group/ideas/42', 200)).toBe('/s/:sid/consumer-group/ideas/:id');
  });

  it('when a route was written as a list of paths, then the label is that list', () => {
    expect(routeTemplate({ path: ['/a/:x', '/a/:x/b'], baseUrl: '' }, '/a/1/b', 200)).toBe('/a/:x|/a/:x/b');
  });

  it('when no route answered, then a 404 is "unmatched" and anything else the prefix of its part of the app', () => {
    expect(routeTemplate(undefined, '/wp-admin/login.php', 404)).toBe(UNMATCHED);
    expect(routeTemplate(undefined, '/s/anything/at/all', 404)).toBe(UNMATCHED);
    expect(routeTemplate(undefined, '/s/secret/reviews', 403)).toBe('/s/:sid/*');
    expect(routeTemplate(undefined, '/static/css/app.css', 200)).toBe('/static/*');
    expect(routeTemplate(undefined, '/lti/launch?x=1', 429)).toBe('/lti/*');
    expect(routeTemplate(undefined, '/random', 400)).toBe(UNMATCHED);
  });

  it('when more templates appear than the cap, then the later ones share "other"', () => {
    const bounded = boundedLabels(3);
    expect(['/a', '/b', '/c', '/d', '/a', UNMATCHED].map(bounded)).toEqual(['/a', '/b', '/c', OTHER, '/a', UNMATCHED]);
  });

  it('keeps the usual methods and folds the rest into OTHER', () => {
    expect(['GET', 'POST', 'PROPFIND', 'M-SEARCH'].map(methodLabel)).toEqual(['GET', 'POST', 'OTHER', 'OTHER']);
  });
});

describe('the request middleware', () => {
  function appWith() {
    const metrics = createMetrics();
    const app = express();
    app.use(httpMetrics(metrics));
    const session = express.Router({ mergeParams: true });
    session.get('/reviews', (_req, res) => res.send('ok'));
    session.get('/boom', () => {
      throw new Error('boom');
    });
    app.use('/s/:sid', session);
    app.use((_req, res) => res.status(404).send('none'));
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => res.status(500).send('err'));
    return { app, metrics };
  }

  it('when a route throws, then its template is kept although Express left the router before the error handler', async () => {
    const { app, metrics } = appWith();
    await request(app).get('/s/secret-one/boom');
    const text = await metrics.registry.metrics();
    expect(text).toContain('lv_http_requests_total{method="GET",route="/s/:sid/boom",status="500"} 1');
    expect(text).not.toContain('secret-one');
  });

  it('when 500 random paths and session ids are requested, then the number of series stays the same', async () => {
    const { app, metrics } = appWith();
    const seriesCount = async () => (await metrics.registry.getSingleMetric('lv_http_requests_total')!.get()).values.length;
    for (let i = 0; i < 5; i++) {
      await request(app).get(`/s/s${i}/reviews`);
      await request(app).get(`/x${i}`);
    }
    const before = await seriesCount();
    const random = () => Math.random().toString(36).slice(2);
    for (let i = 0; i < 500; i++) {
      await request(app).get(i % 2 ? `/s/${random()}/reviews` : `/${random()}/${random()}?q=${random()}`);
    }
    expect(await seriesCount()).toBe(before);
    expect(before).toBe(2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('route="/s/:sid/reviews",status="200"} 255');
    expect(text).toContain('route="unmatched",status="404"} 255');
  });
});

describe('launch outcomes', () => {
  it('counts a launch redirected into a session as accepted', () => {
    expect(launchOutcome({ path: '/lti/launch', status: 303, location: '/s/abc/reviews', errorCode: undefined })).toEqual({ accepted: true });
    expect(launchOutcome({ path: '/lti/launch', status: 303, location: '/s/abc/', errorCode: undefined })).toEqual({ accepted: true });
  });

  it('counts a login or launch that ended in the error handler as refused with its code', () => {
    expect(launchOutcome({ path: '/lti/launch', status: 401, location: undefined, errorCode: 'LAUNCH_BAD_SIGNATURE' })).toEqual({ accepted: false, code: 'LAUNCH_BAD_SIGNATURE' });
    expect(launchOutcome({ path: '/lti/login', status: 429, location: undefined, errorCode: 'RATE_LIMITED' })).toEqual({ accepted: false, code: 'RATE_LIMITED' });
    expect(launchOutcome({ path: '/lti/login', status: 400, location: undefined, errorCode: 'made up' })).toEqual({ accepted: false, code: 'INTERNAL' });
  });

  it('counts neither the platform-storage page between login and launch, nor other paths', () => {
    expect(launchOutcome({ path: '/lti/launch', status: 200, location: undefined, errorCode: undefined })).toBeUndefined();
    expect(launchOutcome({ path: '/lti/login', status: 302, location: 'https://lms/auth', errorCode: undefined })).toBeUndefined();
    expect(launchOutcome({ path: '/s/abc/reviews', status: 403, location: undefined, errorCode: 'CSRF_FAILED' })).toBeUndefined();
  });
});

describe('the metrics token', () => {
  const token = 'a'.repeat(20) + 'B'.repeat(20);

  it('accepts only "Bearer <token>" with the whole token', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(`Basic ${token}`, token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches('Bearer ', token)).toBe(false);
  });
});

describe('metrics settings', () => {
  const read = (env: Record<string, string>, port = 3000) => {
    const problems: string[] = [];
    return { config: readMetricsConfig(env, port, problems), problems };
  };

  it('serves nothing by default', () => {
    const { config, problems } = read({});
    expect(problems).toEqual([]);
    expect(metricsPlace(config)).toBe('nowhere');
    expect(config.host).toBe('127.0.0.1');
  });

  it('serves on the main port with a token, on the admin port when one is given', () => {
    expect(metricsPlace(read({ METRICS_TOKEN: 'x'.repeat(32) }).config)).toBe('main-port');
    expect(metricsPlace(read({ METRICS_PORT: '9464' }).config)).toBe('admin-port');
    expect(metricsPlace(read({ METRICS_PORT: '9464', METRICS_TOKEN: 'x'.repeat(32) }).config)).toBe('admin-port');
  });

  it.each([
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN must be at least 32/],
    [{ METRICS_TOKEN: 'has spaces inside '.repeat(3) }, /METRICS_TOKEN/],
    [{ METRICS_PORT: '99999' }, /METRICS_PORT must be a whole number/],
    [{ METRICS_PORT: 'nine' }, /METRICS_PORT must be a whole number/],
    [{ METRICS_PORT: '3000' }, /METRICS_PORT must differ from PORT/],
    [{ METRICS_PORT: '9464', METRICS_HOST: 'not a host' }, /METRICS_HOST must be an IP address/],
    [{ METRICS_HOST: '0.0.0.0' }, /METRICS_HOST is set without METRICS_PORT/],
  ])('refuses %p', (env, problem) => {
    expect(read(env).problems.join('\n')).toMatch(problem);
  });

  it('is part of the one configuration, whose errors are listed together', () => {
    expect(readConfig({ NODE_ENV: 'test', METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ token: undefined, port: 9464, host: '0.0.0.0' });
    expect(() => readConfig({ NODE_ENV: 'test', METRICS_PORT: '3000', TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY[\s\S]*METRICS_PORT must differ from PORT/);
  });
});

describe('the outbox gauge', () => {
  it('is absent until something can read the outbox, then reads it at each scrape', async () => {
    const metrics = createMetrics();
    expect(await metrics.registry.metrics()).not.toContain('lv_grade_outbox_pending');
    let pending = 3;
    metrics.readOutboxDepthFrom(async () => pending);
    expect(await metrics.registry.metrics()).toContain('lv_grade_outbox_pending 3');
    pending = 0;
    expect(await metrics.registry.metrics()).toContain('lv_grade_outbox_pending 0');
  });

  it('when the store cannot answer, then the gauge says NaN and the rest of the scrape is served', async () => {
    const metrics = createMetrics({ outboxDepth: async () => Promise.reject(new Error('store down')) });
    const text = await metrics.registry.metrics();
    // prom-client spells it "Nan"; Prometheus reads NaN in any case (Go's ParseFloat).
    expect(text).toMatch(/^lv_grade_outbox_pending nan$/im);
    expect(text).toContain('lv_launches_accepted_total 0');
  });
});
