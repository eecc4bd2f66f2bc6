/**
 * The badge as an LMS shows it: a course page on another site (http://localhost:<port>) holding the
 * pasted snippet, the image served by the tool (http://127.0.0.1:<port>). Chromium must load it there,
 * even on a page that demands Cross-Origin-Resource-Policy of what it embeds (COEP require-corp).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { badgeSnippet } from '../../src/catalogue/badge/badge-snippet';
import type { BadgeLookup, BadgeSource } from '../../src/catalogue/badge/badge-source';
import { launchChromium, screenshotPath, seriousA11yViolations } from '../support/chromium';
import { badgeApp } from '../support/badge-app';

const RATED = 'ratedToken_0123456789abcd';
const FEW = 'fewToken-0123456789abcdef';
const POPULAR = 'popularToken_0123456789ab';
const LOOKUPS: Record<string, BadgeLookup> = {
  [RATED]: { state: 'ok', title: 'Excel for accountants', figures: { average: 3.7, count: 12, aspects: { content: 4.2, usefulness: 3.4 } } },
  [FEW]: { state: 'too-few', minRatings: 3, title: 'Negotiation basics' },
  [POPULAR]: { state: 'ok', title: 'Project management', figures: { average: 4.96, count: 1234 } },
};
const source: BadgeSource = { lookup: async (token) => LOOKUPS[token] ?? { state: 'unknown' } };

const servers: http.Server[] = [];
let browser: Browser;
let toolOrigin: string;
let lmsOrigin: string;

async function listen(app: express.Express): Promise<number> {
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A course page as an LMS serves it, with the snippets the command prints pasted into its summary. */
function lmsApp(): express.Express {
  const app = express();
  const snippet = (token: string, locale: 'en' | 'fr') => badgeSnippet({ baseUrl: toolOrigin, token, title: String((LOOKUPS[token] as { title?: string }).title), locale });
  const page = (locale: 'en' | 'fr') => `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>Courses</title>
    <style>body{font-family:sans-serif;margin:0;padding:12px;background:#fff} h1{font-size:20px;margin:0 0 8px} h2{font-size:16px;margin:0 0 4px}.course{padding:6px 0}</style></head>
    <body><main><h1>${locale === 'fr' ? 'Cours' : 'Courses'}</h1>
    <div class="course" id="rated"><h2>${locale === 'fr' ? 'Excel pour comptables' : 'Excel for accountants'}</h2>${snippet(RATED, locale)}</div>
    <div class="course" id="popular"><h2>${locale === 'fr' ? 'Gestion de projet' : 'Project management'}</h2>${snippet(POPULAR, locale)}</div>
    <div class="course" id="few"><h2>${locale === 'fr' ? 'Bases de la négociation' : 'Negotiation basics'}</h2>${snippet(FEW, locale)}</div>
    </main></body></html>`;
  app.get('/course/:locale', (req, res) => res.type('html').send(page(req.params.locale === 'fr' ? 'fr' : 'en')));
  // A stricter LMS page: every cross-origin subresource must allow itself with CORP.
  app.get('/isolated', (_req, res) => {
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Isolated</title></head><body><main>
      ${snippet(RATED, 'en')}<img id="control" src="${toolOrigin}/control.svg" alt="control" width="20" height="20"></main></body></html>`);
  });
  return app;
}

beforeAll(async () => {
  const tool = badgeApp(source);
  // The negative control: the same kind of image without CORP cross-origin, which a COEP page must refuse.
  const withControl = express();
  withControl.get('/control.svg', (_req, res) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.type('image/svg+xml').send('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20"/></svg>');
  });
  withControl.use(tool);
  toolOrigin = `http://127.0.0.1:${await listen(withControl)}`;
  // localhost and 127.0.0.1 are two sites to the browser: the image is loaded cross-site, as from an LMS.
  lmsOrigin = `http://localhost:${await listen(lmsApp())}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function newPage(scale = 1): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 480, height: 300 }, deviceScaleFactor: scale })).newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

/** naturalWidth once the image has settled (0 when it failed or was blocked). */
async function loadedWidth(page: Page, selector: string): Promise<number> {
  await page.waitForFunction((sel) => document.querySelector<HTMLImageElement>(sel)?.complete === true, selector);
  return page.evaluate((sel) => document.querySelector<HTMLImageElement>(sel)!.naturalWidth, selector);
}

describe('the badge on an LMS page of another site', () => {
  it('loads in the pasted <img>, is named by its alt and links to the public page in a new tab', async () => {
    const page = await newPage();
    await page.goto(`${lmsOrigin}/course/en`);
    expect(await loadedWidth(page, '#rated img')).toBe(160);
    expect(await loadedWidth(page, '#few img')).toBe(160);
    const link = page.getByRole('link', { name: 'Learner ratings for Excel for accountants' });
    expect(await link.getAttribute('href')).toBe(`${toolOrigin}/badge/${RATED}`);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('loads on a page that requires CORP of cross-origin images, where an image without it is blocked', async () => {
    const page = await newPage();
    await page.goto(`${lmsOrigin}/isolated`);
    expect(await loadedWidth(page, 'a img')).toBe(160);
    expect(await loadedWidth(page, '#control')).toBe(0);
    await page.context().close();
  });

  it('opened on its own, is parsed as well-formed XML, named by its title, and may load nothing', async () => {
    const page = await newPage();
    const res = await page.goto(`${toolOrigin}/badge/${RATED}.svg?lang=fr`);
    expect(res!.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
    // Chromium parses an SVG document with its XML parser and shows a <parsererror> when it is not well-formed.
    const doc = await page.evaluate(() => ({
      root: document.documentElement.localName,
      errors: document.getElementsByTagName('parsererror').length,
      title: document.querySelector('title')?.textContent,
    }));
    expect(doc).toEqual({ root: 'svg', errors: 0, title: 'Noté 3,7 sur 5 par 12 apprenants' });
    // Its CSP (default-src 'none') holds: not even its own origin can be reached from it.
    const fetched = await page.evaluate(async (url) => fetch(url).then(() => 'fetched', () => 'blocked'), `${toolOrigin}/badge/${RATED}`);
    expect(fetched).toBe('blocked');
    await page.context().close();
  });

  it('opens a public page that passes axe-core', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 375, height: 700 });
    await page.goto(`${toolOrigin}/badge/${RATED}`);
    await page.getByRole('heading', { level: 1, name: 'Excel for accountants' }).waitFor();
    expect(await loadedWidth(page, '.badge-entry__image')).toBe(160);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('badge-page-375.png'), fullPage: true });
    await page.context().close();
  });

  it.each(['en', 'fr'] as const)('looks right at 2× in %s (screenshot)', async (locale) => {
    const page = await newPage(2);
    await page.goto(`${lmsOrigin}/course/${locale}`);
    await loadedWidth(page, '#few img');
    await page.locator('main').screenshot({ path: screenshotPath(`badge-${locale}.png`) });
    await page.context().close();
  });
});
