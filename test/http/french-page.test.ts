/**
 * A French learner reads numbers, plurals and dates as a French reader expects (issue: "4.1 sur 5"
 * and "1 étoiles" read as foreign).
 */
import { openSession, settingsForm } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

it('when French learners rate 4 and 5, then the summary reads 4,5 with French plurals and the card a French date', async () => {
  const teacher = await openSession(h, 'instructor');
  expect((await teacher.post('/settings', settingsForm())).status).toBe(303);
  const first = await openSession(h, { givenName: 'Élise', familyName: 'Martin', locale: 'fr' });
  expect((await first.post('/reviews', { rating: '4', title: 'Bien' })).status).toBe(303);
  const second = await openSession(h, { givenName: 'Hugo', familyName: 'Petit', locale: 'fr' });
  expect((await second.post('/reviews', { rating: '5', title: 'Très bien' })).status).toBe(303);

  const page = (await second.get('/reviews')).text;
  expect(page).toContain('4,5 sur 5');
  // Never the English decimal point in shown text (ISO datetime attributes hold dots, so look at text between tags).
  expect(page).not.toMatch(/>[^<]*\b4\.5\b[^<]*</);
  expect(page).toMatch(/5 étoiles\s:\s1 note \(50\s%\)/);
  expect(page).toMatch(/1 étoile\s:\s0 note \(0\s%\)/);
  const year = new Date().getUTCFullYear();
  expect(page).toMatch(new RegExp(`\\d{1,2} [a-zéû.]+ ${year}`));
  expect(page).not.toMatch(new RegExp(`>${year}-\\d{2}-\\d{2}<`));
});
