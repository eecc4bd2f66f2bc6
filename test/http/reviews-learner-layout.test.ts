/**
 * The learner's reviews page, server side: what comes first (summary and the action), the own
 * review as a card after others' reviews with its form closed, ?edit=1 opening it without
 * JavaScript, and the star row next to the average. Real launches, real routes.
 */
import { starFills } from '../../src/panels/reviews/reviews-page';
import { openSession, reviewIds, settingsForm, type PanelSession } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

async function courseWithReviews(ratings: string[]): Promise<PanelSession> {
  const teacher = await openSession(h, 'instructor');
  expect((await teacher.post('/settings', settingsForm({ minRatings: '0', windowMode: 'any' }))).status).toBe(303);
  for (const [i, rating] of ratings.entries()) {
    const other = await openSession(h, { givenName: `Other${i}`, familyName: 'Learner' });
    expect((await other.post('/reviews', { rating, title: `Other review ${i}` })).status).toBe(303);
  }
  return teacher;
}

const at = (html: string, marker: string): number => {
  const index = html.indexOf(marker);
  if (index < 0) throw new Error(`${marker} is not on the page`);
  return index;
};

describe('a learner who has not reviewed', () => {
  it('sees the summary with "Write a review", then the form, then others’ reviews', async () => {
    await courseWithReviews(['5', '4']);
    const learner = await openSession(h, {});
    const page = (await learner.get('/reviews')).text;
    expect(at(page, 'id="summary"')).toBeLessThan(at(page, 'Write a review'));
    expect(at(page, 'Write a review')).toBeLessThan(at(page, 'id="review-form"'));
    expect(at(page, 'id="review-form"')).toBeLessThan(at(page, 'id="reviews-list"'));
    expect(page).toMatch(/<a class="button summary-write" href="#review-form">Write a review<\/a>/);
    expect(page).not.toContain('id="your-review"');
    // The distribution sits behind a disclosure, closed for learners.
    expect(page).toMatch(/<details class="summary-details">\s*<summary>Rating details<\/summary>/);
  });

  it('rates with five radios in one group, each named "n out of 5 stars" and described by its guidance', async () => {
    const learner = await openSession(h, {});
    const page = (await learner.get('/reviews')).text;
    for (const n of [1, 2, 3, 4, 5]) {
      expect(page).toContain(`<input type="radio" class="star-picker__input" name="rating" value="${n}" id="rating-${n}" aria-describedby="rating-${n}-guide">`);
      expect(page).toContain(`<span class="sr-only">${n} out of 5 stars</span>`);
    }
    expect(page).toContain('id="rating-4-guide"><span class="star-picker__guide-n" aria-hidden="true">4/5 · </span>Very good: better than I expected</p>');
  });

  it('in French, reads "Donner mon avis" and names each star "n étoile(s) sur 5"', async () => {
    await courseWithReviews(['4']);
    const learner = await openSession(h, 'frenchLearner');
    const page = (await learner.get('/reviews')).text;
    expect(page).toContain('>Donner mon avis</a>');
    expect(page).toContain('<span class="sr-only">1 étoile sur 5</span>');
    expect(page).toContain('<span class="sr-only">4 étoiles sur 5</span>');
    expect(page).toContain('<summary>Détail des notes</summary>');
  });

  it('is told the window is not open yet instead of the form, and is not offered "Write a review"', async () => {
    const teacher = await openSession(h, 'instructor');
    await teacher.post('/settings', settingsForm({ minRatings: '0', windowMode: 'after-date', windowDate: '2999-01-01' }));
    const learner = await openSession(h, {});
    const page = (await learner.get('/reviews')).text;
    expect(page).toContain('You can review this course from');
    expect(page).not.toContain('Write a review');
    expect(page).not.toContain('id="review-form"');
  });
});

describe('a learner who has reviewed', () => {
  it('sees a one-line reminder under the summary, then others’ reviews, then the own card with the form closed', async () => {
    await courseWithReviews(['5', '2']);
    const learner = await openSession(h, { givenName: 'Ana', familyName: 'Lopez' });
    await learner.post('/reviews', { rating: '4', title: 'Mine, four stars' });
    const page = (await learner.get('/reviews')).text;
    expect(page).not.toContain('Write a review');
    const reminder = page.slice(at(page, 'id="own-review"'), page.indexOf('</section>', at(page, 'id="own-review"')));
    expect(reminder).toContain('You rated this course 4 out of 5.');
    expect(reminder).toContain('<a href="#your-review">See or edit your review</a>');
    expect(reminder).not.toContain('<form');
    expect(at(page, 'id="summary"')).toBeLessThan(at(page, 'id="own-review"'));
    expect(at(page, 'id="own-review"')).toBeLessThan(at(page, 'id="reviews-list"'));
    expect(at(page, 'id="reviews-list"')).toBeLessThan(at(page, 'id="your-review"'));
    // Others' reviews in the list, the own one only in the card.
    const list = page.slice(at(page, 'id="reviews-list"'), at(page, 'id="your-review"'));
    expect(reviewIds(list)).toHaveLength(2);
    const card = page.slice(at(page, 'id="your-review"'));
    expect(reviewIds(card)).toHaveLength(1);
    expect(card).toContain('Mine, four stars');
    expect(card).toMatch(/<a class="button button--secondary" href="\/s\/[^"]+\/reviews\?edit=1#your-review" data-own-edit aria-controls="own-edit">Edit my review<\/a>/);
    expect(card).toContain('<div class="own-edit" id="own-edit" hidden>');
    expect(card).toContain('<script src="/static/js/own-review.js" defer></script>');
  });

  it('with ?edit=1 (the Edit link without JavaScript), gets the card with its form open and filled', async () => {
    const learner = await openSession(h, {});
    await learner.post('/reviews', { rating: '3', title: 'Kept title', liked: 'Kept liked' });
    const page = (await learner.get('/reviews?edit=1')).text;
    const card = page.slice(at(page, 'id="your-review"'));
    expect(card).toContain('<div class="own-edit" id="own-edit">');
    expect(card).not.toContain('data-own-edit aria-controls');
    expect(card).toContain('id="rating-3" checked');
    expect(card).toContain('value="Kept title"');
    expect(card).toContain('Update my review');
  });

  it('who sends a wrong edit gets the card with the form open, the problem and what was typed', async () => {
    const learner = await openSession(h, {});
    await learner.post('/reviews', { rating: '3', title: 'First' });
    const res = await learner.post('/reviews', { rating: '5', title: 'x'.repeat(121) });
    expect(res.status).toBe(400);
    const card = res.text.slice(at(res.text, 'id="your-review"'));
    expect(card).toContain('<div class="own-edit" id="own-edit">');
    expect(card).toContain('Your review was not saved.');
    expect(card).toContain('id="rating-5" checked');
  });

  it('whose review an instructor hid is told so and why, under the summary and in the card', async () => {
    const teacher = await courseWithReviews([]);
    const author = await openSession(h, {});
    await author.post('/reviews', { rating: '1', title: 'Something rude' });
    const page = (await author.get('/reviews')).text;
    const id = reviewIds(page.slice(at(page, 'id="your-review"')))[0];
    expect((await teacher.post(`/reviews/${id}/moderate`, { action: 'hide', reason: 'Insults a colleague' })).status).toBe(303);
    const after = (await author.get('/reviews')).text;
    const reminder = after.slice(at(after, 'id="own-review"'), at(after, 'id="reviews-list"'));
    expect(reminder).toContain('Insults a colleague');
    expect(after.slice(at(after, 'id="your-review"'))).toContain('Insults a colleague');
  });
});

describe('the star row next to the average', () => {
  it('fills each star in tenths from the average as shown', () => {
    expect(starFills(4.3)).toEqual([10, 10, 10, 10, 3]);
    expect(starFills(2.55)).toEqual([10, 10, 6, 0, 0]);
    expect(starFills(5)).toEqual([10, 10, 10, 10, 10]);
    expect(starFills(1)).toEqual([10, 0, 0, 0, 0]);
  });

  it('is drawn beside the average, hidden from screen readers, with the text average kept', async () => {
    await courseWithReviews(['5', '4', '4']); // 4.3
    const learner = await openSession(h, {});
    const page = (await learner.get('/reviews')).text;
    expect(page).toContain(
      '<span class="star-row" aria-hidden="true"><span class="star-row__star star-row__star--10"></span><span class="star-row__star star-row__star--10"></span><span class="star-row__star star-row__star--10"></span><span class="star-row__star star-row__star--10"></span><span class="star-row__star star-row__star--3"></span></span> <span class="summary-average__text">4.3 out of 5, from 3 ratings</span>',
    );
  });
});
