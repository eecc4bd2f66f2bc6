/**
 * Ideas through real launches: proposing (with the similar-ideas hint and its no-script
 * confirmation step), voting, commenting, sorting, and what learners see change afterwards.
 */
import { startHarness, type Harness } from '../support/tool-harness';
import { idFrom, instructor, learner, openConsultation, postIdea, sessionFor, textOf } from './consumer-group-helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('proposing an idea', () => {
  it('when a similar idea exists, then the no-script form shows it on a confirmation step, and posting anyway keeps what was typed', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const first = await sessionFor(h, learner());
    await postIdea(first, id, 'Short videos on pivot tables');

    const second = await sessionFor(h, learner());
    const step = await second.post(`/consultations/${id}/ideas`, { title: 'More pivot table videos', description: 'With exercises', credit: '1' });
    expect(step.status).toBe(200);
    const text = textOf(step.text);
    expect(text).toContain('Is your idea already there?');
    expect(text).toContain('Short videos on pivot tables');
    expect(step.text).toContain('name="confirm" value="1"');
    expect(step.text).toContain('value="With exercises"');

    const posted = await second.post(`/consultations/${id}/ideas`, { title: 'More pivot table videos', description: 'With exercises', credit: '1', confirm: '1' });
    expect(posted.status).toBe(303);
    const idea = await h.storage.consultations.findIdea(
      { issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId, contextId: h.platform.course.id },
      idFrom(posted.headers.location, 'ideas'),
    );
    expect(idea).toMatchObject({ title: 'More pivot table videos', description: 'With exercises', creditConsent: true, status: 'new' });
  });

  it('while a title is typed, the JSON endpoint answers similar ideas of this consultation only', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const elsewhere = await openConsultation(staff);
    const me = await sessionFor(h, learner());
    await postIdea(me, id, 'Keyboard shortcuts cheat sheet');
    await postIdea(me, elsewhere, 'Keyboard shortcuts quiz');
    const res = await me.get(`/similar?consultation=${id}&title=${encodeURIComponent('shortcuts for the keyboard')}`, { Accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(res.body.ideas.map((i: { title: string }) => i.title)).toEqual(['Keyboard shortcuts cheat sheet']);
    expect(res.body.ideas[0].href).toMatch(/\/consumer-group\/ideas\/[A-Za-z0-9_-]{22}$/);
    expect((await me.get(`/similar?consultation=${id}&title=`, { Accept: 'application/json' })).body).toEqual({ ideas: [] });
    expect((await me.get(`/similar?consultation=nope&title=x`, { Accept: 'application/json' })).status).toBe(404);
  });

  it('refuses an idea without a title or with an overlong one (400), in French too, keeping what was typed', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const me = await sessionFor(h, learner(), { locale: 'fr' });
    const res = await me.post(`/consultations/${id}/ideas`, { title: '   ', description: 'Ma description gardée' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Votre idée en quelques mots\u202f: ce champ est obligatoire.');
    expect(res.text).toContain('Ma description gardée');
    expect((await me.post(`/consultations/${id}/ideas`, { title: 'x'.repeat(121), confirm: '1' })).status).toBe(400);
  });
});

describe('votes', () => {
  it('one vote per learner, undoable, shown on the list and the idea', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const me = await sessionFor(h, learner());
    const idea = await postIdea(me, id, 'Practice files for every lesson');
    expect((await me.post(`/ideas/${idea}/vote`, { on: '1', back: 'list' })).headers.location).toContain(`#idea-${idea}`);
    await me.post(`/ideas/${idea}/vote`, { on: '1' });
    let page = await me.get(`/ideas/${idea}`);
    expect(textOf(page.text)).toContain('1 vote');
    expect(textOf(page.text)).toContain('Remove my vote');
    await me.post(`/ideas/${idea}/vote`, { on: '0' });
    page = await me.get(`/ideas/${idea}`);
    expect(textOf(page.text)).toContain('0 votes');
  });

  it('counts exactly when many learners vote at the same moment', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const voters = await Promise.all(Array.from({ length: 12 }, () => sessionFor(h, learner())));
    const idea = await postIdea(voters[0], id, 'Live Q&A sessions');
    const results = await Promise.all(voters.flatMap((v) => [v.post(`/ideas/${idea}/vote`, { on: '1' }), v.post(`/ideas/${idea}/vote`, { on: '1' })]));
    expect(results.every((r) => r.status === 303)).toBe(true);
    expect(textOf((await staff.get(`/ideas/${idea}`)).text)).toContain('12 votes');
  });

  it('sorts ideas by most votes, newest and recently active', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff);
    const a = await sessionFor(h, learner());
    const b = await sessionFor(h, learner());
    const older = await postIdea(a, id, 'Alpha idea');
    await new Promise((r) => setTimeout(r, 5));
    const newer = await postIdea(a, id, 'Beta idea');
    await b.post(`/ideas/${older}/vote`, { on: '1' });
    const order = async (sort: string) => [...(await a.get(`/consultations/${id}?sort=${sort}`)).text.matchAll(/<h3 class="idea__title"><a [^>]+>([^<]+)</g)].map((m) => m[1]);
    expect(await order('votes')).toEqual(['Alpha idea', 'Beta idea']);
    expect(await order('newest')).toEqual(['Beta idea', 'Alpha idea']);
    expect(await order('active')).toEqual(['Alpha idea', 'Beta idea']);
    await new Promise((r) => setTimeout(r, 5));
    await b.post(`/ideas/${newer}/comments`, { body: 'Yes please' });
    expect(await order('active')).toEqual(['Beta idea', 'Alpha idea']);
    expect((await a.get(`/consultations/${id}?sort=votes`)).text).toMatch(/aria-current="true">Most votes/);
  });
});

describe('comments', () => {
  it('threads replies one level deep and shows learners as "A learner" to other learners', async () => {
    const staff = await sessionFor(h, instructor('Uma'));
    const id = await openConsultation(staff);
    const author = await sessionFor(h, learner('Zoe'));
    const idea = await postIdea(author, id, 'A forum per module');
    const reader = await sessionFor(h, learner());
    expect((await author.post(`/ideas/${idea}/comments`, { body: 'Also for questions' })).status).toBe(303);
    const commentId = /id="comment-([A-Za-z0-9_-]{22})"/.exec((await staff.get(`/ideas/${idea}`)).text)![1];
    expect((await staff.post(`/ideas/${idea}/comments`, { body: 'Good point', parentId: commentId })).status).toBe(303);
    const seen = textOf((await reader.get(`/ideas/${idea}`)).text);
    expect(seen).toContain('A learner');
    expect(seen).not.toContain('Zoe');
    expect(seen).toMatch(/Uma Teacher\d+ \(instructor\)/);
    expect(seen).toContain('2 comments');
    expect((await reader.post(`/ideas/${idea}/comments`, { body: '' })).status).toBe(400);
    expect((await reader.post(`/ideas/${idea}/comments`, { body: 'x'.repeat(2001) })).status).toBe(400);
    expect((await reader.post(`/ideas/${idea}/comments`, { body: 'Orphan', parentId: 'not-an-id' })).status).toBe(400);
  });

  it('renders script and markup in titles and comments as text, never as HTML', async () => {
    const staff = await sessionFor(h, instructor());
    const id = await openConsultation(staff, { title: '<img src=x onerror=alert(1)>' });
    const me = await sessionFor(h, learner());
    const payload = '<script>alert("x")</script>';
    const idea = await postIdea(me, id, payload, { description: '"><svg onload=alert(2)>' });
    await me.post(`/ideas/${idea}/comments`, { body: '<b onmouseover=alert(3)>hi</b>' });
    for (const page of [await me.get(`/ideas/${idea}`), await me.get(`/consultations/${id}`), await staff.get(`/ideas/${idea}`), await me.get('/')]) {
      expect(page.text).not.toContain('<script>alert');
      expect(page.text).not.toContain('<svg onload');
      expect(page.text).not.toContain('<b onmouseover');
      expect(page.text).not.toContain('<img src=x');
    }
    expect((await me.get(`/ideas/${idea}`)).text).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
    const json = await me.get(`/similar?consultation=${id}&title=script`, { Accept: 'application/json' });
    expect(json.headers['content-type']).toMatch(/application\/json/);
  });
});

describe('training needs', () => {
  it('learners express a need (what, why, for which situation) and others support it; instructors see them ranked', async () => {
    const me = await sessionFor(h, learner());
    const other = await sessionFor(h, learner());
    const missing = await me.post('/needs', { title: 'Negotiation basics', description: '' });
    expect(missing.status).toBe(400);
    expect(textOf(missing.text)).toContain('Why do you need it?: this field is required.');
    const posted = await me.post('/needs', { title: 'Negotiation basics', description: 'I buy from suppliers', situation: 'Yearly contract renewals', confirm: '1' });
    expect(posted.status).toBe(303);
    const need = idFrom(posted.headers.location, 'ideas');
    const second = await me.post('/needs', { title: 'Budgeting', description: 'Planning', confirm: '1' });
    const budgeting = idFrom(second.headers.location, 'ideas');
    expect((await other.post(`/ideas/${need}/vote`, { on: '1', back: 'list' })).headers.location).toContain('/needs?done=voted');

    // Two shared terms: one alone ("negotiation") is a coincidence for the hint (storage/consultations/similar-ideas.ts).
    const similar = await other.post('/needs', { title: 'Negotiation basics for buyers', description: 'Same' });
    expect(textOf(similar.text)).toContain('Negotiation basics');

    const staff = await sessionFor(h, instructor());
    const list = (await staff.get('/needs')).text;
    expect(list.indexOf('Negotiation basics')).toBeLessThan(list.indexOf('Budgeting'));
    expect(textOf(list)).toContain('1 supporter');
    const page = textOf((await other.get(`/ideas/${need}`)).text);
    expect(page).toContain('Yearly contract renewals');
    expect(page).toContain('Withdraw my support');
    expect((await staff.post(`/ideas/${budgeting}/status`, { status: 'planned' })).status).toBe(303);
    expect(textOf((await me.get(`/ideas/${budgeting}`)).text)).toContain('Planned');
  });
});
