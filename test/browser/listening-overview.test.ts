/**
 * The Listening overview in Chromium, opened from a real launch of a platform administrator: axe
 * finds nothing serious at 320 and 1024 px, the page itself is never wider than the screen (the
 * table scrolls in its own focusable region), the sort links work by keyboard, and the screenshots
 * go to docs/screenshots (UPDATE_SCREENSHOTS=1) or test-results.
 */
import type { Browser as Chromium, Page } from 'playwright-core';
import { ROLE } from '../../src/demo/test-platform/constants';
import { launchChromium, screenshotPath, seriousA11yViolations } from '../support/chromium';
import { seedListeningCourses } from '../support/listening-courses';
import { launch, startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
let chromium: Chromium;
let listening: string;

beforeAll(async () => {
  h = await startHarness();
  const { issuer, clientId, deploymentId } = h.platform;
  await seedListeningCourses(h.storage, { issuer, clientId, deploymentId }, new Date());
  const admin = { sub: 'admin-1', name: 'Ada Admin', roles: [ROLE.instructor, ROLE.institutionAdministrator], membershipRoles: ['Instructor'] };
  const { url } = await launch(h, { user: admin });
  listening = `${/^(.*\/s\/[A-Za-z0-9_-]+)\//.exec(url)![1]}/listening`;
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await h?.close();
});

async function open(width: number): Promise<{ page: Page; problems: string[] }> {
  const page = await (await chromium.newContext({ viewport: { width, height: 900 } })).newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(listening);
  return { page, problems };
}

describe('Listening overview in Chromium', () => {
  for (const width of [320, 1024]) {
    it(`at ${width} px: no serious axe violation, no CSP refusal, the page no wider than the screen`, async () => {
      const { page, problems } = await open(width);
      await expect(page.getByRole('heading', { level: 1, name: 'Listening: all courses' }).isVisible()).resolves.toBe(true);
      await expect(page.getByRole('table', { name: /^Courses, sorted by/ }).isVisible()).resolves.toBe(true);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(problems).toEqual([]);
      await page.screenshot({ path: screenshotPath(`listening-overview-${width}.png`), fullPage: true });
      await page.context().close();
    });
  }

  it('sorts by a column from the keyboard alone, and the table region takes the focus to scroll', async () => {
    const { page } = await open(320);
    await page.getByRole('link', { name: 'Needs attention' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=attention/);
    await expect(page.locator('th[aria-sort="descending"]').textContent()).resolves.toContain('Needs attention');
    await expect(page.locator('tbody tr').first().locator('th').textContent()).resolves.toContain('=Budgeting');
    await page.locator('.overview-table-wrap').focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('.overview-table-wrap').evaluate((el) => el.scrollLeft)).resolves.toBeGreaterThan(0);
    await page.context().close();
  });
});
