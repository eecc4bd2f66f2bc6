/**
 * The public badge routes, on an Express app set up as src/app.ts sets up the real one (support/badge-app.ts),
 * with a fake BadgeSource that counts its lookups.
 */
import type express from 'express';
import request from 'supertest';
import type { BadgeLookup, BadgeSource } from '../../src/catalogue/badge/badge-source';
import { badgeApp } from '../support/badge-app';

const OK = 'okToken_0123456789abcdef';
const FRENCH = 'frToken-0123456789abcdef';
const FEW = 'fewToken0123456789abcdef';
const OFF = 'offToken0123456789abcdef';
const UNKNOWN = 'noSuchToken0123456789ab';
const HOSTILE = 'hostileToken0123456789ab';
const BROKEN = 'brokenToken0123456789abc';

const LOOKUPS: Record<string, BadgeLookup> = {
  [OK]: { state: 'ok', title: 'Excel for accountants', figures: { average: 3.7, count: 12, aspects: { content: 4.2, trainer: 3.9 } }, courseUrl: 'https://moodle.example.edu/course/view.php?id=7' },
  [FRENCH]: { state: 'ok', title: 'Gestion de projet', figures: { average: 4.25, count: 1, locale: 'fr' } },
  [FEW]: { state: 'too-few', minRatings: 5, title: 'New course', courseUrl: 'javascript:alert(1)' },
  [OFF]: { state: 'off' },
  [BROKEN]: { state: 'ok', title: 'Broken figures', figures: { average: Number.NaN, count: 0 } },
  [HOSTILE]: { state: 'ok', title: '<img src=x onerror=alert(1)> & "Q"', figures: { average: 2, count: 3 } },
};

class FakeSource implements BadgeSource {
  readonly calls: string[] = [];
  failNext = false;
  async lookup(token: string): Promise<BadgeLookup> {
    this.calls.push(token);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('store unreachable');
    }
    return LOOKUPS[token] ?? { state: 'unknown' };
  }
}

let source: FakeSource;
let app: express.Express;
beforeEach(() => {
  source = new FakeSource();
  app = badgeApp(source);
});

describe('GET /badge/<token>.svg', () => {
  it('serves the image with the headers an image embedded by other sites needs', async () => {
    const res = await request(app).get(`/badge/${OK}.svg`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['etag']).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['set-cookie']).toBeUndefined();
    const svg = res.body.toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<title id="lv-badge-title">Rated 3.7 out of 5 by 12 learners</title>');
  });

  it('answers 304 to a request that already holds the same image, and a new ETag when the image differs', async () => {
    const first = await request(app).get(`/badge/${OK}.svg`);
    const again = await request(app).get(`/badge/${OK}.svg`).set('If-None-Match', first.headers['etag']);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers['etag']).toBe(first.headers['etag']);
    expect(again.headers['cache-control']).toBe('public, max-age=300');
    const french = await request(app).get(`/badge/${OK}.svg?lang=fr`).set('If-None-Match', first.headers['etag']);
    expect(french.status).toBe(200);
    expect(french.headers['etag']).not.toBe(first.headers['etag']);
  });

  it('speaks ?lang=en|fr, else the course language, else English', async () => {
    const svgOf = async (path: string) => (await request(app).get(path)).body.toString('utf8') as string;
    expect(await svgOf(`/badge/${FRENCH}.svg`)).toContain('Noté 4,3 sur 5 par 1 apprenant<');
    expect(await svgOf(`/badge/${FRENCH}.svg?lang=en`)).toContain('Rated 4.3 out of 5 by 1 learner<');
    expect(await svgOf(`/badge/${FRENCH}.svg?lang=de`)).toContain('Noté 4,3');
    expect(await svgOf(`/badge/${FRENCH}.svg?lang[]=en`)).toContain('Noté 4,3');
    expect(await svgOf(`/badge/${OK}.svg?lang=fr`)).toContain('Noté 3,7 sur 5 par 12 apprenants');
    expect(await svgOf(`/badge/${OK}.svg?lang=xx`)).toContain('Rated 3.7');
  });

  it('below the minimum, serves a neutral image without any figure', async () => {
    const res = await request(app).get(`/badge/${FEW}.svg?lang=fr`);
    expect(res.status).toBe(200);
    const svg = res.body.toString('utf8');
    expect(svg).toContain('Avis bientôt');
    expect(svg).not.toMatch(/sur 5|\(\d+\)/);
  });

  it('never states figures the store got wrong: they are shown as no figure', async () => {
    const svg = (await request(app).get(`/badge/${BROKEN}.svg`)).body.toString('utf8');
    expect(svg).toContain('Reviews open soon');
    expect(svg).not.toMatch(/NaN|out of 5/);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await request(app).head(`/badge/${OK}.svg`);
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(500);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
  });
});

describe('tokens that show nothing', () => {
  it('answers 404 alike for an unknown and a switched-off badge, image and page', async () => {
    const pages = await Promise.all([`/badge/${UNKNOWN}.svg`, `/badge/${OFF}.svg`, `/badge/${UNKNOWN}`, `/badge/${OFF}`].map((path) => request(app).get(path)));
    for (const res of pages) {
      expect(res.status).toBe(404);
      expect(res.text).toContain('Page not found');
      expect(res.headers['cache-control']).toBeUndefined();
    }
    expect(pages[1].text).toBe(pages[0].text);
    expect(pages[3].text).toBe(pages[2].text);
  });

  it.each([
    ['too short', 'abc123'],
    ['too long', 'a'.repeat(65)],
    ['not base64url', 'abcdefghijklmnop$qrs'],
    ['padded', 'abcdefghijklmnopqrs='],
    ['a dot inside', 'abcdefghijklmnop.qrst'],
    ['another extension', `${OK}.png`],
    ['encoded slash', `${OK.slice(0, 10)}%2F${OK.slice(10)}`],
    ['NUL byte', `${OK}%00`],
    ['bad percent-encoding', `${OK}%E0%A4%A`],
  ])('refuses a token that is %s with a 404, without asking the store', async (_why, name) => {
    for (const path of [`/badge/${name}`, `/badge/${name}.svg`]) {
      const res = await request(app).get(path);
      expect(res.status).toBe(404);
    }
    expect(source.calls).toEqual([]);
  });

  it('shows the 404 page in the language asked for', async () => {
    const res = await request(app).get(`/badge/${OFF}?lang=fr`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page introuvable');
  });

  it('turns a store failure into an error page, and asks the store again next time', async () => {
    source.failNext = true;
    const failed = await request(app).get(`/badge/${OK}.svg`);
    expect(failed.status).toBe(500);
    const next = await request(app).get(`/badge/${OK}.svg`);
    expect(next.status).toBe(200);
    expect(source.calls).toEqual([OK, OK]);
  });
});

describe('GET /badge/<token>: the public catalogue entry', () => {
  it('shows the title, the figures, the aspects and what is shared where, with the normal page headers', async () => {
    const res = await request(app).get(`/badge/${OK}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['vary']).toMatch(/Accept-Language/);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(res.headers['content-security-policy']).toContain("img-src 'self'");
    expect(res.text).toContain('<h1 id="badge-heading">Excel for accountants</h1>');
    expect(res.text).toContain('Rated 3.7 out of 5 by 12 learners');
    expect(res.text).toContain('Content: 4.2 out of 5');
    expect(res.text).toContain('Trainer: 3.9 out of 5');
    expect(res.text).toContain('What learners say is shown to learners of the platform in the catalogue.');
    expect(res.text).toContain(`src="/badge/${OK}.svg?lang=en"`);
    expect(res.text).toContain('href="https://moodle.example.edu/course/view.php?id=7"');
  });

  it('speaks French from ?lang or Accept-Language, ?lang first', async () => {
    const byHeader = await request(app).get(`/badge/${OK}`).set('Accept-Language', 'fr-CA,fr;q=0.9,en;q=0.5');
    expect(byHeader.text).toContain('<html lang="fr">');
    expect(byHeader.text).toContain('Noté 3,7 sur 5 par 12 apprenants');
    expect(byHeader.text).toContain('Contenu\u202f: 4,2 sur 5');
    const byQuery = await request(app).get(`/badge/${OK}?lang=en`).set('Accept-Language', 'fr');
    expect(byQuery.text).toContain('Rated 3.7 out of 5');
    // A browser that speaks neither gets the course's language.
    const german = await request(app).get(`/badge/${FRENCH}`).set('Accept-Language', 'de-DE');
    expect(german.text).toContain('Noté 4,3 sur 5 par 1 apprenant');
  });

  it('below the minimum, says when figures will show, and never prints a link that is not http(s)', async () => {
    const res = await request(app).get(`/badge/${FEW}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Ratings are shown once 5 learners have rated this course.');
    expect(res.text).not.toContain('javascript:');
    expect(res.text).not.toMatch(/out of 5/);
  });

  it('escapes a hostile course title', async () => {
    const res = await request(app).get(`/badge/${HOSTILE}`);
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &#34;Q&#34;');
  });
});

describe('load', () => {
  it('asks the store once per token and minute, however many images a listing fetches, even at once', async () => {
    await Promise.all(Array.from({ length: 5 }, () => request(app).get(`/badge/${OK}.svg`)));
    await request(app).get(`/badge/${OK}`);
    await request(app).get(`/badge/${FEW}.svg`);
    expect(source.calls).toEqual([OK, FEW]);
  });

  it('asks the store again once a lookup is older than the cache time', async () => {
    let now = 1_000_000;
    const timed = badgeApp(source, { cacheMs: 60_000, now: () => now });
    await request(timed).get(`/badge/${OK}.svg`);
    now += 59_000;
    await request(timed).get(`/badge/${OK}.svg`);
    expect(source.calls).toHaveLength(1);
    now += 2_000;
    await request(timed).get(`/badge/${OK}.svg`);
    expect(source.calls).toHaveLength(2);
  });

  it('keeps at most cacheEntries lookups, dropping the least recently used', async () => {
    const small = badgeApp(source, { cacheEntries: 2 });
    for (const token of [OK, FEW, OK, FRENCH, OK, FEW]) await request(small).get(`/badge/${token}.svg`);
    // OK stays (used again each time); FEW is pushed out by FRENCH, then looked up again.
    expect(source.calls).toEqual([OK, FEW, FRENCH, FEW]);
  });

  it('limits each address to requestsPerMinute, with a 429 that says when to come back', async () => {
    const limited = badgeApp(source, { requestsPerMinute: 5 });
    for (let i = 0; i < 5; i++) expect((await request(limited).get(`/badge/${OK}.svg`)).status).toBe(200);
    const refused = await request(limited).get(`/badge/${OK}.svg`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Malformed tokens count too: they are what a scanner sends.
    expect((await request(limited).get('/badge/x')).status).toBe(429);
  });
});
