/**
 * Alerts in headless Chromium on the demo: the site administrator's alerts page (rules, webhook,
 * delivery log) and a refused webhook form, and the course's needs-attention page with its alerts,
 * acknowledged with the keyboard. Every page is scanned with axe-core at 320 and 1024 px; phone-width
 * pages must not scroll sideways.
 */
import type { Page } from 'playwright-core';
import { screenshotPath, seriousA11yViolations, useDemoInChromium } from '../support/chromium';

const demo = useDemoInChromium();
jest.setTimeout(120_000);
const step = (what: string) => process.env.DEBUG_STEPS && console.log(new Date().toISOString(), what);

async function launch(who: 'admin' | 'instructor'): Promise<string> {
  const course = await demo.newPage(1024);
  await course.goto(`${demo.baseUrl}/demo?as=${who}`);
  await course.getByRole('button', { name: /^Launch as / }).click();
  const frame = course.frame({ name: 'tool' })!;
  await frame.waitForURL(/\/s\/[A-Za-z0-9_-]+\//);
  const sid = /\/s\/([A-Za-z0-9_-]+)\//.exec(frame.url())![1];
  await course.context().close();
  return `${demo.baseUrl}/s/${sid}`;
}

async function check(page: Page, name: string, widths: readonly number[] = [320, 1024]) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    expect(await seriousA11yViolations(page)).toEqual([]);
    if (width === 320) expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: screenshotPath(`${name}-${width}.png`), fullPage: true });
  }
}

describe('alerts in Chromium', () => {
  it('the administrator reads and changes the rules and webhook; the instructor sees and acknowledges the course’s alert', async () => {
    step('start');
    const adminBase = await launch('admin');
    step('admin launched');
    const admin = await demo.newPage(1024);
    await admin.goto(`${adminBase}/listening/alerts`);
    await admin.getByRole('heading', { level: 1, name: 'Alerts: rules and where they go' }).waitFor();
    await admin.getByLabel('Address (https://)').fill('ftp://example.org/hook');
    await admin.getByLabel('Signing secret').fill('short');
    await admin.getByRole('button', { name: 'Save the webhook' }).click();
    await admin.getByRole('alert').filter({ hasText: 'Some fields need a change' }).waitFor();
    step('refused');
    await check(admin, 'alerts-admin-refused', [320]);
    step('checked');

    // An alert of the demo course, as the worker raises it, with one delivery attempt in the log.
    const [platform] = await demo.storage.platforms.listPlatforms();
    const [entry] = await demo.storage.catalogue.listPlatformCourses(platform!);
    const alert = (await demo.storage.alerts.raise(
      { kind: 'average-drop', course: entry!.course, dedupeKey: 'browser-test', reviewIds: [], facts: { ratings: 10, before: 4.5, after: 3.2, drop: 1.3 }, raisedAt: new Date() },
      { webhook: true, emails: [] },
    ))!;
    const [delivery] = await demo.storage.alerts.claimDueDeliveries('browser-test', new Date(), 60_000, 1);
    await demo.storage.alerts.settleDelivery(delivery!.id, 'browser-test', { deliveryId: delivery!.id, alertId: alert.id, channel: 'webhook', attempt: 1, at: new Date(), status: 500, outcome: 'retry', error: 'HTTP 500' }, new Date(Date.now() + 30_000));
    await admin.goto(`${adminBase}/listening/alerts`);
    await admin.getByRole('table').filter({ hasText: 'Failed, will retry' }).waitFor();
    await check(admin, 'alerts-admin');

    step('admin page');
    const teacherBase = await launch('instructor');
    step('teacher launched');
    const teacher = await demo.newPage(320);
    await teacher.goto(`${teacherBase}/reviews/loop`);
    await teacher.getByRole('heading', { name: 'Average rating dropped' }).waitFor();
    await check(teacher, 'alerts-needs-attention', [320]);
    await teacher.getByRole('button', { name: /^Acknowledge the alert “Average rating dropped”/ }).focus();
    await teacher.keyboard.press('Enter');
    await teacher.getByText(/^Acknowledged /).waitFor();
    expect((await demo.storage.alerts.findAlert({ kind: 'course', course: entry!.course }, alert.id))!.state).toBe('acknowledged');
  });
});
