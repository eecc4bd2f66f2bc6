/**
 * Closing the loop as people do it, in headless Chromium on the demo: a learner posts 2 stars, the
 * instructor answers, records a corrective action, starts a new course version and marks the action
 * done in it, the learner is told, updates to 4 stars, and the panel shows the before/after figures.
 * Every page is scanned with axe-core; phone-width pages must not scroll sideways.
 */
import type { Page } from 'playwright-core';
import { reviewedItem } from '../../src/panels/reviews/review-item';
import { screenshotPath, seriousA11yViolations, useDemoInChromium } from '../support/chromium';

const demo = useDemoInChromium();
const newPage = (width: number, height?: number) => demo.newPage(width, height);

const launchAs = (who: 'learner' | 'instructor') => demo.launchAs(who);

async function expectAccessible(page: Page, width: number) {
  expect(await seriousA11yViolations(page)).toEqual([]);
  if (width <= 375) expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

async function shoot(page: Page, name: string, width: number) {
  await page.setViewportSize({ width, height: 900 });
  await expectAccessible(page, width);
  await page.screenshot({ path: screenshotPath(`${name}-${width}.png`), fullPage: true });
}

describe('closing the loop in Chromium', () => {
  it('a learner posts 2 stars, the instructor acts and marks it done in a new version, the learner updates to 4 stars, and before/after shows it', async () => {
    // The instructor lets single ratings show (the demo course has one learner).
    const staffBase = await launchAs('instructor');
    const staff = await newPage(1024);
    await staff.goto(`${staffBase}/settings`);
    await staff.getByLabel(/Minimum number of ratings/).fill('1');
    await staff.getByRole('button', { name: 'Save settings' }).click();
    await staff.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();

    // The learner posts 2 stars, with the keyboard.
    const learnerBase = await launchAs('learner');
    const learner = await newPage(375);
    await learner.goto(`${learnerBase}/reviews`);
    // A gentle invitation on the page, not a pop-up; its link leads to the form.
    await learner.getByRole('heading', { name: 'You can now review this course' }).waitFor();
    await shoot(learner, 'review-invite', 375);
    await learner.getByRole('link', { name: 'Write my review' }).click();
    await learner.getByRole('radio', { name: /2 out of 5 stars/ }).focus();
    await learner.keyboard.press('Space');
    await learner.getByLabel('What could be better (optional)').fill('The videos are far too long to follow at work.');
    await learner.getByRole('button', { name: 'Publish my review' }).click();
    await learner.getByRole('status').filter({ hasText: 'your review is published' }).waitFor();

    // The instructor answers it from the needs-attention list and records an action.
    await staff.goto(`${staffBase}/reviews`);
    await staff.getByRole('link', { name: 'Needs attention (1) · actions and versions' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Closing the loop' }).waitFor();
    await staff.locator('summary', { hasText: 'Respond publicly' }).click();
    await staff.getByLabel('Public response').fill('Thank you. We are cutting the videos into short parts for the next session.');
    await staff.getByRole('button', { name: 'Publish the response' }).click();
    await staff.getByRole('status').filter({ hasText: 'The response is published' }).waitFor();
    await staff.getByRole('checkbox', { name: /2 out of 5 stars/ }).check();
    await staff.locator('#new-action-description').fill('Cut the videos into 5-minute parts');
    await staff.getByRole('button', { name: 'Record the action' }).click();
    await staff.getByRole('status').filter({ hasText: 'The action is recorded' }).waitFor();

    // A new version starts today; the action is marked done in it.
    await staff.getByLabel(/^Name \(for example/).fill('Revised after feedback');
    await staff.getByRole('button', { name: 'Start the version' }).click();
    await staff.getByRole('status').filter({ hasText: 'The new version is started' }).waitFor();
    // Actions are cards: "Edit" opens the form in place.
    const action = staff.locator('.action-card').first();
    await action.locator('summary').focus();
    await staff.keyboard.press('Enter');
    await action.getByLabel('Status').selectOption('done');
    await action.getByRole('button', { name: 'Save the action' }).click();
    await staff.getByRole('status').filter({ hasText: 'The action is saved.' }).waitFor();
    await staff.getByText('Done in: Revised after feedback').waitFor();
    await staff.locator('.action-card .status-badge', { hasText: 'Done' }).waitFor();
    await shoot(staff, 'review-loop-instructor', 1024);
    await shoot(staff, 'review-loop-instructor', 375);

    // The learner is told, and updates to 4 stars.
    await learner.goto(`${learnerBase}/reviews`);
    await learner.getByText('Your feedback led to an action: Cut the videos into 5-minute parts (done).').waitFor();
    await learner.getByText('The course answered your review.').waitFor();
    await learner.getByText('Action taken: Cut the videos into 5-minute parts').waitFor();
    await learner.getByRole('link', { name: 'Has it changed your view? Update your review below.' }).click();
    await learner.getByRole('group', { name: 'Overall rating' }).getByRole('radio', { name: '4 out of 5 stars' }).check();
    await learner.getByRole('button', { name: 'Update my review' }).click();
    await learner.getByRole('status').filter({ hasText: 'your review is published' }).waitFor();

    // The panel shows the figures before and after the action.
    const figures = learner.locator('#loop-figures');
    await figures.getByText('Did it work?').waitFor();
    await figures.getByText('Cut the videos into 5-minute parts, done in “Revised after feedback”').waitFor();
    await figures.getByText('Before: 2.0 out of 5 (1 rating)').waitFor();
    await figures.getByText('After: 4.0 out of 5 (1 rating)').waitFor();
    await shoot(learner, 'review-loop-learner', 375);
    await shoot(learner, 'review-loop-learner', 1024);
  }, 120_000);

  it('an instructor triages the reviews list with the keyboard: each filter keeps its reviews, at 320 and 1024 px, with no serious axe finding', async () => {
    const staffBase = await launchAs('instructor');
    const session = await demo.storage.sessions.findSession(/\/s\/([A-Za-z0-9_-]+)/.exec(staffBase)![1], new Date());
    const item = reviewedItem(session!.context);
    const course = session!.context.link;
    const teacher = { id: session!.context.userId, name: 'Terry Teacher', role: 'instructor' as const };
    // Each review a minute apart: "newest first" must not depend on two writes
    // landing in the same millisecond (their order would then be the ids').
    const start = Date.now() - 10 * 60_000;
    const write = (authorId: string, rating: 1 | 2 | 3 | 4 | 5, title: string, minute: number) =>
      demo.storage.reviews.saveReview({ item, author: { id: authorId, name: '' }, rating, aspects: {}, title, liked: '', improve: '', status: 'published', holdReasons: [], verified: true }, new Date(start + minute * 60_000));
    const lost = (await write('triage-1', 1, 'Triage: lost after week 2', 0)).review;
    const happy = (await write('triage-2', 5, 'Triage: loved the exercises', 1)).review;
    const reported = (await write('triage-3', 3, 'Triage: reported one', 2)).review;
    await demo.storage.responses.respond(course, happy.id, { text: 'Thank you!', by: teacher, at: new Date(start + 3 * 60_000) });
    await write('triage-2', 4, 'Triage: loved the exercises (edited)', 4);
    await demo.storage.reviews.report(course, reported.id, 'triage-reader', 'spam', new Date());
    expect(lost.id).toBeTruthy();

    for (const width of [320, 1024]) {
      const page = await newPage(width);
      await page.goto(`${staffBase}/reviews`);
      const filters = page.getByRole('navigation', { name: 'Show' });
      await expect(filters.getByRole('link', { name: 'All reviews' }).getAttribute('aria-current')).resolves.toBe('true');
      await expectAccessible(page, width);
      const shown = async () => (await page.locator('#reviews-list .review__title-text').allTextContents()).filter((t) => t.startsWith('Triage:'));
      const pick = async (name: string) => {
        await filters.getByRole('link', { name }).focus();
        await page.keyboard.press('Enter');
        await page.waitForURL(/show=/);
        await expect(page.getByRole('navigation', { name: 'Show' }).getByRole('link', { name }).getAttribute('aria-current')).resolves.toBe('true');
      };
      await pick('No response yet');
      expect(await shown()).toEqual(['Triage: reported one', 'Triage: lost after week 2']);
      await pick('1–2 stars');
      expect(await shown()).toEqual(['Triage: lost after week 2']);
      await pick('Reported');
      expect(await shown()).toEqual(['Triage: reported one']);
      await pick('Edited after a response');
      expect(await shown()).toEqual(['Triage: loved the exercises (edited)']);
      await page.getByText('Newest first.').waitFor();
      await shoot(page, 'review-triage', width);

      // The closing-the-loop page says why each review needs attention.
      await page.goto(`${staffBase}/reviews/loop`);
      await page.locator('.attention-reasons', { hasText: 'reported once' }).first().waitFor();
      await page.locator('.attention-reasons', { hasText: 'rated 1 star, no response yet' }).first().waitFor();
      await shoot(page, 'review-loop-triage', width);
      await page.context().close();
    }
  }, 120_000);
});
