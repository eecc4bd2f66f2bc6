/**
 * The training managers page in Chromium at 320 and 1024 px: no serious axe violation, the form
 * usable by keyboard alone (a designation added and its 422 shown at the field), screenshots.
 */
import type { Browser } from 'playwright-core';
import { launch, startHarness, type Harness } from '../support/tool-harness';
import { launchChromium, screenshotPath, seriousA11yViolations } from '../support/chromium';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2';
const ADMIN = [`${LIS}/institution/person#Administrator`, `${LIS}/membership#Instructor`, `${LIS}/system/person#Administrator`];

let h: Harness;
let chromium: Browser;
let managersUrl: string;

beforeAll(async () => {
  [h, chromium] = await Promise.all([startHarness(), launchChromium()]);
  const { url } = await launch(h, { user: { sub: 'admin-1', givenName: 'Ada', familyName: 'Admin', roles: ADMIN, locale: 'en' } });
  managersUrl = `${/^(.*\/s\/[A-Za-z0-9_-]+)/.exec(url)![1]}/listening/managers`;
  await h.storage.managers.addDesignation({ issuer: h.platform.issuer, clientId: h.platform.clientId }, { kind: 'role', role: 'https://moodle.example/roles#TrainingManager' }, { id: 'cli', name: '' }, new Date('2026-11-02T10:00:00Z'));
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await h?.close();
});

it.each([320, 1024])('at %i px: accessible, keyboard-usable, with a refusal at the field and a designation added', async (width) => {
  const context = await chromium.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(managersUrl);
  await page.getByRole('heading', { level: 1, name: 'Training managers' }).waitFor();

  // Keyboard only: the role radio, a value with spaces, submit.
  await page.getByLabel('LMS role: everyone with this role').focus();
  await page.keyboard.press('Space');
  await page.getByLabel('User id or role').focus();
  await page.keyboard.type('Training manager');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').waitFor();
  expect(await page.getByLabel('User id or role').inputValue()).toBe('Training manager');
  expect(await page.getByLabel('User id or role').getAttribute('aria-invalid')).toBe('true');
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath(`listening-managers-422-${width}.png`), fullPage: true });

  await page.getByLabel('User id or role').fill(`Mentor${width}`);
  await page.keyboard.press('Enter');
  await page.getByRole('status').waitFor();
  expect(await page.locator('body').textContent()).toContain(`Mentor${width}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: screenshotPath(`listening-managers-${width}.png`), fullPage: true });
  await context.close();
});
