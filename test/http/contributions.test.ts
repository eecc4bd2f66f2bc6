/**
 * The contributions panel (issue 16) through real launches of the test platform: sharing with and
 * without a file, automatic holds and moderation, useful marks, comments, reports, reuse and
 * credits, exports, hostile files through the HTTP route, and isolation between courses and platforms.
 */
import request from 'supertest';
import type { ContextKey } from '../../src/context/tenant';
import { DEFAULT_SETTINGS } from '../../src/panels/settings/settings-defaults';
import type { TestPlatform } from '../../src/demo/test-platform';
import { buildAudit } from '../support/audit';
import { openSession, type PanelSession } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';
import { buildZip, DOCX_ENTRIES } from '../support/zip-builder';

let h: Harness;
let other: TestPlatform;
let course: ContextKey;
const MAX = 64 * 1024;

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', Buffer.alloc(13, 1)),
  chunk('tEXt', Buffer.from('Author\0Secret Person')),
  chunk('IDAT', Buffer.from('pixels')),
  chunk('IEND', Buffer.alloc(0)),
]);
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, data, Buffer.alloc(4)]);
}

let n = 0;
const learner = (extra: Record<string, unknown> = {}) => openSession(h, { sub: `contrib-l-${++n}`, givenName: 'Lea', familyName: `Learner${n}`, ...extra });
const instructor = () => openSession(h, { sub: `contrib-i-${++n}`, givenName: 'Ines', familyName: `Teacher${n}`, instructor: true });

const csrfOf = async (s: PanelSession) => /name="_csrf" value="([^"]+)"/.exec((await s.get('/contributions')).text)![1];

/** Posts the multipart share form as a browser does (the token first, then the fields, then the file). */
async function share(s: PanelSession, fields: Record<string, string> = {}, file?: { bytes: Buffer; name: string; type?: string }, csrf?: string | null, path = '/contributions/share') {
  let req = request(s.base).post(path);
  if (csrf !== null) req = req.field('_csrf', csrf ?? (await csrfOf(s)));
  for (const [k, v] of Object.entries({ title: 'Pivot shortcut', text: 'Alt+N+V opens a pivot table.', licence: 'cc-by-4.0', credit: 'name', consent: '1', ...fields })) req = req.field(k, v);
  if (file) req = req.attach('file', file.bytes, { filename: file.name, contentType: file.type ?? 'application/octet-stream' });
  return req;
}
/** Posts the multipart edit form of a contribution, in the same order as the share form. */
const edit = (s: PanelSession, id: string, fields: Record<string, string> = {}, file?: { bytes: Buffer; name: string; type?: string }, csrf?: string | null) =>
  share(s, fields, file, csrf, `/contributions/${id}/edit`);
const idOf = (location: string | undefined) => /\/contributions\/([0-9a-f-]{36})/.exec(location ?? '')![1];
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

beforeAll(async () => {
  h = await startHarness({ env: { CONTRIBUTION_MAX_BYTES: String(MAX) }, courses: [{ id: '3', numericId: '3', label: 'AGILE1', title: 'Agile basics' }] });
  other = await h.addPlatform('other-lms');
  course = { issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId, contextId: h.platform.course.id };
  for (const contextId of [course.contextId, '3']) {
    const key = { ...course, contextId };
    await h.storage.settings.saveSettings(key, { ...DEFAULT_SETTINGS, contributionsEnabled: true }, buildAudit(key));
  }
});
afterAll(async () => h.close());

describe('the panel', () => {
  it('a deep-linked launch opens it, and its tab shows where the course switched it on (staff: always)', async () => {
    const linked = await openSession(h, { sub: `contrib-dl-${++n}` }, { custom: { panel: 'contributions' } });
    const landing = await linked.browser.get(`${linked.base}/`);
    expect(landing.status).toBe(303);
    expect(landing.headers.location).toBe(`${new URL(linked.base).pathname}/contributions`);
    expect((await linked.get('/reviews')).text).toMatch(/<a [^>]*href="[^"]*\/contributions"[^>]*>Contributions<\/a>/);
    const elsewhere = await openSession(h, { sub: `contrib-dl-${++n}` }, { platform: other });
    expect((await elsewhere.get('/reviews')).text).not.toContain('/contributions"');
    const staffElsewhere = await openSession(h, { sub: `contrib-dl-${++n}`, instructor: true }, { platform: other });
    expect((await staffElsewhere.get('/reviews')).text).toContain('/contributions"');
  });
});

describe('sharing', () => {
  it('a learner shares a text contribution; others read it, with its licence and credit', async () => {
    const me = await learner();
    const res = await share(me, { title: 'Pivot shortcut' });
    expect(res.status).toBe(303);
    const id = idOf(res.headers.location);
    const page = textOf((await (await learner()).get('/contributions')).text);
    expect(page).toContain('Pivot shortcut');
    expect(page).toContain('CC BY 4.0');
    const detail = textOf((await me.get(`/contributions/${id}`)).text);
    expect(detail).toContain('By Lea Learner');
  });

  it('a PNG is stored without its metadata and downloaded as an attachment with the type of its bytes', async () => {
    const me = await learner();
    const res = await share(me, { title: 'Checklist photo' }, { bytes: PNG, name: 'photo.svg', type: 'image/svg+xml' });
    expect(res.status).toBe(303);
    const id = idOf(res.headers.location);
    const reader = await learner();
    const file = await reader.browser.get(`${reader.base}/contributions/${id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="photo\.svg\.png"; filename\*=UTF-8''photo\.svg\.png$/);
    const body = file.body as Buffer;
    expect(Buffer.isBuffer(body) ? body.includes('Secret Person') : true).toBe(false);
    const inline = await reader.browser.get(`${reader.base}/contributions/${id}/file?inline=1`);
    expect(inline.headers['content-disposition']).toBe('inline');
  });

  it('refuses bad input with 422, messages at the fields and what was typed kept', async () => {
    const me = await learner();
    const res = await share(me, { title: '', text: 'Kept <text>', link: 'javascript:alert(1)', consent: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="share-title-error"');
    expect(res.text).toContain('Link: enter an address starting with http:// or https://.');
    expect(res.text).toContain('Agree to the reuse of your contribution to share it.');
    expect(res.text).toContain('Kept &lt;text&gt;');
    expect(res.text).toContain('value="javascript:alert(1)"');
    const fr = await learner({ locale: 'fr' });
    const refused = await share(fr, { consent: '' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Acceptez la réutilisation');
  });

  it('without the CSRF token a multipart share is refused and nothing is stored', async () => {
    const me = await learner();
    const res = await share(me, { title: 'Forged' }, undefined, null);
    expect(res.status).toBe(403);
    expect(textOf((await me.get('/contributions/mine')).text)).not.toContain('Forged');
  });
});

describe('hostile files through the HTTP route', () => {
  const refusedWith = async (bytes: Buffer, name: string, status: number, message: string) => {
    const res = await share(await learner(), { title: `Hostile ${name}` }, { bytes, name });
    expect([name, res.status]).toEqual([name, status]);
    expect(res.text).toContain(message);
    expect(res.text).toContain(`value="Hostile ${name}"`);
  };
  it('refuses a program, an SVG with script, a polyglot and an office file with path tricks, with 422', async () => {
    await refusedWith(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), 'tool.pdf', 422, 'id="share-file-error"');
    await refusedWith(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'logo.png', 422, 'SVG, HTML and XML files are not accepted');
    await refusedWith(Buffer.concat([Buffer.from('%PDF-1.4\n%%EOF\n'), buildZip(DOCX_ENTRIES)]), 'both.pdf', 422, 'also contains another kind of content');
    await refusedWith(buildZip([...DOCX_ENTRIES, { name: '../../etc/passwd', data: Buffer.from('x') }]), 'cv.docx', 422, 'it is not a plain office document');
  });
  it('refuses a file over the limit with 413 and a message naming the limit', async () => {
    const res = await share(await learner(), {}, { bytes: Buffer.concat([Buffer.from('plain text '), Buffer.alloc(MAX + 10, 0x61)]), name: 'big.txt' });
    expect(res.status).toBe(413);
    expect(res.text).toContain('The file is larger than the limit of 0.1\u00a0MB.');
  });
});

describe('moderation, marks, comments and reports', () => {
  it('holds a contribution with an e-mail address until an instructor publishes it; holding needs a reason', async () => {
    const me = await learner();
    const res = await share(me, { title: 'Ask me', text: 'Write to lea@example.org for the template.' });
    expect(res.headers.location).toContain('done=held');
    const id = idOf(res.headers.location);
    const reader = await learner();
    expect((await reader.get(`/contributions/${id}`)).status).toBe(404);
    const staff = await instructor();
    const queue = textOf((await staff.get('/contributions/moderation')).text);
    expect(queue).toContain('Ask me');
    expect(queue).toContain('an e-mail address');
    expect((await staff.post(`/contributions/${id}/moderate`, { status: 'published' })).status).toBe(303);
    expect((await reader.get(`/contributions/${id}`)).status).toBe(200);
    expect((await staff.post(`/contributions/${id}/moderate`, { status: 'held', reason: '' })).status).toBe(422);
    expect((await staff.post(`/contributions/${id}/moderate`, { status: 'held', reason: 'Contact details' })).status).toBe(303);
    const audit = await h.storage.audit.listAudit(course, { limit: 50 });
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['contribution.publish', 'contribution.hold']));
  });

  it('a learner marks useful once, can undo, and cannot mark their own; a learner cannot moderate', async () => {
    const author = await learner();
    const id = idOf((await share(author, { title: 'Useful one' })).headers.location);
    const fan = await learner();
    expect((await fan.post(`/contributions/${id}/useful`, { on: '1' })).status).toBe(303);
    expect((await fan.post(`/contributions/${id}/useful`, { on: '1' })).status).toBe(303);
    expect(textOf((await fan.get(`/contributions/${id}`)).text)).toContain('1 person found it useful');
    expect((await fan.post(`/contributions/${id}/useful`, { on: '0' })).status).toBe(303);
    expect(textOf((await fan.get(`/contributions/${id}`)).text)).toContain('No one marked it useful yet');
    expect((await author.post(`/contributions/${id}/useful`, { on: '1' })).status).toBe(404);
    expect((await fan.post(`/contributions/${id}/moderate`, { status: 'held', reason: 'x' })).status).toBe(403);
    expect((await fan.post(`/contributions/${id}/feature`, { on: '1' })).status).toBe(403);
    expect((await fan.get('/contributions/export.csv')).status).toBe(403);
  });

  it('comments publish at once unless they hold contact details; a report needs a reason and reaches the queue', async () => {
    const id = idOf((await share(await learner(), { title: 'Discuss me' })).headers.location);
    const reader = await learner();
    expect((await reader.post(`/contributions/${id}/comments`, { comment: 'Works in LibreOffice too.' })).headers.location).toContain('done=commented');
    expect((await reader.post(`/contributions/${id}/comments`, { comment: 'Call me on 06 12 34 56 78' })).headers.location).toContain('done=commentHeld');
    const page = textOf((await (await learner()).get(`/contributions/${id}`)).text);
    expect(page).toContain('Works in LibreOffice too.');
    expect(page).not.toContain('06 12 34 56 78');
    expect((await reader.post(`/contributions/${id}/comments`, { comment: '  ' })).status).toBe(422);
    expect((await reader.post(`/contributions/${id}/report`, { reason: 'nonsense' })).status).toBe(422);
    expect((await reader.post(`/contributions/${id}/report`, { reason: 'spam' })).status).toBe(303);
    const staff = await instructor();
    expect(textOf((await staff.get('/contributions/moderation')).text)).toContain('Discuss me');
    const held = /action="[^"]*\/comments\/([0-9a-f-]{36})\/moderate"/.exec((await staff.get(`/contributions/${id}`)).text)![1];
    expect((await reader.post(`/contributions/${id}/comments/${held}/moderate`, { status: 'published' })).status).toBe(403);
    expect((await staff.post(`/contributions/${id}/comments/${held}/moderate`, { status: 'published' })).status).toBe(303);
    expect(textOf((await (await learner()).get(`/contributions/${id}`)).text)).toContain('06 12 34 56 78');
    const audit = await h.storage.audit.listAudit(course, { limit: 100 });
    expect(audit.items.map((e) => e.action)).toContain('contribution-comment.publish');
  });
});

describe('reuse, credits and exports', () => {
  it('records reuse in a session and in another course of the platform; the author sees where and how often', async () => {
    const author = await learner();
    const id = idOf((await share(author, { title: 'Reusable tip' })).headers.location);
    const version = await h.storage.courseVersions.createVersion({ course, label: 'Spring 2027 session', startsOn: '2027-03-01', createdAt: new Date(), createdBy: { id: 'x', name: 'X' } });
    await openSession(h, { sub: `contrib-l-agile-${++n}` }, { course: '3' });
    const staff = await instructor();
    expect((await staff.post(`/contributions/${id}/reuse`, { target: `version:${version.id}` })).status).toBe(303);
    const detail = (await staff.get(`/contributions/${id}`)).text;
    const agile = /<option value="(course:[^"]+)">Agile basics<\/option>/.exec(detail)?.[1];
    expect(agile).toBeDefined();
    expect((await staff.post(`/contributions/${id}/reuse`, { target: agile! })).status).toBe(303);
    expect((await staff.post(`/contributions/${id}/reuse`, { target: agile! })).status).toBe(422);
    expect((await staff.post(`/contributions/${id}/reuse`, { target: 'course:' + Buffer.from('["x","nowhere"]').toString('base64url') })).status).toBe(422);
    const mine = textOf((await author.get('/contributions/mine')).text);
    expect(mine).toContain('Featured in Spring 2027 session');
    expect(mine).toContain('Reused in the course Agile basics');
    expect(mine).toContain('Your contributions were reused 2 times.');

    const courseOnly = idOf((await share(author, { title: 'Only here', licence: 'course-only' })).headers.location);
    const refused = await staff.post(`/contributions/${courseOnly}/reuse`, { target: agile! });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('allows no reuse in another course');
  });

  it('staff edit the credit line only once the contributor agreed', async () => {
    const author = await learner();
    const id = idOf((await share(author, { title: 'Credit me' })).headers.location);
    const staff = await instructor();
    const refused = await staff.post(`/contributions/${id}/credit`, { creditName: 'Lea L.' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('value="Lea L."');
    expect((await author.post(`/contributions/${id}/credit-consent`, { given: '1' })).status).toBe(303);
    expect((await staff.post(`/contributions/${id}/credit`, { creditName: 'Lea L.' })).status).toBe(303);
    expect(textOf((await author.get(`/contributions/${id}`)).text)).toContain('By Lea L.');
    // Deleting is asked once more, and only the author may.
    expect((await staff.get(`/contributions/${id}/delete`)).status).toBe(404);
    expect(textOf((await author.get(`/contributions/${id}/delete`)).text)).toContain('“Credit me” will be deleted for good');
    expect((await staff.post(`/contributions/${id}/delete`, {})).status).toBe(404);
    expect((await author.post(`/contributions/${id}/delete`, {})).headers.location).toContain('done=deleted');
    expect((await author.get(`/contributions/${id}`)).status).toBe(404);
  });

  it('exports a CSV safe for spreadsheets and a ZIP with the files and a manifest', async () => {
    const me = await learner();
    await share(me, { title: '=HYPERLINK("http://evil")' });
    await share(me, { title: 'With a file' }, { bytes: Buffer.from('A plain checklist\n'), name: 'list.txt' });
    const staff = await instructor();
    const csv = await staff.get('/contributions/export.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const zip = await request(staff.base).get('/contributions/export.zip').buffer(true).parse((res, cb) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => cb(null, Buffer.concat(parts)));
    });
    expect(zip.status).toBe(200);
    const bytes = zip.body as Buffer;
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.includes(Buffer.from('manifest.csv'))).toBe(true);
    expect(bytes.includes(Buffer.from('/list.txt'))).toBe(true);
    expect(bytes.includes(Buffer.from('A plain checklist'))).toBe(true);
  });
});

describe('isolation', () => {
  it('a session of another course or another platform cannot read, download or act on a contribution', async () => {
    const id = idOf((await share(await learner(), { title: 'Ours only' }, { bytes: Buffer.from('private notes\n'), name: 'n.txt' })).headers.location);
    const otherCourse = await openSession(h, { sub: `contrib-x-${++n}`, instructor: true }, { course: '3' });
    const otherPlatform = await openSession(h, { sub: `contrib-y-${++n}`, instructor: true }, { platform: other });
    for (const s of [otherCourse, otherPlatform]) {
      expect((await s.get(`/contributions/${id}`)).status).toBe(404);
      expect((await s.get(`/contributions/${id}/file`)).status).toBe(404);
      expect((await s.post(`/contributions/${id}/useful`, { on: '1' })).status).toBe(404);
      expect((await s.post(`/contributions/${id}/moderate`, { status: 'held', reason: 'x' })).status).toBe(404);
      expect(textOf((await s.get('/contributions')).text)).not.toContain('Ours only');
      expect((await s.get('/contributions/export.csv')).text).not.toContain('Ours only');
    }
  });

  it('learners of a course that has not switched the panel on are told so; hostile ids and cursors are 4xx', async () => {
    const s = await openSession(h, { sub: `contrib-z-${++n}` }, { platform: other });
    const res = await s.get('/contributions');
    expect(res.status).toBe(403);
    expect(res.text).toContain('This course has not switched on contributions.');
    const me = await learner();
    expect((await me.get('/contributions/..%2F..%2Fetc')).status).toBe(404);
    expect((await me.get('/contributions/00000000-0000-0000-0000-000000000000/file')).status).toBe(404);
    expect((await me.get('/contributions?cursor=%00garbage')).status).toBe(400);
    expect((await (await instructor()).get('/contributions/moderation?cursor=AAAA')).status).toBe(400);
    // A broken multipart body, too many fields, and the form sent urlencoded: 4xx, never 5xx.
    const csrf = await csrfOf(me);
    const broken = await request(me.base).post('/contributions/share').set('Content-Type', 'multipart/form-data; boundary=x').send('--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n' + csrf + '\r\n--x\r\nContent-Disposi');
    expect(broken.status).toBe(400);
    // Ending inside the file part, with no CSRF token (the body is read before the check): 400, and the tool still answers.
    const cutInFile = await request(me.base).post('/contributions/share').set('Content-Type', 'multipart/form-data; boundary=x').send('--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc');
    expect(cutInFile.status).toBe(400);
    expect((await me.get('/contributions')).status).toBe(200);
    let many = request(me.base).post('/contributions/share').field('_csrf', csrf);
    for (let i = 0; i < 40; i++) many = many.field(`f${i}`, 'x');
    const tooMany = await many;
    expect(tooMany.status).toBe(422);
    expect(tooMany.text).toContain('more fields than expected');
    expect((await me.post('/contributions/share', { title: 'Urlencoded', text: 'No file here', licence: 'cc-by-sa-4.0', credit: 'anonymous', consent: '1' })).status).toBe(303);
    expect((await me.post('/contributions/share', { title: ['a', 'b'], text: 'x', licence: 'gpl', credit: 'name', consent: '1' })).status).toBe(422);
  });
});

describe('authors edit and delete their own', () => {
  const big = () => ({ bytes: Buffer.concat([Buffer.from('plain text '), Buffer.alloc(MAX + 10, 0x61)]), name: 'big.txt' });
  const download = async (s: PanelSession, id: string) => (await s.get(`/contributions/${id}/file`)).text;

  it('an author edits from a prefilled form; the page says "edited"; a held edit goes back to the queue; nobody else may edit', async () => {
    const author = await learner();
    const id = idOf((await share(author, { title: 'First take', text: 'Ctrl+T makes a table.', link: 'https://example.org/a', licence: 'cc-by-sa-4.0', credit: 'anonymous' })).headers.location);
    expect(textOf((await author.get('/contributions/mine')).text)).toContain('Edit “First take”');
    const form = (await author.get(`/contributions/${id}/edit`)).text;
    expect(form).toContain('value="First take"');
    expect(form).toContain('Ctrl+T makes a table.');
    expect(form).toContain('value="https://example.org/a"');
    expect(form).toMatch(/value="cc-by-sa-4.0" checked/);
    expect(form).toMatch(/value="anonymous" checked/);
    expect(form).toMatch(/name="consent" value="1" checked/);
    // The text fields come before the file input, so a refused file (413) cannot lose them.
    expect(form.indexOf('name="title"')).toBeLessThan(form.indexOf('type="file"'));

    const someoneElse = await learner();
    const staff = await instructor();
    for (const s of [someoneElse, staff]) {
      expect((await s.get(`/contributions/${id}/edit`)).status).toBe(404);
      expect((await edit(s, id, { title: 'Hijacked' })).status).toBe(404);
    }
    expect((await edit(author, id, { title: 'Forged' }, undefined, null)).status).toBe(403);

    const refused = await edit(author, id, { title: 'Second take', link: 'ftp://x', consent: '' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('value="Second take"');
    expect(refused.text).toContain('id="edit-link-error"');
    expect(refused.text).toContain('id="edit-consent-error"');

    const saved = await edit(author, id, { title: 'Second take', text: 'Ctrl+T makes a table; Tab adds a row.' });
    expect(saved.headers.location).toContain('done=edited');
    const page = textOf((await someoneElse.get(`/contributions/${id}`)).text);
    expect(page).toContain('Second take');
    expect(page).toContain('Tab adds a row');
    expect(page).toMatch(/\(edited on [A-Z][a-z]{2} \d{1,2}, \d{4}\)/);
    expect(page).not.toContain('Hijacked');

    const held = await edit(author, id, { title: 'Second take', text: 'Or ask lea@example.org.' });
    expect(held.headers.location).toContain('done=editHeld');
    expect((await someoneElse.get(`/contributions/${id}`)).status).toBe(404);
    expect(textOf((await staff.get('/contributions/moderation')).text)).toContain('an e-mail address');
    // An automatic hold ends with a clean edit; an instructor's hold stays for a new decision.
    expect((await edit(author, id, { title: 'Clean again' })).headers.location).toContain('done=edited');
    expect((await staff.post(`/contributions/${id}/moderate`, { status: 'held', reason: 'Check' })).status).toBe(303);
    expect((await edit(author, id, { title: 'Still clean' })).headers.location).toContain('done=editHeld');
    expect((await someoneElse.get(`/contributions/${id}`)).status).toBe(404);
  });

  it('the file is kept, replaced through the same byte checks, or removed; a replaced file is deleted from the store', async () => {
    const author = await learner();
    const id = idOf((await share(author, { title: 'With steps' }, { bytes: Buffer.from('version one\n'), name: 'steps.txt' })).headers.location);
    const firstFile = (await h.storage.contributions.findContribution(course, id))!.file!.id;
    expect((await author.get(`/contributions/${id}/edit`)).text).toContain('Current file: steps.txt');
    expect((await edit(author, id, { title: 'Kept file', fileAction: 'keep' })).status).toBe(303);
    expect((await download(author, id))).toBe('version one\n');

    const hostile = await edit(author, id, { title: 'Tried a program' }, { bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), name: 'steps.txt' });
    expect(hostile.status).toBe(422);
    expect(hostile.text).toContain('id="edit-file-error"');
    expect(hostile.text).toContain('value="Tried a program"');
    expect((await download(author, id))).toBe('version one\n');

    expect((await edit(author, id, { title: 'Replaced' }, { bytes: Buffer.from('version two\n'), name: 'steps-2.txt' })).status).toBe(303);
    expect((await download(author, id))).toBe('version two\n');
    expect(await h.storage.contributionFiles.openFile(firstFile)).toBeNull();
    const secondFile = (await h.storage.contributions.findContribution(course, id))!.file!.id;

    expect((await edit(author, id, { title: 'No file now', fileAction: 'remove' })).status).toBe(303);
    expect((await author.get(`/contributions/${id}/file`)).status).toBe(404);
    expect(await h.storage.contributionFiles.openFile(secondFile)).toBeNull();
  });

  it('after a 413 the share and edit forms come back with what was typed, in the page language; never for a form without the session token', async () => {
    const me = await learner();
    const shared = await share(me, { title: 'Kept over the limit', text: 'My long text' }, big());
    expect(shared.status).toBe(413);
    expect(shared.text).toContain('value="Kept over the limit"');
    expect(shared.text).toContain('My long text');
    const forged = await share(me, { title: 'Planted by another site' }, big(), 'not-the-token');
    expect(forged.status).toBe(413);
    expect(forged.text).not.toContain('Planted by another site');
    const panelOff = await openSession(h, { sub: `contrib-off-${++n}` }, { platform: other });
    expect((await share(panelOff, {}, big(), 'x')).status).toBe(403);

    const fr = await learner({ locale: 'fr' });
    const id = idOf((await share(fr, { title: 'Astuce' })).headers.location);
    const edited = await edit(fr, id, { title: 'Astuce modifiée' }, big());
    expect(edited.status).toBe(413);
    expect(edited.text).toContain('value="Astuce modifiée"');
    expect(edited.text).toContain('Le fichier dépasse');
    expect((await h.storage.contributions.findContribution(course, id))?.title).toBe('Astuce');
  });

  it('a comment is deleted by its author only, after a confirmation', async () => {
    const id = idOf((await share(await learner(), { title: 'Talk about it' })).headers.location);
    const commenter = await learner();
    await commenter.post(`/contributions/${id}/comments`, { comment: 'Mine to delete' });
    const page = (await commenter.get(`/contributions/${id}`)).text;
    const commentId = /\/comments\/([0-9a-f-]{36})\/delete"/.exec(page)![1];
    const other = await learner();
    expect((await other.get(`/contributions/${id}`)).text).not.toContain(`/comments/${commentId}/delete`);
    expect((await other.get(`/contributions/${id}/comments/${commentId}/delete`)).status).toBe(404);
    expect((await other.post(`/contributions/${id}/comments/${commentId}/delete`, {})).status).toBe(404);
    expect(textOf((await other.get(`/contributions/${id}`)).text)).toContain('Mine to delete');
    expect(textOf((await commenter.get(`/contributions/${id}/comments/${commentId}/delete`)).text)).toContain('Your comment “Mine to delete” will be deleted for good.');
    expect((await commenter.post(`/contributions/${id}/comments/${commentId}/delete`, {})).headers.location).toContain('done=commentDeleted');
    const after = textOf((await other.get(`/contributions/${id}`)).text);
    expect(after).not.toContain('Mine to delete');
    expect(after).toContain('Comments');
  });

  it('an instructor removes a recorded reuse, with an audit entry; a learner cannot', async () => {
    const author = await learner();
    const id = idOf((await share(author, { title: 'Reused by mistake' })).headers.location);
    const version = await h.storage.courseVersions.createVersion({ course, label: 'Autumn 2027 session', startsOn: '2027-09-01', createdAt: new Date(), createdBy: { id: 'x', name: 'X' } });
    const staff = await instructor();
    await staff.post(`/contributions/${id}/reuse`, { target: `version:${version.id}` });
    const reuseId = /\/reuses\/([0-9a-f-]{36})\/remove"/.exec((await staff.get(`/contributions/${id}`)).text)![1];
    expect((await author.post(`/contributions/${id}/reuses/${reuseId}/remove`, {})).status).toBe(403);
    expect((await staff.post(`/contributions/${id}/reuses/00000000-0000-0000-0000-000000000000/remove`, {})).status).toBe(404);
    expect((await staff.post(`/contributions/${id}/reuses/${reuseId}/remove`, {})).headers.location).toContain('done=reuseRemoved');
    expect(textOf((await author.get('/contributions/mine')).text)).not.toContain('Featured in Autumn 2027 session');
    const audit = await h.storage.audit.listAudit(course, { limit: 100 });
    expect(audit.items.map((e) => e.action)).toContain('contribution.unreuse');
  });

  it('sessions of another course or platform cannot edit, delete, delete a comment or remove a reuse', async () => {
    const author = await learner();
    const id = idOf((await share(author, { title: 'Stay here' })).headers.location);
    await author.post(`/contributions/${id}/comments`, { comment: 'My own note' });
    const commentId = /\/comments\/([0-9a-f-]{36})\/delete"/.exec((await author.get(`/contributions/${id}`)).text)![1];
    const version = await h.storage.courseVersions.createVersion({ course, label: 'Winter 2028 session', startsOn: '2028-01-10', createdAt: new Date(), createdBy: { id: 'x', name: 'X' } });
    const staff = await instructor();
    await staff.post(`/contributions/${id}/reuse`, { target: `version:${version.id}` });
    const reuseId = /\/reuses\/([0-9a-f-]{36})\/remove"/.exec((await staff.get(`/contributions/${id}`)).text)![1];
    // The same user id on another course or platform is not the author there.
    const sameSubElsewhere = [
      await openSession(h, { sub: author.sub, instructor: true }, { course: '3' }),
      await openSession(h, { sub: author.sub, instructor: true }, { platform: other }),
    ];
    for (const s of sameSubElsewhere) {
      expect((await edit(s, id, { title: 'From elsewhere' })).status).toBe(404);
      expect((await s.post(`/contributions/${id}/delete`, {})).status).toBe(404);
      expect((await s.post(`/contributions/${id}/comments/${commentId}/delete`, {})).status).toBe(404);
      expect((await s.post(`/contributions/${id}/reuses/${reuseId}/remove`, {})).status).toBe(404);
    }
    const still = textOf((await author.get(`/contributions/${id}`)).text);
    expect(still).toContain('Stay here');
    expect(still).toContain('My own note');
    expect(still).toContain('Featured in Winter 2028 session');
  });
});
