/**
 * Launch rate limits through real launches from the test platform, all from one address (127.0.0.1),
 * as a class behind a school's NAT: people are never refused as a crowd; garbage from one address,
 * one user launching far too often, or one platform beyond its ceiling are, with a page that says
 * when to retry.
 */
import type { Response } from 'supertest';
import request from 'supertest';
import type { TestPlatform, UserInput } from '../../src/demo/test-platform';
import { findForm } from '../support/browser';
import { startHarness, type Harness } from '../support/tool-harness';

/**
 * One launch up to the tool's answer to the id_token post: login initiation → platform authorization
 * (its auto-submitted form) → POST /lti/launch. A 303 to /s/<id>/… means a session was opened; the
 * panel page itself is not fetched (it has nothing to do with limits, and 1,000 renders cost time).
 */
async function launchOnce(h: Harness, user: UserInput, platform: TestPlatform = h.platform, headers: Record<string, string> = {}): Promise<Response> {
  const browser = h.browser();
  const initiation = platform.prepareLaunch({ user });
  const login = await browser.post(initiation.url, initiation.params, headers);
  if (login.status !== 302) return login;
  const authorization = await browser.get(login.headers.location, headers);
  const form = findForm(authorization.text);
  if (!form) throw new Error(`the platform answered no form (${authorization.status})`);
  return browser.post(form.action, form.fields, headers);
}

const opened = (res: Response) => res.status === 303 && /^\/s\/[A-Za-z0-9_-]+\//.test(String(res.headers.location));

/** Runs `task` for 0..count-1 with at most `width` at a time. */
async function inParallel<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  }));
  return results;
}

const garbageLaunch = (h: Harness, headers: Record<string, string> = {}) =>
  request(h.baseUrl).post('/lti/launch').set(headers).type('form').send({ id_token: 'not.a.jwt', state: 'made-up' });

describe('with the default ceilings', () => {
  let h: Harness;
  beforeAll(async () => {
    // The default ceilings, counted over an hour instead of a minute: however slow the machine running
    // this test, all 1,000 launches fall in one window, which is harsher than "within a minute".
    h = await startHarness({ env: { LAUNCH_LIMIT_WINDOW_SECONDS: '3600' } });
  });
  afterAll(async () => h.close());

  it('when 1,000 distinct users launch from one address within a minute, then none is refused', async () => {
    const started = Date.now();
    const cpu = process.cpuUsage();
    const results = await inParallel(1000, 8, (i) => launchOnce(h, { sub: `campus-${i}` }));
    const refused = results.filter((res) => !opened(res)).map((res) => res.status);
    expect(refused).toEqual([]);
    if (process.env.SHOW_TIMINGS) {
      const used = process.cpuUsage(cpu);
      console.info(`1,000 launches from one address in ${((Date.now() - started) / 1000).toFixed(1)} s (${((used.user + used.system) / 1e6).toFixed(1)} s of CPU)`);
    }
  }, 180_000);
});

describe('refused requests from one address', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { LAUNCH_LIMIT_FAILURES_PER_IP: '20' } });
  });
  afterAll(async () => h.close());

  it('when an address launches successfully more often than the failure ceiling, then it is not limited', async () => {
    const results = await inParallel(30, 4, (i) => launchOnce(h, { sub: `good-${i}` }));
    expect(results.filter((res) => !opened(res)).map((res) => res.status)).toEqual([]);
  });

  it('when an address sends garbage beyond the ceiling, then it gets 429 with a page that says when to retry', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await garbageLaunch(h)).status);
    // Bodies the parsers refuse count too (the address limits run before them).
    for (let i = 0; i < 10; i++) statuses.push((await request(h.baseUrl).post('/lti/login').set({ 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Encoding': 'gzip' }).send(Buffer.from('garbage'))).status);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect(statuses.every((s) => s >= 400 && s < 500)).toBe(true);

    const limited = await garbageLaunch(h);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.text).toContain('Too many requests');
    expect(limited.text).toMatch(new RegExp(`Please try again in (${retryAfter}|${retryAfter - 1}) seconds?\\.`));

    const french = await garbageLaunch(h, { 'Accept-Language': 'fr' });
    expect(french.status).toBe(429);
    expect(french.text).toMatch(/Réessayez dans \d+ secondes?\./);
  });
});

describe('one user, one platform', () => {
  let h: Harness;
  let other: TestPlatform;
  beforeAll(async () => {
    h = await startHarness({ env: { LAUNCH_LIMIT_PER_USER: '5', LAUNCH_LIMIT_PER_PLATFORM: '40', LAUNCH_LIMIT_FAILURES_PER_IP: '4' } });
    other = await h.addPlatform('other-platform');
  });
  afterAll(async () => h.close());

  it('when one user launches too often, then that user is refused with a retry page in their language, and others are not', async () => {
    const keen = { sub: 'keen-learner', locale: 'fr-FR' };
    for (let i = 0; i < 5; i++) expect(opened(await launchOnce(h, keen))).toBe(true);
    const limited = await launchOnce(h, keen);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.text).toContain('Trop de requêtes');
    expect(limited.text).toMatch(/Réessayez dans \d+ secondes?\./);

    // More refused launches of that user than the address's failure ceiling: they are not garbage,
    // so the rest of the class behind the same address still gets in.
    for (let i = 0; i < 6; i++) expect((await launchOnce(h, keen)).status).toBe(429);
    expect(opened(await launchOnce(h, { sub: 'classmate' }))).toBe(true);
    // The same user id on another platform is another person.
    expect(opened(await launchOnce(h, keen, other))).toBe(true);
  });

  it('when a platform launches beyond its ceiling, then its launches are refused and another platform is not affected', async () => {
    const results = await inParallel(50, 4, (i) => launchOnce(h, { sub: `crowd-${i}` }));
    const refused = results.filter((res) => !opened(res));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((res) => res.status === 429)).toBe(true);
    expect(opened(await launchOnce(h, { sub: 'someone-elsewhere' }, other))).toBe(true);
  });
});

describe('the campus ceiling on one address', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { LAUNCH_LIMIT_REQUESTS_PER_IP: '6' } });
  });
  afterAll(async () => h.close());

  it('counts login initiations only: the id_token posts that follow them are not counted again', async () => {
    // Six launches are twelve requests to /lti/login and /lti/launch: all open a session.
    const results = await inParallel(6, 2, (i) => launchOnce(h, { sub: `ceiling-${i}` }));
    expect(results.filter((res) => !opened(res)).map((res) => res.status)).toEqual([]);
    // The seventh login from that address is over the ceiling, with its retry page.
    const initiation = h.platform.prepareLaunch({ user: { sub: 'one-too-many' } });
    const refused = await h.browser().post(initiation.url, initiation.params);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.text).toContain('Too many requests');
  });
});
