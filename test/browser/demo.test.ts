/**
 * The demo as a person uses it, in headless Chromium: open the simulated course, launch into the
 * iframe as a learner and as an instructor, add panels by deep linking with the keyboard only, and
 * check the pages with axe-core at phone and desktop widths.
 */
import type { Page } from 'playwright-core';
import { screenshotPath, seriousA11yViolations, useDemoInChromium } from '../support/chromium';

const demo = useDemoInChromium();
const newPage = (width: number, height?: number) => demo.newPage(width, height);

async function openCourse(width = 1024, as?: string): Promise<Page> {
  const page = await newPage(width);
  await page.goto(`${demo.baseUrl}/demo${as ? `?as=${as}` : ''}`);
  return page;
}

/** The tool's page as the iframe shows it, opened at top level so it can be measured and scanned. */
async function toolPageOf(course: Page, width: number): Promise<Page> {
  const frame = course.frames().find((f) => f.name() === 'tool')!;
  const page = await newPage(width, 800);
  await page.goto(frame.url());
  return page;
}

describe('demo course in Chromium', () => {
  it('when a learner launches from the course, then the tool page appears in the iframe with their name and role', async () => {
    const course = await openCourse(1024, 'learner');
    await course.getByRole('button', { name: 'Launch as learner (Sam Student)' }).click();
    const tool = course.frameLocator('iframe[name="tool"]');
    await tool.getByRole('heading', { level: 1, name: 'Reviews and ratings' }).waitFor();
    await expectText(tool.locator('main'), ['LTI Test Course', 'Sam Student', 'learner']);
    await course.screenshot({ path: screenshotPath('demo-course-learner-1024.png'), fullPage: true });

    for (const width of [375, 1024]) {
      const page = await toolPageOf(course, width);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: screenshotPath(`demo-panel-learner-${width}.png`), fullPage: true });
      await page.close();
    }
    await course.close();
  });

  it('when the French learner is chosen in "View the course as", then the launch button follows her and the tool answers in French', async () => {
    const course = await openCourse();
    await course.getByLabel('View the course as').selectOption('frenchLearner');
    await course.getByRole('button', { name: 'Switch user' }).click();
    await course.getByRole('button', { name: 'Launch as learner, French (Camille Dubois)' }).click();
    const tool = course.frameLocator('iframe[name="tool"]');
    await tool.getByRole('heading', { level: 1, name: 'Avis et notes' }).waitFor();
    await expectText(tool.locator('main'), ['Camille Dubois']);
    expect(await course.getByRole('button', { name: /^Launch as (learner|instructor)$/ }).count()).toBe(0);
    await course.screenshot({ path: screenshotPath('demo-course-french-learner-1024.png'), fullPage: true });
    await course.close();
  });

  it('when an instructor adds a panel with the keyboard only, then the course lists it and launching it opens the panel', async () => {
    const course = await openCourse();
    await course.getByRole('button', { name: 'Add Learner Voice (deep linking)' }).click();
    const tool = course.frameLocator('iframe[name="tool"]');
    await tool.getByRole('heading', { name: 'Add Learner Voice to your course' }).waitFor();

    const selection = await toolPageOf(course, 375);
    expect(await seriousA11yViolations(selection)).toEqual([]);
    await selection.screenshot({ path: screenshotPath('deep-link-select-375.png'), fullPage: true });
    await selection.close();

    // Sending with nothing ticked keeps the instructor in the dialog, with the problem next to the choices.
    await tool.getByRole('button', { name: 'Add to course' }).focus();
    await course.keyboard.press('Enter');
    await tool.getByRole('alert').getByText('Tick at least one panel').waitFor();
    expect(await tool.getByRole('group', { name: 'Panels on offer' }).getAttribute('aria-describedby')).toBe('dl-error');

    const reviews = tool.getByRole('checkbox', { name: 'Reviews and ratings' });
    await reviews.focus();
    await course.keyboard.press('Space');
    expect(await reviews.isChecked()).toBe(true);
    await tool.getByRole('button', { name: 'Add to course' }).focus();
    await course.keyboard.press('Enter');

    await tool.getByRole('heading', { name: 'Added to LTI Test Course' }).waitFor();
    await tool.getByRole('link', { name: 'Back to the course' }).click();
    await course.getByRole('heading', { name: 'Activities' }).waitFor();

    // A learner opens the new activity: the link carries panel=reviews, so the panel opens.
    await course.getByLabel('View the course as').selectOption('learner');
    await course.getByRole('button', { name: 'Switch user' }).click();
    await course.getByRole('button', { name: 'Open “Reviews and ratings”' }).click();
    await course.frameLocator('iframe[name="tool"]').getByRole('heading', { level: 1, name: 'Reviews and ratings' }).waitFor();
    await course.screenshot({ path: screenshotPath('demo-course-reviews-link-1024.png'), fullPage: true });
    await course.close();
  });

  it('when someone tries dynamic registration from the course, then the course still launches with the demo registration', async () => {
    const course = await openCourse();
    await course.getByLabel('Tool registration URL').fill(`${demo.baseUrl}/lti/register`);
    await course.getByRole('button', { name: 'Register a tool (dynamic registration)' }).click();
    const tool = course.frameLocator('iframe[name="tool"]');
    await tool.getByRole('heading', { name: 'Learner Voice is registered' }).waitFor();
    // Close asks the course page to end the registration (org.imsglobal.lti.close): it reloads.
    await Promise.all([course.waitForEvent('load'), tool.getByRole('button', { name: 'Close' }).click()]);
    const tools = course.getByRole('region', { name: 'Site administration: external tools' }).getByRole('listitem');
    expect(await tools.count()).toBe(2);
    await expectText(tools.nth(0), ['learner-voice-demo', '(used for launches)']);
    await expectText(tools.nth(1), ['registered dynamically']);

    await course.getByRole('button', { name: 'Launch as instructor (Terry Teacher)' }).click();
    await tool.getByText('instructor', { exact: true }).waitFor();
    expect(await tool.locator('body').innerText()).not.toContain('not yet activated');
    await course.screenshot({ path: screenshotPath('demo-course-after-registration-1024.png'), fullPage: true });
    await course.close();
  });

  it('shows the instructor launch page without accessibility violations at 375 px and 1024 px', async () => {
    const course = await openCourse();
    await course.getByRole('button', { name: 'Launch as instructor' }).click();
    await course.frameLocator('iframe[name="tool"]').getByText('instructor', { exact: true }).waitFor();
    for (const width of [375, 1024]) {
      const page = await toolPageOf(course, width);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath(`demo-panel-instructor-${width}.png`), fullPage: true });
      await page.close();
    }
    await course.close();
  });

  it('shows a refused launch as an accessible error page', async () => {
    const page = await newPage(375, 700);
    const res = await page.goto(`${demo.baseUrl}/lti/launch`);
    expect(res?.status()).toBe(400);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('error-375.png'), fullPage: true });
    await page.close();
  });
});

async function expectText(locator: ReturnType<Page['locator']>, texts: string[]) {
  const content = await locator.innerText();
  for (const text of texts) expect(content).toContain(text);
}
