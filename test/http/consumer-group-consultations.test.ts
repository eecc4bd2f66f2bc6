/**
 * Consultations through real launches: instructors open, revise and close them, attach a draft
 * outline and polls; learners read them, comment on sections and answer polls.
 */
import { startHarness, type Harness } from '../support/tool-harness';
import { instructor, learner, openConsultation, postIdea, sessionFor, textOf, type CgSession } from './consumer-group-helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('opening a consultation', () => {
  it('when an instructor opens one, then learners find it with its brief and guiding questions', async () => {
    const staff = await sessionFor(h, instructor());
    const form = await staff.get('/consultations/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain('name="_csrf"');
    const id = await openConsultation(staff, { title: 'Spreadsheet course, version 2', opensOn: '2000-01-01', closesOn: '2999-12-31' });

    const me = await sessionFor(h, learner());
    const home = await me.get('/');
    expect(textOf(home.text)).toContain('Spreadsheet course, version 2');
    const page = await me.get(`/consultations/${id}`);
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toContain('What should the new course cover?');
    expect(text).toContain('What slows you down?');
    expect(text).toContain('From 1 Jan 2000 to 31 Dec 2999');
    expect(text).toContain('Propose an idea');
  });

  it('a draft is invisible to learners (404 and not listed) but visible to instructors', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff, { title: 'Secret draft', status: 'draft' });
    expect((await staff.get(`/consultations/${id}`)).status).toBe(200);
    const me = await sessionFor(h, learner());
    expect((await me.get(`/consultations/${id}`)).status).toBe(404);
    expect(textOf((await me.get('/')).text)).not.toContain('Secret draft');
    expect((await me.post(`/consultations/${id}/ideas`, { title: 'Sneaky', confirm: '1' })).status).toBe(404);
  });

  it('when the form is incomplete, then the page says what to fix next to each field, in the page language, and keeps what was typed', async () => {
    const staff = await sessionFor(h, instructor());
    const res = await staff.post('/consultations', { title: '', brief: 'Kept brief text', status: 'sometimes', opensOn: '2030-02-30', closesOn: '2030-01-01' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Title: this field is required.');
    expect(res.text).toContain('Status: choose one of the options offered.');
    expect(res.text).toContain('Opens on: enter a date as YYYY-MM-DD.');
    expect(res.text).toMatch(/id="consultation-title"[^>]*aria-describedby="consultation-title-error"[^>]*aria-invalid="true"/);
    expect(res.text).toContain('Kept brief text');
    expect(res.text).toContain('href="#consultation-title"');

    const fr = await sessionFor(h, instructor(), { locale: 'fr-FR' });
    const refused = await fr.post('/consultations', { title: 'x'.repeat(121), brief: 'b', status: 'open', opensOn: '2030-03-01', closesOn: '2030-02-01' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Titre\u202f: 120 caractères au plus.');
    expect(refused.text).toContain('la date de clôture ne peut pas précéder la date d’ouverture');
  });

  it('when an instructor edits a consultation, then its ideas and outline stay', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    await staff.post(`/consultations/${id}/sections`, { sectionTitle: 'Module 1', sectionText: 'Formulas' });
    const me = await sessionFor(h, learner());
    await postIdea(me, id, 'Keep the formulas module');
    const edit = await staff.get(`/consultations/${id}/edit`);
    expect(edit.text).toContain('value="Redesign of Excel basics"');
    const saved = await staff.post(`/consultations/${id}`, { title: 'Renamed consultation', brief: 'New brief', questions: '', status: 'open' });
    expect(saved.status).toBe(303);
    const page = textOf((await me.get(`/consultations/${id}`)).text);
    expect(page).toContain('Renamed consultation');
    expect(page).toContain('Module 1');
    expect(page).toContain('Keep the formulas module');
  });

  it('before its opening date a consultation is shown as opening soon and takes no ideas yet', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff, { opensOn: '2999-01-01' });
    const me = await sessionFor(h, learner());
    expect(textOf((await me.get(`/consultations/${id}`)).text)).toContain('has not opened yet');
    expect((await me.post(`/consultations/${id}/ideas`, { title: 'Too early', confirm: '1' })).status).toBe(409);
  });
});

describe('the draft outline', () => {
  it('learners comment on a section and replies thread one level deep', async () => {
    const staff = await sessionFor(h, instructor('Olive'));
    const id = await openConsultation(staff);
    expect((await staff.post(`/consultations/${id}/sections`, { sectionTitle: 'Pivot tables', sectionText: 'Two hours' })).status).toBe(303);
    const sectionId = /id="section-([A-Za-z0-9_-]{22})"/.exec((await staff.get(`/consultations/${id}`)).text)![1];
    const me = await sessionFor(h, learner());
    const posted = await me.post(`/consultations/${id}/sections/${sectionId}/comments`, { body: 'Two hours is too short' });
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toContain(`#section-${sectionId}`);
    const commentId = /id="comment-([A-Za-z0-9_-]{22})"/.exec((await me.get(`/consultations/${id}`)).text)![1];
    expect((await staff.post(`/consultations/${id}/sections/${sectionId}/comments`, { body: 'We will make it a day', parentId: commentId })).status).toBe(303);
    const replyId = [...(await staff.get(`/consultations/${id}`)).text.matchAll(/id="comment-([A-Za-z0-9_-]{22})"/g)][1][1];
    expect((await me.post(`/consultations/${id}/sections/${sectionId}/comments`, { body: 'Too deep', parentId: replyId })).status).toBe(400);

    const page = textOf((await me.get(`/consultations/${id}`)).text);
    expect(page).toContain('Two hours is too short');
    expect(page).toContain('Olive Teacher');
    expect(page).toContain('We will make it a day');
    expect(page).not.toContain('Too deep');

    expect((await staff.post(`/consultations/${id}/sections/${sectionId}`, { sectionTitle: 'Pivot tables and charts', sectionText: 'One day' })).status).toBe(303);
    expect(textOf((await me.get(`/consultations/${id}`)).text)).toContain('Pivot tables and charts');
    expect((await me.post(`/consultations/${id}/sections/${'x'.repeat(22)}/comments`, { body: 'Nowhere' })).status).toBe(404);
  });
});

describe('polls', () => {
  async function pollIn(staff: CgSession, id: string, fields: Record<string, string>): Promise<string> {
    expect((await staff.post(`/consultations/${id}/polls`, fields)).status).toBe(303);
    const ids = [...(await staff.get(`/consultations/${id}`)).text.matchAll(/id="poll-([A-Za-z0-9_-]{22})"/g)].map((m) => m[1]);
    return ids[ids.length - 1];
  }

  it('learners see the bars only after answering, instructors always; a second answer replaces the first', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const poll = await pollIn(staff, id, { pollQuestion: 'Preferred format?', pollKind: 'single', pollOptions: 'Video\nWorkshop\nReading' });
    const me = await sessionFor(h, learner());
    let page = (await me.get(`/consultations/${id}`)).text;
    expect(page).toContain('type="radio"');
    expect(page).not.toContain('class="bars"');
    expect((await staff.get(`/consultations/${id}`)).text).toContain('class="bars"');

    expect((await me.post(`/consultations/${id}/polls/${poll}/answer`, { choice: '1' })).status).toBe(303);
    expect((await me.post(`/consultations/${id}/polls/${poll}/answer`, { choice: '0' })).status).toBe(303);
    page = textOf((await me.get(`/consultations/${id}`)).text);
    expect(page).toContain('1 answer');
    expect(page).toMatch(/Video \(your answer\) 1 \(100%\)/);
    expect(page).toMatch(/Workshop 0 \(0%\)/);
  });

  it('multiple choice takes several answers, a 1–5 scale one point; anything else is refused with a clear 400', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const multiple = await pollIn(staff, id, { pollQuestion: 'Which topics?', pollKind: 'multiple', pollOptions: 'Charts\nMacros\nPivots' });
    const scale = await pollIn(staff, id, { pollQuestion: 'How useful is the current course?', pollKind: 'scale', pollOptions: '' });
    const me = await sessionFor(h, learner());
    expect((await me.post(`/consultations/${id}/polls/${multiple}/answer`, { choice: ['0', '2'] })).status).toBe(303);
    expect((await me.post(`/consultations/${id}/polls/${scale}/answer`, { choice: '5' })).status).toBe(303);
    for (const bad of [{ choice: '6' }, { choice: '0' }, { choice: ['1', '2'] }, {}]) {
      const refused = await me.post(`/consultations/${id}/polls/${scale}/answer`, bad as Record<string, string>);
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('Choose an answer among those offered');
    }
    const results = textOf((await staff.get(`/consultations/${id}`)).text);
    expect(results).toMatch(/Charts 1 \(100%\) Macros 0 \(0%\) Pivots 1 \(100%\)/);
    expect(results).toMatch(/5 1 \(100%\)/);
  });

  it('refuses a poll without a question or with fewer than two choices', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const res = await staff.post(`/consultations/${id}/polls`, { pollQuestion: '', pollKind: 'single', pollOptions: 'Only one' });
    expect(res.status).toBe(400);
    expect(textOf(res.text)).toContain('Question: this field is required.');
    expect(textOf(res.text)).toContain('give at least two');
    expect((await staff.post(`/consultations/${id}/polls`, { pollQuestion: 'q', pollKind: 'ranking', pollOptions: 'a\nb' })).status).toBe(400);
  });
});

describe('closing a consultation', () => {
  it('stops new ideas, votes and poll answers with a clear message, and loses nothing', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    expect((await staff.post(`/consultations/${id}/polls`, { pollQuestion: 'Format?', pollKind: 'single', pollOptions: 'A\nB' })).status).toBe(303);
    const poll = /id="poll-([A-Za-z0-9_-]{22})"/.exec((await staff.get(`/consultations/${id}`)).text)![1];
    const me = await sessionFor(h, learner());
    const idea = await postIdea(me, id, 'An idea before closing');
    await me.post(`/ideas/${idea}/vote`, { on: '1' });
    await me.post(`/consultations/${id}/polls/${poll}/answer`, { choice: '1' });
    await me.post(`/ideas/${idea}/comments`, { body: 'A comment before closing' });

    expect((await staff.post(`/consultations/${id}`, { title: 'Redesign of Excel basics', brief: 'b', status: 'closed' })).status).toBe(303);

    const other = await sessionFor(h, learner());
    for (const attempt of [
      other.post(`/consultations/${id}/ideas`, { title: 'Too late', confirm: '1' }),
      other.post(`/ideas/${idea}/vote`, { on: '1' }),
      me.post(`/ideas/${idea}/vote`, { on: '0' }),
      other.post(`/consultations/${id}/polls/${poll}/answer`, { choice: '0' }),
    ]) {
      const refused = await attempt;
      expect(refused.status).toBe(409);
      expect(textOf(refused.text)).toContain('This consultation is closed');
      expect(textOf(refused.text)).toContain('Everything said so far is kept');
    }
    const page = textOf((await other.get(`/consultations/${id}`)).text);
    expect(page).toContain('This consultation is closed');
    expect(page).toContain('An idea before closing');
    expect(page).toContain('1 vote');
    expect(page).not.toContain('Too late');
    expect(textOf((await staff.get(`/consultations/${id}`)).text)).toMatch(/A 0 \(0%\) B 1 \(100%\)/);
    expect(textOf((await other.get(`/ideas/${idea}`)).text)).toContain('A comment before closing');
    // Reopening brings everything back as it was.
    await staff.post(`/consultations/${id}`, { title: 'Redesign of Excel basics', brief: 'b', status: 'open' });
    expect((await other.post(`/ideas/${idea}/vote`, { on: '1' })).status).toBe(303);
    expect(textOf((await other.get(`/ideas/${idea}`)).text)).toContain('2 votes');
  });
});
