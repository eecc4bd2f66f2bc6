/**
 * The catalogue in Chromium, as a learner meets it: from the demo's site home (Moodle's front page)
 * into the framed catalogue, searching by keyboard only while the results update as they type (the
 * count announced in a polite live region), a typo answered with "did you mean", the filters, and
 * the course opened in the LMS. axe-core at 320 and 1024 px, no sideways scrolling at 320 px.
 */
import type { Frame, Page } from 'playwright-core';
import { DEMO_CLIENT_ID, DEMO_DEPLOYMENT_ID, DEMO_PLATFORM_PATH } from '../../src/demo/demo-routes';
import { seedDemo } from '../../src/demo/demo-seed';
import { screenshotPath, seriousA11yViolations, useDemoInChromium } from '../support/chromium';

const demo = useDemoInChromium();

beforeAll(async () => {
  await seedDemo(demo.storage, { issuer: demo.baseUrl + DEMO_PLATFORM_PATH, clientId: DEMO_CLIENT_ID, deploymentId: DEMO_DEPLOYMENT_ID }, new Date());
});

async function openCatalogue(width: number): Promise<{ page: Page; frame: Frame; url: string }> {
  const page = await demo.newPage(width, 1400);
  await page.goto(`${demo.baseUrl}${DEMO_PLATFORM_PATH}/?as=learner`);
  await page.locator('#launch-catalogue').click();
  const frame = page.frame({ name: 'tool' })!;
  await frame.waitForURL(/\/s\/[A-Za-z0-9_-]+\/catalogue/);
  await frame.getByRole('heading', { level: 1, name: 'Training catalogue' }).waitFor();
  return { page, frame, url: frame.url() };
}

async function tabTo(page: Page, frame: Frame, selector: string, maxTabs = 40): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await frame.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

it('a learner searches the catalogue by keyboard, with instant results on partial words announced politely and a typo forgiven', async () => {
  const { page, frame, url } = await openCatalogue(1024);
  await frame.getByText('Agile project management').first().waitFor();
  expect(await frame.locator('.catalogue-card').count()).toBeGreaterThanOrEqual(5);

  await tabTo(page, frame, '#catalogue-q');
  await page.keyboard.type('pytho', { delay: 30 });
  const status = frame.locator('#catalogue-status');
  expect(await status.getAttribute('aria-live')).toBe('polite');
  await frame.locator('mark', { hasText: 'Python' }).first().waitFor();
  expect(await status.textContent()).toMatch(/training/);
  // The address follows the search, so the page can be shared or reloaded as it is.
  expect(frame.url()).toContain('q=pytho');

  // A typo on a longer word is forgiven.
  await page.keyboard.press('Control+A');
  await page.keyboard.type('managment', { delay: 30 });
  await frame.locator('mark', { hasText: 'management' }).first().waitFor();

  await page.keyboard.press('Control+A');
  await page.keyboard.type('zzqxw', { delay: 20 });
  await frame.getByText('No training matches “zzqxw”.').waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('agile', { delay: 20 });
  await frame.locator('mark', { hasText: 'Agile' }).first().waitFor();
  await page.screenshot({ path: screenshotPath('catalogue-search-1024.png') });

  // Without JavaScript's help the same search is a GET: load it directly, filters included.
  const direct = await demo.newPage(1024, 1400);
  await direct.goto(`${url.split('?')[0]}?q=agile&min=4`);
  await direct.getByRole('heading', { level: 1, name: 'Training catalogue' }).waitFor();
  expect(await direct.locator('#catalogue-min').inputValue()).toBe('4');
  expect(await seriousA11yViolations(direct)).toEqual([]);
});

it('reads at 320 px without scrolling sideways, and opens a course in the LMS in a new tab', async () => {
  const { page, frame } = await openCatalogue(320);
  await frame.getByText('Agile project management').first().waitFor();
  expect(await frame.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  expect(await seriousA11yViolations(page)).toEqual([]);
  // The tool's own page at 320 px, as a phone shows it (the LMS page around the frame left out).
  const alone = await demo.newPage(320, 1100);
  await alone.goto(frame.url());
  await alone.getByText('Agile project management').first().waitFor();
  await alone.screenshot({ path: screenshotPath('catalogue-320.png') });

  const link = frame.getByRole('link', { name: /Open “Agile project management” in the LMS/ });
  expect(await link.getAttribute('target')).toBe('_blank');
  const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  await tab.waitForLoadState();
  expect(tab.url()).toMatch(/\/course\/view\.php\?id=3$/);
});
