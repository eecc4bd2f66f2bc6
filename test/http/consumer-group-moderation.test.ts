/**
 * Instructors answering ideas through real launches: statuses (and what learners see since their
 * last visit), merges with overlapping voters, hide and restore into the audit log, results and CSV.
 */
import type { ContextKey } from '../../src/context/tenant';
import { startHarness, type Harness } from '../support/tool-harness';
import { instructor, learner, openConsultation, postIdea, sessionFor, textOf } from './consumer-group-helpers';

let h: Harness;
let course: ContextKey;
beforeAll(async () => {
  h = await startHarness();
  course = { issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId, contextId: h.platform.course.id };
});
afterAll(async () => h.close());

describe('statuses', () => {
  it('an adopted idea shows its status to all, and learners who supported it are told on their next visit', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const author = await sessionFor(h, learner());
    const supporter = await sessionFor(h, learner());
    const bystander = await sessionFor(h, learner());
    const one = await postIdea(author, id, 'Templates for reports');
    const two = await postIdea(author, id, 'Exercises with solutions');
    for (const idea of [one, two]) await supporter.post(`/ideas/${idea}/vote`, { on: '1' });
    for (const who of [author, supporter, bystander]) await who.get('/');

    expect((await staff.post(`/ideas/${one}/status`, { status: 'adopted' })).status).toBe(303);
    expect((await staff.post(`/ideas/${two}/status`, { status: 'adopted' })).status).toBe(303);

    const seen = textOf((await supporter.get('/')).text);
    expect(seen).toContain('Since your last visit');
    expect(seen).toContain('2 ideas you supported were adopted');
    expect(textOf((await author.get('/')).text)).toContain('2 ideas you supported were adopted');
    expect(textOf((await bystander.get('/')).text)).not.toContain('Since your last visit');
    // Told once: the next visit is quiet.
    expect(textOf((await supporter.get('/')).text)).not.toContain('Since your last visit');
    expect(textOf((await bystander.get(`/ideas/${one}`)).text)).toContain('Adopted');
  });

  it('declining needs a public reason, which learners then read with the idea', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const me = await sessionFor(h, learner());
    const idea = await postIdea(me, id, 'A week-long retreat');
    expect((await staff.post(`/ideas/${idea}/status`, { status: 'archived' })).status).toBe(422);
    expect((await staff.post(`/ideas/${idea}/status`, { status: 'declined', declineReason: 'No budget this year' })).status).toBe(303);
    const page = textOf((await me.get(`/ideas/${idea}`)).text);
    expect(page).toContain('Declined because: No budget this year');
  });

  it('when an instructor declines without a reason, then the same idea page comes back with the message at the field and the choice kept', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const me = await sessionFor(h, learner());
    const idea = await postIdea(me, id, 'A week-long retreat');
    const refused = await staff.post(`/ideas/${idea}/status`, { status: 'declined', declineReason: '   ' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('<h1>A week-long retreat</h1>');
    expect(refused.text).toMatch(/<p class="error-text" id="status-form-declineReason-error">Reason for declining: this field is required.<\/p>/);
    expect(refused.text).toMatch(/<input type="text" id="status-form-declineReason" name="declineReason"[^>]*aria-describedby="status-form-declineReason-hint status-form-declineReason-error"[^>]*aria-invalid="true"/);
    expect(refused.text).toMatch(/id="status-declined" name="status" value="declined" checked/);
    expect(refused.text).toContain('href="#status-form-declineReason"');
    // Nothing was written.
    expect(textOf((await me.get(`/ideas/${idea}`)).text)).not.toContain('Declined');
  });

  it('the reason field says once when it is needed (never "required" and "optional" together), in both languages', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const idea = await postIdea(await sessionFor(h, learner()), id, 'Shorter videos');
    const label = (html: string) => textOf(/<label for="status-form-declineReason">[\s\S]*?<\/label>/.exec(html)?.[0] ?? '').trim();
    expect(label((await staff.get(`/ideas/${idea}`)).text)).toBe('Reason for declining (required to decline)');
    const fr = await sessionFor(h, instructor(), { locale: 'fr-FR' });
    expect(label((await fr.get(`/ideas/${idea}`)).text)).toBe('Motif du refus (obligatoire pour écarter)');
  });

  it('a French instructor who declines without a reason keeps the typed status and reads the message in French', async () => {
    const fr = await sessionFor(h, instructor(), { locale: 'fr-FR' });
    const id = await openConsultation(fr);
    const idea = await postIdea(await sessionFor(h, learner()), id, 'Plus de quiz');
    const refused = await fr.post(`/ideas/${idea}/status`, { status: 'declined', declineReason: '' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Motif du refus\u202f: ce champ est obligatoire.');
  });
});

describe('merging', () => {
  it('moves votes and comments into the other idea, counting a learner who voted for both once', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const [a, b, c] = await Promise.all([sessionFor(h, learner()), sessionFor(h, learner()), sessionFor(h, learner())]);
    const duplicate = await postIdea(a, id, 'Videos about charts');
    const original = await postIdea(b, id, 'Chart videos');
    await a.post(`/ideas/${duplicate}/vote`, { on: '1' });
    await b.post(`/ideas/${duplicate}/vote`, { on: '1' });
    await b.post(`/ideas/${original}/vote`, { on: '1' });
    await c.post(`/ideas/${original}/vote`, { on: '1' });
    await c.post(`/ideas/${duplicate}/comments`, { body: 'Short ones please' });

    const merged = await staff.post(`/ideas/${duplicate}/merge`, { into: original });
    expect(merged.status).toBe(303);
    expect(merged.headers.location).toContain(`/ideas/${original}?done=merged`);
    const target = textOf((await a.get(`/ideas/${original}`)).text);
    expect(target).toContain('3 votes');
    expect(target).toContain('Short ones please');
    const source = await a.get(`/ideas/${duplicate}`);
    expect(textOf(source.text)).toContain('This idea was merged into Chart videos');
    expect((await a.post(`/ideas/${duplicate}/vote`, { on: '1' })).status).toBe(409);
    const list = textOf((await a.get(`/consultations/${id}`)).text);
    expect(list).not.toContain('Videos about charts');
    // A merged-in voter can still withdraw on the target, exactly once.
    await b.post(`/ideas/${original}/vote`, { on: '0' });
    expect(textOf((await c.get(`/ideas/${original}`)).text)).toContain('2 votes');
    const audit = await h.storage.audit.listAudit(course, { limit: 50 });
    expect(audit.items.some((e) => e.action === 'idea.merge' && e.subject.id === duplicate)).toBe(true);
  });

  it('refuses to merge an idea into itself or into an idea of another consultation', async () => {
    const staff = await sessionFor(h, instructor());
    const one = await openConsultation(staff);
    const two = await openConsultation(staff);
    const me = await sessionFor(h, learner());
    const a = await postIdea(me, one, 'Idea A');
    const b = await postIdea(me, two, 'Idea B');
    expect((await staff.post(`/ideas/${a}/merge`, { into: a })).status).toBe(400);
    expect((await staff.post(`/ideas/${a}/merge`, { into: b })).status).toBe(400);
    expect((await staff.post(`/ideas/${a}/merge`, { into: '' })).status).toBe(400);
  });
});

describe('hiding and restoring', () => {
  it('hides an idea from learners with a reason kept in the audit log, and restores it', async () => {
    const staff = await sessionFor(h, instructor('Hana'));
    const id = await openConsultation(staff);
    const me = await sessionFor(h, learner());
    const idea = await postIdea(me, id, 'Call 555-0100 for my course');
    expect((await staff.post(`/ideas/${idea}/visibility`, { action: 'hide', reason: '' })).status).toBe(400);
    expect((await staff.post(`/ideas/${idea}/visibility`, { action: 'hide', reason: 'Personal phone number' })).status).toBe(303);
    expect((await me.get(`/ideas/${idea}`)).status).toBe(404);
    expect(textOf((await me.get(`/consultations/${id}`)).text)).not.toContain('Call 555-0100');
    const staffView = textOf((await staff.get(`/ideas/${idea}`)).text);
    expect(staffView).toContain('Hidden by an instructor: Personal phone number');
    expect((await staff.post(`/ideas/${idea}/visibility`, { action: 'restore', reason: 'Number removed by the author' })).status).toBe(303);
    expect((await me.get(`/ideas/${idea}`)).status).toBe(200);
    const audit = (await h.storage.audit.listAudit(course, { limit: 50 })).items.filter((e) => e.subject.id === idea);
    expect(audit.map((e) => [e.action, e.reason, e.actor.role])).toEqual([
      ['idea.restore', 'Number removed by the author', 'instructor'],
      ['idea.hide', 'Personal phone number', 'instructor'],
    ]);
  });

  it('hides a comment (and its count) from learners and restores it', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const me = await sessionFor(h, learner());
    const idea = await postIdea(me, id, 'Peer reviews');
    await me.post(`/ideas/${idea}/comments`, { body: 'Something rude' });
    const commentId = /id="comment-([A-Za-z0-9_-]{22})"/.exec((await staff.get(`/ideas/${idea}`)).text)![1];
    const hidden = await staff.post(`/comments/${commentId}/visibility`, { action: 'hide', reason: 'Rude' });
    expect(hidden.headers.location).toContain(`/ideas/${idea}?done=hidden#comment-${commentId}`);
    const page = textOf((await me.get(`/ideas/${idea}`)).text);
    expect(page).not.toContain('Something rude');
    expect(page).toContain('0 comments');
    expect(textOf((await staff.get(`/ideas/${idea}`)).text)).toContain('Something rude');
    await staff.post(`/comments/${commentId}/visibility`, { action: 'restore', reason: 'Author apologised' });
    expect(textOf((await me.get(`/ideas/${idea}`)).text)).toContain('Something rude');
    const actions = (await h.storage.audit.listAudit(course, { limit: 50 })).items.filter((e) => e.subject.id === commentId).map((e) => e.action);
    expect(actions).toEqual(['comment.restore', 'comment.hide']);
  });
});

describe('results', () => {
  it('ranks ideas by votes, counts participating learners out of the roster, lists credited co-designers, and exports a safe CSV', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff, { title: 'Results course' });
    await staff.post(`/consultations/${id}/polls`, { pollQuestion: 'Format?', pollKind: 'single', pollOptions: 'Online\nOn site' });
    const poll = /id="poll-([A-Za-z0-9_-]{22})"/.exec((await staff.get(`/consultations/${id}`)).text)![1];
    const credited = await sessionFor(h, learner('Carla'));
    const anonymous = await sessionFor(h, learner('Nina'));
    const voter = await sessionFor(h, learner());
    const top = await postIdea(credited, id, 'Case studies from our sector', { credit: '1' });
    const formula = await postIdea(anonymous, id, '=HYPERLINK("http://evil.example","click")');
    await voter.post(`/ideas/${top}/vote`, { on: '1' });
    await anonymous.post(`/ideas/${top}/vote`, { on: '1' });
    await voter.post(`/consultations/${id}/polls/${poll}/answer`, { choice: '1' });
    await staff.post(`/ideas/${top}/vote`, { on: '1' });
    await staff.post(`/ideas/${top}/status`, { status: 'adopted' });
    await staff.post(`/ideas/${formula}/status`, { status: 'adopted' });

    const page = await staff.get(`/consultations/${id}/results`);
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toMatch(/3 of \d+ learners took part\./);
    expect(text.indexOf('Case studies from our sector')).toBeLessThan(text.indexOf('=HYPERLINK'));
    expect(text).toMatch(/Credited co-designers Carla Learner\d+/);
    expect(text).not.toMatch(/Credited co-designers[^]*Nina/);
    expect(textOf((await voter.get(`/consultations/${id}`)).text)).toMatch(/Credited co-designers Carla Learner\d+/);

    const csv = await staff.get(`/consultations/${id}/results.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="consultation-[A-Za-z0-9_-]+-results\.csv"/);
    const body = csv.text;
    expect(body.charCodeAt(0)).toBe(0xfeff);
    expect(body).toContain('Idea,1,Case studies from our sector,3,Adopted,Carla');
    expect(body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(body).toContain('Poll,,Format? — On site,1,100 %,,');
    expect(body.split('\r\n')[0]).toBe('\uFEFFSection,Rank,Title,Votes,Status,Proposed by,Credit by name');
  });
});
