/**
 * The mentions pages as a browser shows them, from a real launch (the session lives in the URL):
 * the feeds page with a failing feed and the course page with mentions of each sentiment, at 320
 * and 1024 px, in English and French. axe finds nothing serious, nothing scrolls sideways, and the
 * screenshots go to docs/screenshots (UPDATE_SCREENSHOTS=1).
 */
import type { Browser } from 'playwright-core';
import type { Mention } from '../../src/storage/ports/mentions';
import { launchChromium, screenshotPath, seriousA11yViolations } from '../support/chromium';
import { launch, startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
let browser: Browser;
const sessions: Record<'en' | 'fr', string> = { en: '', fr: '' };

beforeAll(async () => {
  [h, browser] = await Promise.all([startHarness(), launchChromium()]);
  const deployment = { issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId };
  for (const locale of ['en', 'fr'] as const) {
    const { url } = await launch(h, { user: 'admin', locale: locale === 'fr' ? 'fr-FR' : 'en-GB' });
    sessions[locale] = /^(.*\/s\/[A-Za-z0-9_-]+)\//.exec(url)![1];
  }
  const contextId = h.platform.course.id;
  await h.storage.mentions.setKeywords({ ...deployment, contextId }, ['Python avancé', 'évaluation'], 'admin', new Date());
  const forum = (await h.storage.mentions.addFeed({ deployment, title: 'Forum interne', url: 'https://forum.example/c/formations.atom', addedBy: 'admin' }, new Date()))!;
  const broken = (await h.storage.mentions.addFeed({ deployment, title: 'Mastodon #pythonavance', url: 'https://social.example/tags/pythonavance.rss', addedBy: 'admin' }, new Date()))!;
  await h.storage.mentions.recordFetch(broken.id, { kind: 'failure', at: new Date(), nextAttemptAt: new Date(Date.now() + 60_000), error: 'timeout' });
  const post = (key: string, over: Partial<Mention>) => ({ contextId, entryKey: key, title: '', excerpt: '', url: `https://forum.example/t/${key}`, sentimentScore: 0, sentimentLabel: 'neutral' as const, keywords: ['Python avancé'], ...over });
  await h.storage.mentions.recordFetch(forum.id, {
    kind: 'success', at: new Date(), nextAttemptAt: new Date(Date.now() + 6 * 3_600_000),
    mentions: [
      post('1', { title: 'Retour sur la formation Python avancé', excerpt: 'Formation très intéressante et bien organisée, la formatrice était passionnante. Je recommande !', sentimentScore: 6, sentimentLabel: 'positive', publishedAt: new Date('2026-11-05T11:00:00Z') }),
      post('2', { title: 'Question sur l’ÉVALUATION des acquis', excerpt: 'L’évaluation du module était confuse et trop longue, je suis déçu.', sentimentScore: -4, sentimentLabel: 'negative', keywords: ['évaluation'], publishedAt: new Date('2026-11-05T11:30:00Z') }),
      post('3', { title: 'Where is the Python avancé room? https://forum.example/a/very/long/path/without/any/space/to/wrap/at/all', sentimentLabel: 'neutral', publishedAt: new Date('2026-11-04T09:00:00Z') }),
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('the mentions pages', () => {
  // Three views rather than every combination: axe takes seconds per page on a shared machine.
  it.each([
    ['feeds', 'en', 320, '/listening/mentions'],
    ['course', 'en', 320, '/listening/mentions/courses/COURSE'],
    ['course', 'fr', 1024, '/listening/mentions/courses/COURSE'],
  ] as const)('the %s page (%s, %i px) has no serious axe violation and fits the screen', async (name, locale, width, pathname) => {
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    const response = await page.goto(`${sessions[locale]}${pathname.replace('COURSE', encodeURIComponent(h.platform.course.id))}`);
    expect(response?.status()).toBe(200);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: screenshotPath(`mentions-${name}-${locale}-${width}.png`), fullPage: true });
    await page.context().close();
  });
});
