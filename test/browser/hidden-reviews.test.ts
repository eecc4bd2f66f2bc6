/**
 * The moderation page's Hidden view in Chromium: an instructor reaches it from the moderation page,
 * filters by stars and restores a hidden review with the keyboard only; the page passes axe-core at
 * phone and desktop widths and does not scroll sideways at phone width.
 */
import type { Page } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../../src/panels/settings/settings-defaults';
import { reviewedItem } from '../../src/panels/reviews/review-item';
import { seriousA11yViolations, useDemoInChromium } from '../support/chromium';
import { buildAudit } from '../support/audit';

const demo = useDemoInChromium();

async function tabTo(page: Page, selector: string, maxTabs = 60): Promise<void> {
  for (let i = 1; i <= maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

it('an instructor finds an unreported hidden review and restores it with the keyboard only', async () => {
  const base = await demo.launchAs('instructor');
  const sid = /\/s\/([A-Za-z0-9_-]+)/.exec(base)![1];
  const session = (await demo.storage.sessions.findSession(sid, new Date()))!;
  const course = session.context.link;
  await demo.storage.settings.saveSettings(course, { ...DEFAULT_SETTINGS, minRatings: 0 }, buildAudit(course));
  const { review } = await demo.storage.reviews.saveReview(
    { item: reviewedItem(session.context), author: { id: 'hidden-author', name: 'Harper Hidden' }, rating: 2, aspects: {}, title: 'Hidden without a report', liked: '', improve: '', status: 'published', holdReasons: [], verified: true },
    new Date(),
  );
  await demo.storage.reviews.moderate(course, review.id, { status: 'hidden', hiddenReason: 'Names a colleague' }, buildAudit(course, { action: 'review.hide', subject: { type: 'review', id: review.id } }));

  for (const width of [375, 1024]) {
    const page = await demo.newPage(width);
    await page.goto(`${base}/reviews/moderation`);
    await tabTo(page, 'a[href$="/reviews/hidden"]');
    await page.keyboard.press('Enter');
    await page.getByText('Hidden without a report').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    if (width === 1024) {
      await tabTo(page, '#hidden-stars');
      await page.keyboard.press('ArrowDown'); // 5 stars: nothing hidden has it
      await tabTo(page, '.list-controls button[type="submit"]');
      await page.keyboard.press('Enter');
      await page.getByText('No hidden review has this rating.').waitFor();
      await page.goto(`${base}/reviews/hidden`);
      await tabTo(page, `#reason-${review.id}`);
      await page.keyboard.type('Checked with the colleague');
      await tabTo(page, 'button[value="restore"]');
      await page.keyboard.press('Enter');
      await page.getByText('Done. The action is in the moderation log.').waitFor();
      expect(await page.getByText('No review is hidden in this course.').count()).toBe(1);
      expect(await seriousA11yViolations(page)).toEqual([]);
    }
  }
  expect((await demo.storage.reviews.findReview(course, review.id))?.status).toBe('published');
});
