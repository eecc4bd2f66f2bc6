/**
 * The per-course Listening page and a topic page in headless Chromium, on the seeded course of
 * test/support/listening-course-seed.ts: a platform administrator (English) and the course's
 * instructor (French) at 320 and 1024 px. axe finds nothing serious with every disclosure open,
 * nothing is wider than the screen, the CSP refuses nothing, and a keyboard reaches a topic's texts.
 * Screenshots go to test-results/screenshots (docs/screenshots with UPDATE_SCREENSHOTS=1).
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotPath, seriousA11yViolations } from '../support/chromium';
import { LISTENING_COURSES, seedListeningCourse } from '../support/listening-course-seed';
import { openSession } from '../support/review-session';
import { launch, startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
let browser: Browser;
let adminBase: string;
let instructorBase: string;

beforeAll(async () => {
  h = await startHarness({ courses: LISTENING_COURSES });
  const teacher = await openSession(h, { sub: 'teacher-21', givenName: 'Tea', familyName: 'Cher', locale: 'fr', instructor: true }, { course: '21' });
  instructorBase = teacher.base;
  await seedListeningCourse(h);
  const { url } = await launch(h, { user: 'admin', contextless: true, custom: { panel: 'catalogue' } });
  adminBase = /^(.*\/s\/[A-Za-z0-9_-]+)/.exec(url)![1];
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function open(url: string, width: number): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(error.message));
  const res = await page.goto(url);
  expect(res?.status()).toBe(200);
  return { page, problems };
}

async function checkAndShoot(page: Page, problems: string[], width: number, name: string) {
  for (const summary of await page.locator('details > summary').all()) await summary.click();
  expect(await seriousA11yViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  expect(problems).toEqual([]);
  await page.screenshot({ path: screenshotPath(`${name}-${width}.png`), fullPage: true });
}

describe('the per-course Listening page in Chromium', () => {
  for (const width of [320, 1024]) {
    it(`at ${width} px: the manager’s page and the instructor’s page in French pass axe, fit the screen and load under the CSP`, async () => {
      const manager = await open(`${adminBase}/listening/courses/21`, width);
      await manager.page.getByRole('heading', { level: 1, name: 'Listening: Excel for accountants' }).waitFor();
      await checkAndShoot(manager.page, manager.problems, width, 'listening-course');
      await manager.page.context().close();

      const instructor = await open(`${instructorBase}/listening/courses/21?by=week`, width);
      await instructor.page.getByRole('heading', { level: 1, name: 'Écoute\u202f: Excel for accountants' }).waitFor();
      await expect(instructor.page.getByRole('link', { name: 'Semaine' }).getAttribute('aria-current')).resolves.toBe('page');
      await checkAndShoot(instructor.page, instructor.problems, width, 'listening-course-fr');
      await instructor.page.context().close();

      const topic = await open(`${adminBase}/listening/courses/21/topics/pace`, width);
      await checkAndShoot(topic.page, topic.problems, width, 'listening-topic');
      await topic.page.context().close();
    });
  }

  it('a keyboard reaches a topic from the course page and comes back', async () => {
    const { page } = await open(`${adminBase}/listening/courses/21`, 1024);
    const link = page.getByRole('link', { name: 'exercises', exact: true });
    // Tab until the topic link has the focus: every control before it is reachable too.
    for (let i = 0; i < 60 && !(await link.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(link.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Topic “exercises”' }).waitFor();
    await expect(page.locator('.lc-mention').count()).resolves.toBe(5);
    await page.getByRole('link', { name: /Back to the course/ }).press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Listening: Excel for accountants' }).waitFor();
    await page.context().close();
  });
});
