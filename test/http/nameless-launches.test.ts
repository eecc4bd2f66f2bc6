/**
 * Launches without names (Moodle's "Share launcher's name with tool: Never", Canvas's anonymous
 * privacy level): the name claims are simply absent. Nobody is ever shown by LMS user id: review
 * authors appear by the course's pseudonym, and once a later launch carries their name, by that name
 * wherever the course shows names, on the very next view of every learner (the shared page too).
 */
import { openSession, type PanelSession } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';
import { instructor as cgInstructor, openConsultation, sessionFor, textOf as cgText } from './consumer-group-helpers';
import { instructor, textOf } from './review-loop-helpers';

let h: Harness;
afterEach(async () => h?.close());

const REVIEW = { rating: '4', title: 'Useful', liked: 'The exercises', improve: '' };

/** The "By …" lines of the review cards a viewer sees on the reviews page. */
async function bylines(viewer: PanelSession): Promise<string[]> {
  const page = await viewer.get('/reviews');
  expect(page.status).toBe(200);
  return [...textOf(page.text).matchAll(/\b(?:By|Par) (.+?) ·/g)].map((m) => m[1].trim());
}

describe('launches without names, Moodle-shaped', () => {
  beforeEach(async () => {
    h = await startHarness({ flavour: 'moodle' });
  });

  it('when a learner launches without a name, then nobody sees their LMS id; once a launch carries the name, every viewer sees it', async () => {
    const teacher = await instructor(h, { authorDisplay: 'full' });
    const nameless = await openSession(h, { sub: '6', givenName: 'Sam', familyName: 'Student' }, { shareName: false });
    const landing = await nameless.get('/reviews');
    expect(landing.text).not.toMatch(/panel-header__who">\s*6 ·/);
    expect((await nameless.post('/reviews', REVIEW)).status).toBe(303);

    const reader = await openSession(h, { sub: '7', givenName: 'Ada', familyName: 'Reader' });
    expect(await bylines(reader)).toEqual(['Learner 1']);
    expect(await bylines(teacher)).toEqual(['Learner 1']);
    const csv = await teacher.get('/reviews/export.csv');
    expect(csv.text).toContain(',6,Learner 1,');
    expect(csv.text).not.toMatch(/,6,6,/);

    // A later launch with the name: the reader's next view (a cached shared page until now) shows it.
    await openSession(h, { sub: '6', givenName: 'Sam', familyName: 'Student' });
    expect(await bylines(reader)).toEqual(['Sam Student']);
    expect(await bylines(teacher)).toEqual(['Sam Student']);

    // A nameless launch afterwards keeps the name the reviews show.
    await openSession(h, { sub: '6' }, { shareName: false });
    expect(await bylines(reader)).toEqual(['Sam Student']);
  });

  it('when the course shows pseudonyms, then learners keep seeing the same pseudonym after the name becomes known', async () => {
    await instructor(h, { authorDisplay: 'pseudonym' });
    const first = await openSession(h, { sub: '11' }, { shareName: false });
    expect((await first.post('/reviews', REVIEW)).status).toBe(303);
    const second = await openSession(h, { sub: '12' }, { shareName: false });
    expect((await second.post('/reviews', { ...REVIEW, rating: '2' })).status).toBe(303);
    const reader = await openSession(h, { sub: '13' });
    expect((await bylines(reader)).sort()).toEqual(['Learner 1', 'Learner 2']);

    await openSession(h, { sub: '12', givenName: 'Named', familyName: 'Later' });
    expect((await bylines(reader)).sort()).toEqual(['Learner 1', 'Learner 2']);
  });
});

describe('launches without names in the consumer group, Moodle-shaped', () => {
  beforeEach(async () => {
    h = await startHarness({ flavour: 'moodle' });
  });

  it('when a nameless learner proposes an idea, then the instructor sees "A learner", and the name after a launch that carries it', async () => {
    const staff = await sessionFor(h, cgInstructor());
    const consultation = await openConsultation(staff);
    const nameless = await openSession(h, { sub: '6', givenName: 'Sam', familyName: 'Student' }, { shareName: false });
    const posted = await nameless.post(`/consumer-group/consultations/${consultation}/ideas`, { title: 'Shorter videos', description: '', confirm: '1' });
    expect(posted.status).toBe(303);
    const ideaPath = new URL(posted.headers.location, h.baseUrl).pathname.replace(/^\/s\/[^/]+\/consumer-group/, '');

    const before = cgText((await staff.get(ideaPath)).text);
    expect(before).toContain('Proposed by A learner');
    expect(before).not.toMatch(/Proposed by 6\b/);

    await openSession(h, { sub: '6', givenName: 'Sam', familyName: 'Student' });
    expect(cgText((await staff.get(ideaPath)).text)).toContain('Proposed by Sam Student');
  });
});

describe('launches without names, Canvas-shaped', () => {
  beforeEach(async () => {
    h = await startHarness({ flavour: 'canvas' });
  });

  it('when a French learner launches anonymously, then the review shows "Apprenant n", then "Prénom I." once the name is shared', async () => {
    await instructor(h, { authorDisplay: 'first-initial' });
    const nameless = await openSession(h, { sub: 'a1b2c3', givenName: 'Zoé', familyName: 'Martin', locale: 'fr' }, { shareName: false });
    expect((await nameless.post('/reviews', REVIEW)).status).toBe(303);
    const reader = await openSession(h, { sub: 'd4e5f6', givenName: 'Léa', familyName: 'Roux', locale: 'fr' });
    expect(await bylines(reader)).toEqual(['Apprenant 1']);

    await openSession(h, { sub: 'a1b2c3', givenName: 'Zoé', familyName: 'Martin', locale: 'fr' });
    expect(await bylines(reader)).toEqual(['Zoé M.']);
  });
});
