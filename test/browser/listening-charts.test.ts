/**
 * The Listening charts as a browser draws them: a static page of every chart kind, served with the
 * tool's own security headers (so a style attribute or inline script would be refused by the CSP
 * and reported), at 320 and 1024 px, in English and French. axe finds nothing serious, no two date
 * labels of an axis overlap, every chart fits the screen, and the screenshots go to docs/screenshots.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { securityHeaders } from '../../src/http/security-headers';
import { chartPage } from '../support/chart-page';
import { launchChromium, screenshotPath, seriousA11yViolations } from '../support/chromium';

let server: http.Server;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  const app = express();
  app.use(securityHeaders());
  app.use('/static', express.static(path.resolve(__dirname, '../../public'), { index: false }));
  app.get('/favicon.ico', (_req, res) => res.status(204).end());
  app.get('/charts/:locale', (req, res) => res.type('html').send(chartPage(req.params.locale === 'fr' ? 'fr' : 'en')));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function openCharts(width: number, locale: 'en' | 'fr'): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${baseUrl}/charts/${locale}`);
  return { page, problems };
}

/** Each axis's date labels as the browser lays them out, in CSS pixels. */
function xLabelBoxes(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<SVGSVGElement>('svg.chart__svg'), (svg) =>
      Array.from(svg.querySelectorAll('.chart__x-label'), (label) => {
        const box = label.getBoundingClientRect();
        return { text: label.textContent ?? '', left: box.left, right: box.right, top: box.top, bottom: box.bottom, fontPx: parseFloat(getComputedStyle(label).fontSize) * (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width) };
      }),
    ),
  );
}

/** WCAG contrast ratio of two rgb() colours. */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, bl] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('Listening charts in Chromium', () => {
  for (const width of [320, 1024]) {
    for (const locale of ['en', 'fr'] as const) {
      it(`at ${width} px in ${locale}: no serious axe violation, no overlapping date labels, nothing wider than the screen, no CSP refusal`, async () => {
        const { page, problems } = await openCharts(width, locale);
        // Open every disclosure, so that axe checks the tables too.
        for (const summary of await page.locator('details.chart__data > summary').all()) await summary.click();
        expect(await seriousA11yViolations(page)).toEqual([]);

        const axes = await xLabelBoxes(page);
        expect(axes.length).toBe(3);
        for (const labels of axes) {
          expect(labels.length).toBeGreaterThanOrEqual(2);
          for (let i = 1; i < labels.length; i++) expect(labels[i].left).toBeGreaterThanOrEqual(labels[i - 1].right);
        }
        const svgRight = await page.evaluate(() => Math.max(...Array.from(document.querySelectorAll('svg'), (svg) => svg.getBoundingClientRect().right)));
        expect(svgRight).toBeLessThanOrEqual(width);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        // Date labels stay readable where the chart is drawn smallest.
        for (const labels of axes) for (const label of labels) expect(label.fontPx).toBeGreaterThanOrEqual(width === 320 ? 10 : 12);
        expect(problems).toEqual([]);

        if (locale === 'en') {
          for (const summary of await page.locator('details.chart__data > summary').all()) await summary.click();
          await page.screenshot({ path: screenshotPath(`listening-chart-${width}.png`), fullPage: true });
        }
        await page.context().close();
      });
    }
  }

  it('draws lines, dots, bars and rules at 3:1 or more on white, and chart text at 4.5:1 or more (WCAG 1.4.11, 1.4.3)', async () => {
    const { page } = await openCharts(1024, 'en');
    const paints = await page.evaluate(() => {
      const found: Array<{ what: string; colour: string; text: boolean }> = [];
      const visible = (c: string) => c !== 'none' && !/rgba\(.*,\s*0\)$/.test(c);
      for (const el of Array.from(document.querySelectorAll('svg.chart__svg, svg.sparkline'))) {
        for (const mark of Array.from(el.querySelectorAll('.chart__line, .sparkline__line, .chart__marker line'))) {
          found.push({ what: mark.getAttribute('class') ?? mark.tagName, colour: getComputedStyle(mark).stroke, text: false });
        }
        for (const mark of Array.from(el.querySelectorAll('.chart__shapes, .chart__dots, .chart__bars rect, .sparkline__end, .chart__marker--version rect'))) {
          found.push({ what: mark.getAttribute('class') ?? mark.tagName, colour: getComputedStyle(mark).fill, text: false });
        }
        for (const text of Array.from(el.querySelectorAll('text'))) {
          if (text.closest('.chart__marker--version')) continue; // white on the ink tag, checked below
          found.push({ what: `text ${text.textContent}`, colour: getComputedStyle(text).fill, text: true });
        }
      }
      return found.filter((f) => visible(f.colour));
    });
    expect(paints.length).toBeGreaterThan(50);
    const weak = paints.filter((p) => contrast(p.colour, 'rgb(255, 255, 255)') < (p.text ? 4.5 : 3));
    expect(weak).toEqual([]);
    expect(contrast('rgb(255, 255, 255)', await page.locator('.chart__marker--version rect').first().evaluate((r) => getComputedStyle(r).fill))).toBeGreaterThanOrEqual(4.5);
    await page.context().close();
  });

  it('names each chart by its title and description, and each sparkline by its trend', async () => {
    const { page } = await openCharts(1024, 'fr');
    await expect(page.getByRole('img', { name: /^Note moyenne par semaine Note moyenne hebdomadaire d’Excel pour comptables de janvier à juin 2026, avec le nombre de notes de chaque semaine\. Du 5 janv\. 2026 au 29 juin 2026\s: au plus bas \d,\d, au plus haut \d,\d, en dernier \d,\d\. \d+ notes en tout\. 6 périodes sans note\.$/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('img', { name: 'Note moyenne en hausse de 3,8 à 4,2 sur 90 jours' }).count()).resolves.toBe(1);
    await page.getByText('Données sous forme de tableau').first().click();
    await expect(page.getByRole('table', { name: 'Note moyenne par semaine' }).isVisible()).resolves.toBe(true);
    await page.context().close();
  });
});
