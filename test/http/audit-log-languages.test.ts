/**
 * The moderation log reads in the reader's language: consumer-group actions and the reason the tool
 * writes for a merge show in English and in French, with no raw message key, through real launches.
 */
import { openSession } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';
import { instructor, learner, openConsultation, postIdea, sessionFor } from './consumer-group-helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const logOf = (html: string) => html.slice(html.indexOf('id="audit-title"'));

it('shows merges, hidden ideas and comments in English and French, the merge reason in each language', async () => {
  const staff = await sessionFor(h, instructor('Ines'), { locale: 'en' });
  const id = await openConsultation(staff);
  const me = await sessionFor(h, learner());
  const original = await postIdea(me, id, 'Shorter videos');
  const duplicate = await postIdea(me, id, 'Short videos please');
  expect((await staff.post(`/ideas/${duplicate}/merge`, { into: original })).status).toBe(303);
  expect((await staff.post(`/ideas/${original}/visibility`, { action: 'hide', reason: 'Test' })).status).toBe(303);
  await me.post(`/ideas/${original}/comments`, { body: 'Hm' });

  const english = logOf((await (await openSession(h, 'instructor')).get('/reviews/moderation')).text);
  expect(english).toContain('(merged an idea into another)</time>: <q>Merged into “Shorter videos”</q>');
  expect(english).toContain('(hid an idea)</time>: <q>Test</q>');

  const frenchStaff = await openSession(h, { locale: 'fr', instructor: true, givenName: 'Inès' });
  const french = logOf((await frenchStaff.get('/reviews/moderation')).text);
  expect(french).toContain('(a fusionné une idée dans une autre)</time>\u202f: <q>Fusionnée dans «\u202fShorter videos\u202f»</q>');
  expect(french).toContain('(a masqué une idée)</time>\u202f: <q>Test</q>');
  expect(french).not.toContain('Merged into');
  expect(french).not.toMatch(/moderation\.action|audit\.reason/);
});
