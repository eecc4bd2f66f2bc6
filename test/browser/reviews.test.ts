/**
 * The reviews panel in Chromium: an instructor opens the course's reviews to everyone (settings
 * page), a learner rates and reviews with the keyboard only and sees the summary update, and both
 * views pass axe-core at phone and desktop widths.
 */
import type { Page } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../../src/panels/settings/settings-defaults';
import { reviewedItem } from '../../src/panels/reviews/review-item';
import { screenshotPath, seriousA11yViolations, useDemoInChromium } from '../support/chromium';
import { buildAudit } from '../support/audit';

jest.setTimeout(120_000); // The keyboard-only walk-through takes 35–40 s on two cores shared with other test runs.
const demo = useDemoInChromium();
const newPage = (width: number, height?: number) => demo.newPage(width, height);

/** The reviews panel of a fresh demo launch (/s/<sid>/reviews). */
const launchAs = async (who: 'learner' | 'instructor') => `${await demo.launchAs(who)}/reviews`;

async function tabTo(page: Page, selector: string, maxTabs = 60): Promise<number> {
  for (let i = 1; i <= maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return i;
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

describe('reviews panel in Chromium', () => {
  it('an instructor sets the course up, a learner reviews with the keyboard only, and the summary updates', async () => {
    const teacherUrl = await launchAs('instructor');
    const teacher = await newPage(1024);
    await teacher.goto(teacherUrl.replace(/\/reviews.*$/, '/settings'));
    await teacher.getByLabel('Minimum number of ratings before learners see the summary and the reviews').fill('0');
    await teacher.getByLabel('Content').check();
    await teacher.getByLabel('Trainer').check();
    await teacher.getByRole('button', { name: 'Save settings' }).click();
    await teacher.getByText('Settings saved.').waitFor();
    expect(await seriousA11yViolations(teacher)).toEqual([]);
    await teacher.screenshot({ path: screenshotPath('settings-1024.png'), fullPage: true });

    const learnerUrl = await launchAs('learner');
    const page = await newPage(375);
    await page.goto(learnerUrl);
    expect(await page.getByText('No ratings yet').count()).toBe(1);

    // Keyboard only from here: Tab into the rating group, arrows to choose, type, Enter to send.
    // The star picker is one radio group: Tab lands on the first star, arrows move and select.
    await tabTo(page, '#rating-1');
    await page.keyboard.press('ArrowRight'); // 2 stars
    await page.keyboard.press('ArrowRight'); // 3 stars
    await page.keyboard.press('ArrowRight'); // 4 stars
    expect(await page.locator('#rating-4').isChecked()).toBe(true);
    await tabTo(page, '#aspect-content-0');
    await page.keyboard.press('ArrowRight'); // 1
    await page.keyboard.press('ArrowRight'); // 2
    await page.keyboard.press('ArrowRight'); // 3
    await page.keyboard.press('ArrowRight'); // 4
    await page.keyboard.press('ArrowRight'); // 5
    await tabTo(page, '#review-title');
    await page.keyboard.type('Practical and well paced');
    await tabTo(page, '#review-liked');
    await page.keyboard.type('The exercises matched my daily work.');
    await tabTo(page, '#review-improve');
    await page.keyboard.type('More time for questions.');
    await tabTo(page, '#review-form button[type="submit"]');
    await page.keyboard.press('Enter');

    await page.getByText('Thank you: your review is published.').waitFor();
    expect(await page.getByText('4.0 out of 5, from 1 rating').count()).toBe(1);
    expect(await page.getByText('4 stars: 1 rating (100%)').count()).toBe(1);
    // Per-aspect figures sit behind the "Rating details" disclosure.
    await page.getByText('Rating details').click();
    expect(await page.locator('#summary').innerText()).toContain('5.0 out of 5 (1)');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('reviews-learner-375.png'), fullPage: true });

    const wide = await newPage(1024);
    await wide.goto(learnerUrl);
    expect(await seriousA11yViolations(wide)).toEqual([]);
    await wide.screenshot({ path: screenshotPath('reviews-learner-1024.png'), fullPage: true });

    for (const width of [375, 1024]) {
      const staff = await newPage(width);
      await staff.goto(teacherUrl);
      await staff.getByText('Practical and well paced').waitFor();
      expect(await seriousA11yViolations(staff)).toEqual([]);
      expect(await staff.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await staff.screenshot({ path: screenshotPath(`reviews-instructor-${width}.png`), fullPage: true });
      await staff.goto(teacherUrl.replace(/\/reviews.*$/, '/reviews/moderation'));
      expect(await seriousA11yViolations(staff)).toEqual([]);
      if (width === 375) await staff.screenshot({ path: screenshotPath('moderation-375.png'), fullPage: true });
    }
  });

  it('a learner reports another learner’s review with the keyboard only, choosing the reason from a list', async () => {
    const learnerUrl = await launchAs('learner');
    const sid = /\/s\/([A-Za-z0-9_-]+)\//.exec(learnerUrl)![1];
    const session = (await demo.storage.sessions.findSession(sid, new Date()))!;
    const course = session.context.link;
    await demo.storage.settings.saveSettings(course, { ...DEFAULT_SETTINGS, minRatings: 0 }, buildAudit(course));
    await demo.storage.reviews.saveReview(
      { item: reviewedItem(session.context), author: { id: 'other-learner', name: 'Riley Reader' }, rating: 2, aspects: {}, title: 'Too fast for me', liked: '', improve: 'Slower pace, please.', status: 'published', holdReasons: [], verified: true },
      new Date(),
    );

    const page = await newPage(375);
    await page.goto(learnerUrl);
    await page.getByText('Too fast for me').waitFor();
    await tabTo(page, 'details.report > summary');
    await page.keyboard.press('Enter');
    await tabTo(page, 'select[name="reason"]');
    await page.keyboard.press('ArrowDown'); // Offensive
    await page.keyboard.press('ArrowDown'); // Personal data
    await page.keyboard.press('ArrowDown'); // Spam
    expect(await page.locator('select[name="reason"]').inputValue()).toBe('spam');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.locator('details.report').screenshot({ path: screenshotPath('review-report-375.png') });
    await tabTo(page, 'details.report button[type="submit"]');
    await page.keyboard.press('Enter');

    await page.getByText('Thank you: an instructor will look at this review.').waitFor();
    expect(await page.getByText('You reported this review.').count()).toBe(1);
    expect((await demo.storage.reviews.moderationQueue(course, { limit: 10 })).items.map((r) => r.title)).toEqual(['Too fast for me']);
  });
});
