/**
 * The consumer group's security bars through real launches: every instructor action refuses
 * learners (403), every write needs the CSRF token, ids from another course or another platform
 * find nothing (404, no data leaked), and a course can switch the panel off for learners.
 */
import type { ContextKey } from '../../src/context/tenant';
import type { TestPlatform } from '../../src/demo/test-platform';
import { DEFAULT_SETTINGS } from '../../src/panels/settings/settings-defaults';
import { startHarness, type Harness } from '../support/tool-harness';
import { idFrom, instructor, learner, openConsultation, postIdea, sessionFor, textOf, type CgSession } from './consumer-group-helpers';
import { buildAudit } from '../support/audit';

let h: Harness;
let course: ContextKey;
let platformB: TestPlatform;
beforeAll(async () => {
  h = await startHarness();
  course = { issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId, contextId: h.platform.course.id };
  platformB = await h.addPlatform('platform-b');
});
afterAll(async () => h.close());

describe('role checks', () => {
  it('a learner forging any instructor action gets 403 and changes nothing', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    await staff.post(`/consultations/${id}/sections`, { sectionTitle: 'Module 1', sectionText: '' });
    const sectionId = /id="section-([A-Za-z0-9_-]{22})"/.exec((await staff.get(`/consultations/${id}`)).text)![1];
    const forger = await sessionFor(h, learner());
    const idea = await postIdea(forger, id, 'My own idea');
    const other = await postIdea(forger, id, 'Another idea');
    await forger.post(`/ideas/${idea}/comments`, { body: 'A comment' });
    const commentId = /id="comment-([A-Za-z0-9_-]{22})"/.exec((await forger.get(`/ideas/${idea}`)).text)![1];

    const attempts: Array<[string, () => ReturnType<CgSession['get']>]> = [
      ['new form', () => forger.get('/consultations/new')],
      ['create', () => forger.post('/consultations', { title: 'Forged', brief: 'b', status: 'open' })],
      ['edit form', () => forger.get(`/consultations/${id}/edit`)],
      ['update', () => forger.post(`/consultations/${id}`, { title: 'Hijacked', brief: 'b', status: 'closed' })],
      ['add section', () => forger.post(`/consultations/${id}/sections`, { sectionTitle: 'Forged' })],
      ['edit section', () => forger.post(`/consultations/${id}/sections/${sectionId}`, { sectionTitle: 'Forged' })],
      ['add poll', () => forger.post(`/consultations/${id}/polls`, { pollQuestion: 'Forged?', pollKind: 'scale' })],
      ['status', () => forger.post(`/ideas/${idea}/status`, { status: 'adopted' })],
      ['merge', () => forger.post(`/ideas/${other}/merge`, { into: idea })],
      ['hide idea', () => forger.post(`/ideas/${other}/visibility`, { action: 'hide', reason: 'mine now' })],
      ['hide comment', () => forger.post(`/comments/${commentId}/visibility`, { action: 'hide', reason: 'x' })],
      ['results', () => forger.get(`/consultations/${id}/results`)],
      ['export', () => forger.get(`/consultations/${id}/results.csv`)],
    ];
    for (const [what, attempt] of attempts) {
      const res = await attempt();
      expect({ what, status: res.status }).toEqual({ what, status: 403 });
      expect(textOf(res.text)).toContain('Only instructors of this course can do this.');
    }
    const page = textOf((await staff.get(`/consultations/${id}`)).text);
    expect(page).toContain('Redesign of Excel basics');
    expect(page).not.toMatch(/Forged|Hijacked/);
    expect(page).toContain('Another idea');
    expect((await h.storage.consultations.findIdea(course, idea))?.status).toBe('new');
    expect((await h.storage.consultations.findIdea(course, other))?.hidden).toBe(false);
    expect((await h.storage.consultations.findComment(course, commentId))?.hidden).toBe(false);
  });
});

describe('CSRF', () => {
  it('refuses writes without the token, with a wrong one, or from another site (403), and nothing is stored', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const me = await sessionFor(h, learner());
    const idea = await postIdea(me, id, 'Protected idea');
    const missing = await me.post(`/consultations/${id}/ideas`, { _csrf: null, title: 'No token', confirm: '1' });
    expect(missing.status).toBe(403);
    expect(textOf(missing.text)).toContain('Form expired');
    expect((await me.post(`/ideas/${idea}/vote`, { _csrf: 'x'.repeat(me.csrf.length), on: '1' })).status).toBe(403);
    const crossSite = await me.browser.post(`${h.baseUrl}${me.base}/ideas/${idea}/vote`, { _csrf: me.csrf, on: '1' }, { 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect((await staff.post(`/ideas/${idea}/status`, { _csrf: null, status: 'adopted' })).status).toBe(403);
    expect(textOf((await me.get(`/consultations/${id}`)).text)).not.toContain('No token');
    expect((await h.storage.consultations.findIdea(course, idea))).toMatchObject({ voteCount: 0, status: 'new' });
  });
});

describe('tenancy', () => {
  it('ids of another course on the same platform give 404 and leak nothing', async () => {
    const otherCourse: ContextKey = { ...course, contextId: 'another-course' };
    const store = h.storage.consultations;
    const secret = await store.createConsultation(otherCourse, { title: 'Other course secret', brief: 'Hidden brief', questions: [], status: 'open' }, new Date());
    const section = await store.addSection(otherCourse, secret.id, { title: 'Secret section', text: '' }, new Date());
    const poll = await store.addPoll(otherCourse, secret.id, { question: 'Secret poll', kind: 'scale', options: [] }, new Date());
    const idea = await store.proposeIdea(otherCourse, { kind: 'idea', consultationId: secret.id, author: { id: 'x', name: 'Someone Else', role: 'learner' }, creditConsent: true, title: 'Secret idea', description: '', situation: '', language: 'en' }, new Date());
    const comment = await store.addComment(otherCourse, { target: { type: 'idea', ideaId: idea.id }, parentId: null, author: { id: 'x', name: 'Someone Else', role: 'learner' }, body: 'Secret comment' }, new Date());

    const staff = await sessionFor(h, instructor());
    const me = await sessionFor(h, learner());
    const mine = await openConsultation(staff);
    const myIdea = await postIdea(me, mine, 'My idea here');
    const probes = [
      me.get(`/consultations/${secret.id}`),
      me.get(`/ideas/${idea.id}`),
      me.post(`/ideas/${idea.id}/vote`, { on: '1' }),
      me.post(`/ideas/${idea.id}/comments`, { body: 'hello' }),
      me.post(`/ideas/${myIdea}/comments`, { body: 'reply', parentId: comment!.id }),
      me.post(`/consultations/${secret.id}/ideas`, { title: 'Injected', confirm: '1' }),
      me.post(`/consultations/${secret.id}/polls/${poll!.id}/answer`, { choice: '1' }),
      me.post(`/consultations/${mine}/polls/${poll!.id}/answer`, { choice: '1' }),
      me.post(`/consultations/${secret.id}/sections/${section!.id}/comments`, { body: 'hi' }),
      me.get(`/similar?consultation=${secret.id}&title=secret`, { Accept: 'application/json' }),
      staff.get(`/consultations/${secret.id}/results`),
      staff.get(`/consultations/${secret.id}/results.csv`),
      staff.get(`/consultations/${secret.id}/edit`),
      staff.post(`/consultations/${secret.id}`, { title: 'Taken over', brief: 'b', status: 'closed' }),
      staff.post(`/ideas/${idea.id}/status`, { status: 'declined', declineReason: 'x' }),
      staff.post(`/ideas/${myIdea}/merge`, { into: idea.id }),
      staff.post(`/ideas/${idea.id}/visibility`, { action: 'hide', reason: 'x' }),
      staff.post(`/comments/${comment!.id}/visibility`, { action: 'hide', reason: 'x' }),
    ];
    for (const res of await Promise.all(probes)) {
      expect(res.status === 404 || (res.status === 400 && res.text.includes('Replies go under'))).toBe(true);
      expect(res.text).not.toMatch(/Other course secret|Hidden brief|Secret (idea|comment|poll|section)|Someone Else/);
    }
    expect(await store.findIdea(otherCourse, idea.id)).toMatchObject({ voteCount: 0, status: 'new', hidden: false, commentCount: 1 });
    expect((await store.findConsultation(otherCourse, secret.id))?.title).toBe('Other course secret');
    expect((await store.pollResults(otherCourse, poll!.id))?.respondents).toBe(0);
    expect(textOf((await me.get(`/similar?consultation=${mine}&title=secret`, { Accept: 'application/json' })).text)).not.toContain('Secret');
  });

  it('the same course id on another platform stays separate: ids from there give 404', async () => {
    expect(platformB.course.id).toBe(h.platform.course.id);
    const staffB = await sessionFor(h, instructor(), { platform: platformB });
    const idB = await openConsultation(staffB, { title: 'Platform B consultation' });
    const learnerB = await sessionFor(h, learner(), { platform: platformB });
    const ideaB = await postIdea(learnerB, idB, 'Platform B idea');

    const staffA = await sessionFor(h, instructor());
    const learnerA = await sessionFor(h, learner());
    expect(textOf((await learnerA.get('/')).text)).not.toContain('Platform B consultation');
    for (const res of [
      await learnerA.get(`/consultations/${idB}`),
      await learnerA.get(`/ideas/${ideaB}`),
      await learnerA.post(`/ideas/${ideaB}/vote`, { on: '1' }),
      await staffA.post(`/ideas/${ideaB}/status`, { status: 'adopted' }),
      await staffA.get(`/consultations/${idB}/results.csv`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('Platform B');
    }
    expect(textOf((await learnerB.get(`/ideas/${ideaB}`)).text)).toContain('0 votes');
    expect(await h.storage.consultations.findConsultation(course, idB)).toBeNull();
  });

  it('malformed ids are plain 404s', async () => {
    const me = await sessionFor(h, learner());
    for (const path of ['/consultations/..%2F..%2Fadmin', '/ideas/%24ne', '/consultations/short']) expect((await me.get(path)).status).toBe(404);
  });
});

describe('a course that switched the panel off', () => {
  afterEach(async () => {
    await h.storage.settings.saveSettings(course, DEFAULT_SETTINGS, buildAudit(course));
  });

  it('tells learners it is not enabled (even for direct links and writes), while instructors still see it with a note', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const me = await sessionFor(h, learner());
    const idea = await postIdea(me, id, 'Before switching off');
    await h.storage.settings.saveSettings(course, { ...DEFAULT_SETTINGS, consumerGroupEnabled: false }, buildAudit(course));

    const home = await me.get('/');
    expect(home.status).toBe(403);
    expect(textOf(home.text)).toContain('The consumer group is not enabled in this course.');
    for (const res of [await me.get(`/consultations/${id}`), await me.post(`/ideas/${idea}/vote`, { on: '1' })]) {
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('Before switching off');
    }
    const staffHome = await staff.get('/');
    expect(staffHome.status).toBe(200);
    expect(textOf(staffHome.text)).toContain('This panel is switched off for learners in this course');
    expect((await h.storage.consultations.findIdea(course, idea))?.voteCount).toBe(0);
  });
});

it('the ids in redirects are the stored ones (sanity check of the helpers)', async () => {
  const staff = await sessionFor(h, instructor());
  const res = await staff.post('/consultations', { title: 't', brief: 'b', status: 'draft' });
  expect(await h.storage.consultations.findConsultation(course, idFrom(res.headers.location, 'consultations'))).not.toBeNull();
});
