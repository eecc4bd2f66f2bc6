/**
 * The consumer group as people use it, in headless Chromium on the demo: an instructor opens a
 * consultation, a learner proposes an idea, sees the similar-idea hint while typing a second one
 * and votes for the first instead, and the instructor marks it adopted. Every page is scanned with
 * axe-core and measured for horizontal scrolling at phone width.
 */
import type { Page } from 'playwright-core';
import { screenshotPath, seriousA11yViolations, useDemoInChromium } from '../support/chromium';

const demo = useDemoInChromium();
/** axe-core needs pages made through a context. */
const newPage = (width: number, height?: number) => demo.newPage(width, height);

/** The consumer-group panel of a fresh demo launch (/s/<sid>/consumer-group). */
const launchAs = async (who: 'learner' | 'instructor') => `${await demo.launchAs(who)}/consumer-group`;

async function expectAccessible(page: Page, width: number) {
  expect(await seriousA11yViolations(page)).toEqual([]);
  if (width <= 375) expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

describe('consumer group in Chromium', () => {
  it('an instructor opens a consultation, a learner proposes, sees the similar-idea hint, votes, and the instructor adopts the idea', async () => {
    // The instructor opens a consultation.
    const staffPanel = await launchAs('instructor');
    const staff = await newPage(1024);
    await staff.goto(staffPanel);
    await staff.getByRole('link', { name: 'Open a consultation' }).click();
    await expectAccessible(staff, 1024);
    await staff.getByLabel('Title', { exact: true }).fill('Spreadsheets for the finance team');
    await staff.getByLabel('Brief').fill('We are redesigning the spreadsheet training for the finance team. Format and length are not decided yet.');
    await staff.getByLabel('Guiding questions').fill('What slows you down today?\nWhich tasks do you repeat every month?');
    await staff.getByRole('radio', { name: 'Open' }).check();
    await staff.getByRole('button', { name: 'Create the consultation' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Spreadsheets for the finance team' }).waitFor();
    // With no section yet, the outline form is already open.
    await staff.getByLabel('Section title').fill('Pivot tables');
    await staff.getByLabel('What the section covers').fill('Two hours: building, filtering and charting a pivot table.');
    await staff.getByRole('button', { name: 'Add a section' }).click();
    await staff.locator('summary', { hasText: 'Add a poll' }).click();
    await staff.getByLabel('Question', { exact: true }).fill('Which format suits you best?');
    await staff.getByRole('textbox', { name: /^Choices/ }).fill('Short videos\nHalf-day workshop\nWritten guide');
    await staff.getByRole('button', { name: 'Add a poll' }).click();
    await staff.getByRole('status').filter({ hasText: 'The poll is added.' }).waitFor();
    const consultationUrl = staff.url().split('?')[0];

    // A learner proposes an idea, then starts another and is shown the similar one.
    const learnerPanel = await launchAs('learner');
    const learnerConsultation = consultationUrl.replace(staffPanel, learnerPanel);
    const learner = await newPage(375);
    await learner.goto(learnerConsultation);
    await learner.getByLabel('Your idea in a few words').fill('Short videos on pivot tables');
    await learner.getByLabel('Credit me by name if this is adopted').check();
    await learner.getByRole('button', { name: 'Propose my idea' }).click();
    await learner.getByRole('status').filter({ hasText: 'your proposal is posted' }).waitFor();
    const ideaUrl = learner.url().split('?')[0];

    await learner.goto(learnerConsultation);
    await learner.getByRole('radio', { name: 'Short videos' }).check();
    await learner.getByRole('button', { name: 'Answer' }).click();
    await learner.getByText('Short videos (your answer)').waitFor();
    const title = learner.getByLabel('Your idea in a few words');
    await title.focus();
    await learner.keyboard.type('pivot table exercises', { delay: 20 });
    const hint = learner.locator('#similar-hint');
    await hint.getByRole('link', { name: 'Short videos on pivot tables' }).waitFor();
    await expectAccessible(learner, 375);
    await learner.screenshot({ path: screenshotPath('consumer-group-learner-375.png'), fullPage: true });
    await learner.setViewportSize({ width: 1024, height: 900 });
    await expectAccessible(learner, 1024);
    await learner.screenshot({ path: screenshotPath('consumer-group-learner-1024.png'), fullPage: true });

    // Instead of a duplicate, the learner follows the hint and votes with the keyboard.
    await hint.getByRole('link', { name: 'Short videos on pivot tables' }).click();
    await learner.getByRole('heading', { level: 1, name: 'Short videos on pivot tables' }).waitFor();
    await learner.getByRole('button', { name: 'Vote' }).focus();
    await learner.keyboard.press('Enter');
    await learner.getByRole('status').filter({ hasText: 'Your vote is counted.' }).waitFor();
    await learner.getByText('1 vote', { exact: true }).waitFor();
    await expectAccessible(learner, 1024);

    // The instructor marks it adopted; the learner sees it on the idea and on their next visit.
    const staffIdea = ideaUrl.replace(learnerPanel, staffPanel);
    await staff.setViewportSize({ width: 375, height: 900 });
    await staff.goto(staffIdea);
    await staff.getByRole('radio', { name: 'Adopted' }).check();
    await staff.getByRole('button', { name: 'Set the status' }).click();
    await staff.getByRole('status').filter({ hasText: 'The status is updated' }).waitFor();
    await expectAccessible(staff, 375);
    await staff.goto(consultationUrl);
    await expectAccessible(staff, 375);
    await staff.screenshot({ path: screenshotPath('consumer-group-instructor-375.png'), fullPage: true });
    await staff.setViewportSize({ width: 1024, height: 900 });
    await staff.goto(`${consultationUrl}/results`);
    await staff.getByText(/1 of \d+ learners took part/).waitFor();
    await expectAccessible(staff, 1024);
    await staff.screenshot({ path: screenshotPath('consumer-group-instructor-1024.png'), fullPage: true });

    await learner.goto(learnerPanel);
    await learner.getByText('1 idea you supported was adopted').waitFor();
    await expectAccessible(learner, 1024);
    await learner.goto(ideaUrl);
    await learner.locator('.idea__meta').getByText('Adopted').waitFor();
    await learner.goto(`${learnerPanel}/needs`);
    await expectAccessible(learner, 1024);
    await learner.setViewportSize({ width: 320, height: 800 });
    await learner.goto(learnerConsultation);
    await expectAccessible(learner, 320);

    await learner.context().close();
    await staff.context().close();
  }, 120_000);
});
