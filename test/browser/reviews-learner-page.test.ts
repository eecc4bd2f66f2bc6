/**
 * The learner's reviews page in Chromium at 320 px (the narrowest LMS frame) and 1024 px: the star
 * picker is a real radio group, the own review is a card whose Edit opens the form in place, a star
 * row sits next to the average, and the first screen of the frame holds the summary and the action.
 */
import type { Page } from 'playwright-core';
import type { Rating } from '../../src/storage/ports/reviews';
import { DEFAULT_SETTINGS } from '../../src/panels/settings/settings-defaults';
import { reviewedItem } from '../../src/panels/reviews/review-item';
import { buildAudit } from '../support/audit';
import { screenshotPath, seriousA11yViolations, useDemoInChromium } from '../support/chromium';

jest.setTimeout(120_000); // Chromium on two shared cores.
const demo = useDemoInChromium();
const FIRST_SCREEN = 560;

/**
 * A fresh launch of the demo learner (the same person in the same course each time, so their review
 * from an earlier test is deleted first) on a course with at least `others` reviews by other learners.
 */
async function learnerWithOthers(others: number): Promise<{ url: string; item: ReturnType<typeof reviewedItem>; userId: string }> {
  const url = `${await demo.launchAs('learner')}/reviews`;
  const sid = /\/s\/([A-Za-z0-9_-]+)\//.exec(url)![1];
  const session = (await demo.storage.sessions.findSession(sid, new Date()))!;
  await demo.storage.settings.saveSettings(session.context.link, { ...DEFAULT_SETTINGS, minRatings: 0, aspects: ['content', 'trainer'] }, buildAudit(session.context.link));
  const item = reviewedItem(session.context);
  await demo.storage.reviews.deleteReview(item, session.context.userId);
  const existing = await demo.storage.reviews.summary(item, new Date());
  for (let i = existing.overall.count; i < others; i++) {
    await demo.storage.reviews.saveReview(
      { item, author: { id: `other-${i}`, name: `Other Learner${i}` }, rating: ((i % 5) + 1) as Rating, aspects: {}, title: `Review number ${i}`, liked: 'The exercises matched my daily work and the pace was right.', improve: 'More time for questions at the end of each unit.', status: 'published', holdReasons: [], verified: true },
      new Date(),
    );
  }
  return { url, item, userId: session.context.userId };
}

async function tabTo(page: Page, selector: string, maxTabs = 80): Promise<void> {
  for (let i = 1; i <= maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const pageHeight = (page: Page) => page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
const topOf = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => Math.round(el.getBoundingClientRect().top + window.scrollY));
const bottomOf = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => Math.round(el.getBoundingClientRect().bottom + window.scrollY));
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

async function expectAccessibleAt(page: Page, widths: number[]): Promise<void> {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
  }
}

describe('the star picker', () => {
  it('is one radio group: arrow keys change the choice, the guidance follows, the form posts the chosen rating', async () => {
    const { url, item, userId } = await learnerWithOthers(3);
    const page = await demo.newPage(320, FIRST_SCREEN);
    await page.goto(url);
    const picker = page.getByRole('group', { name: 'Overall rating' });
    expect(await picker.getByRole('radio').count()).toBe(5);
    expect(await picker.getByRole('radio', { name: '4 out of 5 stars' }).count()).toBe(1);
    // One line of stars, 44 px targets.
    const rows = await page.locator('.star-picker__star').evaluateAll((labels) => new Set(labels.map((l) => Math.round(l.getBoundingClientRect().top))).size);
    expect(rows).toBe(1);
    expect(await page.locator('label[for="rating-1"]').evaluate((l) => l.getBoundingClientRect().height)).toBeGreaterThanOrEqual(44);
    expect(await page.locator('.star-picker__prompt').isVisible()).toBe(true);

    await tabTo(page, '#rating-1');
    // The focused star shows a ring (the native radio is transparent, so its label draws it).
    expect(await page.locator('label[for="rating-1"]').evaluate((l) => getComputedStyle(l).outlineStyle)).toBe('solid');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#rating-3').isChecked()).toBe(true);
    expect(await page.locator('#rating-3-guide').isVisible()).toBe(true);
    expect(await page.locator('#rating-3-guide').innerText()).toContain('Good: met my expectations');
    expect(await page.locator('.star-picker__prompt').isVisible()).toBe(false);
    // Stars up to the chosen one are filled, the others are not.
    const colours = await page.locator('.star-picker__star').evaluateAll((labels) => labels.map((l) => getComputedStyle(l).color));
    expect(new Set(colours.slice(0, 3)).size).toBe(1);
    expect(colours[3]).not.toBe(colours[0]);
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('#rating-2').isChecked()).toBe(true);
    expect(await activeId(page)).toBe('rating-2');
    expect(await page.locator('#rating-2-guide').isVisible()).toBe(true);
    expect(await page.locator('#rating-3-guide').isVisible()).toBe(false);
    expect(await page.locator('#rating-2').getAttribute('aria-describedby')).toBe('rating-2-guide');
    await expectAccessibleAt(page, [320, 1024]);
    await page.locator('#field-rating').screenshot({ path: screenshotPath('star-picker-320.png') });

    await tabTo(page, '#review-title');
    await page.keyboard.type('Two stars from the keyboard');
    await tabTo(page, '#review-form button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.getByText('Thank you: your review is published.').waitFor();
    const mine = await demo.storage.reviews.findReviewByAuthor(item, userId);
    expect(mine?.rating).toBe(2);
    expect(mine?.title).toBe('Two stars from the keyboard');
  });
});

describe('the star row next to the average', () => {
  it('draws partly filled stars, hidden from screen readers, and keeps the average as text', async () => {
    const { url, item } = await learnerWithOthers(4); // ratings 1, 2, 3, 4: average 2.5
    const summary = await demo.storage.reviews.summary(item, new Date());
    const avg = Math.round((summary.overall.histogram.reduce((s, n, i) => s + n * (i + 1), 0) / summary.overall.count) * 10) / 10;
    const page = await demo.newPage(320, FIRST_SCREEN);
    await page.goto(url);
    const row = page.locator('#summary .star-row');
    expect(await row.getAttribute('aria-hidden')).toBe('true');
    const fills = await row.locator('.star-row__star').evaluateAll((stars) =>
      stars.map((s) => Math.round((parseFloat(getComputedStyle(s, '::after').width) / s.getBoundingClientRect().width) * 10)),
    );
    const tenths = Math.round(avg * 10);
    expect(fills).toEqual([0, 1, 2, 3, 4].map((i) => Math.min(10, Math.max(0, tenths - i * 10))));
    expect(await page.locator('#summary .summary-average__text').innerText()).toBe(`${avg.toFixed(1)} out of 5, from ${summary.overall.count} ratings`);
    // Beside the big figure, on the same line.
    expect(Math.abs((await topOf(page, '#summary .star-row')) - (await topOf(page, '#summary .summary-average__value')))).toBeLessThan(24);
    await page.locator('#summary').screenshot({ path: screenshotPath('summary-320.png') });
  });
});

describe('the own review card', () => {
  it('shows the review as a card after the others; Edit opens the form in place by keyboard, and saving works', async () => {
    const { url, item, userId } = await learnerWithOthers(12);
    const page = await demo.newPage(320, FIRST_SCREEN);
    await page.goto(url);
    const notReviewed = { height: await pageHeight(page), summaryEnd: await bottomOf(page, '#summary'), writeButton: await bottomOf(page, '#summary .summary-write'), starsEnd: await bottomOf(page, '.star-picker__row') };
    // First screen: the summary and the primary action.
    expect(notReviewed.summaryEnd).toBeLessThanOrEqual(FIRST_SCREEN);
    expect(notReviewed.writeButton).toBeLessThanOrEqual(FIRST_SCREEN);
    await page.screenshot({ path: screenshotPath('learner-new-320-first-screen.png') });
    await page.screenshot({ path: screenshotPath('learner-new-320.png'), fullPage: true });

    await page.getByRole('radio', { name: '4 out of 5 stars' }).first().check(); // a click on the star
    await page.locator('#review-title').fill('My first take');
    await page.locator('#review-form button[type="submit"]').click();
    await page.getByText('Thank you: your review is published.').waitFor();
    await page.goto(url); // as the learner finds it on their next visit

    const reviewed = { height: await pageHeight(page), summaryEnd: await bottomOf(page, '#summary'), listStart: await topOf(page, '#reviews-list'), ownCard: await topOf(page, '#your-review') };
    // Others' reviews come right under the summary (after a one-line reminder), the own card after them.
    expect(reviewed.listStart).toBeLessThanOrEqual(FIRST_SCREEN);
    expect(reviewed.ownCard).toBeGreaterThan(reviewed.listStart);
    expect(await page.locator('#own-review').innerText()).toContain('You rated this course 4 out of 5.');
    console.log(`learner reviews page at 320 px: ${JSON.stringify({ notReviewed, reviewed })}`);
    await page.screenshot({ path: screenshotPath('learner-reviewed-320-first-screen.png') });
    await page.screenshot({ path: screenshotPath('learner-reviewed-320.png'), fullPage: true });

    // The card, with the form closed.
    const card = page.locator('#your-review');
    expect(await card.getByText('My first take').count()).toBe(1);
    expect(await page.locator('#own-edit').isVisible()).toBe(false);
    const edit = card.getByRole('button', { name: 'Edit my review' });
    expect(await edit.getAttribute('aria-expanded')).toBe('false');
    expect(await edit.getAttribute('aria-controls')).toBe('own-edit');
    await expectAccessibleAt(page, [320, 1024]);
    await page.setViewportSize({ width: 320, height: FIRST_SCREEN });

    // Keyboard only: reach Edit, open, the focus lands on the chosen star.
    await page.locator('#reviews-list .pager').focus().catch(() => undefined);
    await tabTo(page, '#your-review button[aria-controls="own-edit"]');
    await page.keyboard.press('Enter');
    expect(await edit.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('#own-edit').isVisible()).toBe(true);
    expect(await activeId(page)).toBe('rating-4');
    expect(await page.locator('#review-title').inputValue()).toBe('My first take');
    await expectAccessibleAt(page, [320, 1024]);
    await page.setViewportSize({ width: 320, height: FIRST_SCREEN });
    await card.screenshot({ path: screenshotPath('own-card-open-320.png') });

    // Cancel closes it and gives the focus back to Edit.
    await page.locator('#own-edit [data-own-cancel]').focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('#own-edit').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('own-edit');

    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight'); // 5 stars
    await tabTo(page, '#review-title');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Better on second thought');
    await tabTo(page, '#review-form button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.getByText('Thank you: your review is published.').waitFor();
    expect(await page.locator('#own-review').innerText()).toContain('You rated this course 5 out of 5.');
    expect(await page.locator('#your-review').getByText('Better on second thought').count()).toBe(1);
    expect(await page.locator('#own-edit').isVisible()).toBe(false);
    const mine = await demo.storage.reviews.findReviewByAuthor(item, userId);
    expect([mine?.rating, mine?.title]).toEqual([5, 'Better on second thought']);

    // At 1024 px the own card sits beside others' reviews, at the top of their column.
    await page.setViewportSize({ width: 1024, height: 900 });
    const list = (await page.locator('#reviews-list').boundingBox())!;
    const own = (await page.locator('#your-review').boundingBox())!;
    expect(own.x).toBeGreaterThanOrEqual(list.x + list.width);
    expect(Math.abs(own.y - list.y)).toBeLessThan(2);
    await page.screenshot({ path: screenshotPath('learner-reviewed-1024.png'), fullPage: true });
  });
});
