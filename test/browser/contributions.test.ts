/**
 * The contributions panel in headless Chromium on the demo: an instructor switches it on, a learner
 * shares a tip with a text file at phone width (320 px), lets instructors correct the credit
 * line (keyboard only), edits it (the edit form at 320 px), and the instructor features it. Every page is scanned with axe-core; screenshots at 320 and 1024 px.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshotPath, seriousA11yViolations, useDemoInChromium } from '../support/chromium';

const demo = useDemoInChromium();

async function expectAccessible(page: Page, width: number) {
  expect(await seriousA11yViolations(page)).toEqual([]);
  if (width <= 375) expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

async function shot(page: Page, name: string) {
  const file = screenshotPath(name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
}

describe('contributions in Chromium', () => {
  it('switched on by an instructor, shared by a learner at 320 px with a file, credit consent by keyboard, featured', async () => {
    const staffBase = await demo.launchAs('instructor');
    const staff = await demo.newPage(1024);
    await staff.goto(`${staffBase}/settings`);
    await staff.getByLabel('Contributions (learners share tips, examples and documents)').check();
    await staff.getByRole('button', { name: 'Save settings' }).click();
    await staff.getByRole('status').waitFor();

    const learnerBase = await demo.launchAs('learner');
    const learner = await demo.newPage(320);
    await learner.goto(`${learnerBase}/contributions`);
    await expectAccessible(learner, 320);
    // A refused form first: the messages sit at the fields, keyboard focus can reach the summary.
    await learner.getByLabel('Title').fill('Freeze the header row');
    await learner.getByRole('button', { name: 'Share' }).click();
    await learner.getByRole('alert').waitFor();
    expect(await learner.getByLabel('Title').inputValue()).toBe('Freeze the header row');
    await expectAccessible(learner, 320);
    await shot(learner, 'contributions-form-errors-320.png');

    await learner.getByLabel('Your tip or example').fill('View > Freeze panes > Freeze top row keeps the titles visible while you scroll.');
    await learner.getByLabel(/^File/).setInputFiles({ name: 'steps.txt', mimeType: 'text/plain', buffer: Buffer.from('1. View\n2. Freeze panes\n3. Freeze top row\n') });
    await learner.getByLabel('I agree that this contribution may be reused under the licence I chose.').check();
    await learner.getByRole('button', { name: 'Share' }).click();
    await learner.getByRole('status').filter({ hasText: 'Your contribution is shared.' }).waitFor();
    await expectAccessible(learner, 320);
    await shot(learner, 'contributions-detail-320.png');
    const detailPath = new URL(learner.url()).pathname.split('/contributions/')[1].split('?')[0];

    // The author edits it at 320 px: the form comes prefilled, the file can be kept, removed or replaced.
    await learner.getByRole('link', { name: 'Edit my contribution' }).click();
    expect(await learner.getByLabel('Title').inputValue()).toBe('Freeze the header row');
    await expectAccessible(learner, 320);
    await shot(learner, 'contributions-edit-320.png');
    await learner.getByLabel('Title').fill('Freeze the header row (Excel and Calc)');
    await learner.getByRole('button', { name: 'Save the changes' }).click();
    await learner.getByRole('status').filter({ hasText: 'Your changes are saved.' }).waitFor();
    expect(await learner.getByText(/edited on/).count()).toBeGreaterThan(0);
    await expectAccessible(learner, 320);

    const readerBase = await demo.launchAs('learner');
    const reader = await demo.newPage(1024);
    await reader.goto(`${readerBase}/contributions`);
    await reader.getByRole('link', { name: 'Freeze the header row (Excel and Calc)' }).first().click();
    // The demo has one learner: the author again, who lets instructors correct the credit line, by keyboard.
    await reader.getByRole('button', { name: 'Let instructors correct my credit line' }).focus();
    await reader.keyboard.press('Enter');
    await reader.getByRole('status').filter({ hasText: 'Your choice about credit corrections is saved.' }).waitFor();
    await expectAccessible(reader, 1024);

    await staff.goto(`${staffBase}/contributions/${detailPath}`);
    await staff.getByRole('button', { name: 'Feature in the panel' }).click();
    await staff.getByRole('status').filter({ hasText: 'The contribution is featured.' }).waitFor();
    await expectAccessible(staff, 1024);
    await shot(staff, 'contributions-curate-1024.png');
    await staff.goto(`${staffBase}/contributions`);
    await expectAccessible(staff, 1024);
    await shot(staff, 'contributions-list-1024.png');
  });
});
