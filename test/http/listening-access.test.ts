/**
 * Who reaches the Listening view, through real launches from the test platform: learners nothing,
 * instructors their own course, platform administrators and designated training managers every course
 * of their deployment, a manager of another platform nothing here; the managers page (administrators
 * only), designation by user id and by role, removal, and the course-less placement.
 *
 * The overview (GET /listening) and course page (GET /listening/courses/:id) are built on other
 * branches: until they are merged, a person the scope admits gets 404 there, so "heard" asserts only
 * "not refused" (status neither 403 nor 5xx). Once merged, tighten `heard` to `toBe(200)` and the
 * other course's refusal in `refusedCourse` to 403 (see each helper).
 */
import type { Response } from 'supertest';
import type { TestPlatform } from '../../src/demo/test-platform';
import { eraseUser } from '../../src/data-protection/erase-user';
import { exportUser } from '../../src/data-protection/export-user';
import { launch, startHarness, type Harness } from '../support/tool-harness';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2';
const LEARNER = `${LIS}/membership#Learner`;
const INSTRUCTOR = `${LIS}/membership#Instructor`;
const ADMIN = [`${LIS}/institution/person#Administrator`, INSTRUCTOR, `${LIS}/system/person#Administrator`];
const TRAINING_ROLE = 'https://moodle-a.example/roles#TrainingManager';

let h: Harness;
let a: TestPlatform;
let b: TestPlatform;

interface Visit {
  readonly base: string;
  get(path: string): Promise<Response>;
  post(path: string, fields: Record<string, string>): Promise<Response>;
}

/** A whole launch by someone with these roles; `course` undefined with contextless launches from no course. */
async function visit(sub: string, roles: string[], options: { platform?: TestPlatform; course?: string; contextless?: boolean; panel?: string; locale?: string } = {}): Promise<{ visit: Visit; landing: Response; url: string }> {
  const { res, url, browser } = await launch(
    h,
    {
      user: { sub, givenName: 'Pat', familyName: sub, roles, locale: options.locale ?? 'en' },
      course: options.course ?? '3',
      contextless: options.contextless,
      custom: options.panel ? { panel: options.panel } : undefined,
    },
    options.platform ?? a,
  );
  const base = /^(.*\/s\/[A-Za-z0-9_-]+)/.exec(url)?.[1] ?? '';
  let csrf: string | undefined;
  return {
    landing: res,
    url,
    visit: {
      base,
      get: (path) => browser.get(`${base}${path}`),
      post: async (path, fields) => {
        csrf ??= /name="_csrf" value="([^"]+)"/.exec((await browser.get(`${base}/listening/managers`)).text)?.[1] ?? /name="csrf-token" content="([^"]+)"/.exec((await browser.get(`${base}/reviews`)).text)?.[1];
        return browser.post(`${base}${path}`, { _csrf: csrf ?? '', ...fields });
      },
    },
  };
}

const open = async (sub: string, roles: string[], options: Parameters<typeof visit>[2] = {}) => (await visit(sub, roles, options)).visit;

const REFUSALS = /<code>(FORBIDDEN_ROLE|LISTENING_MANAGERS_ONLY|MANAGERS_ADMINS_ONLY|CSRF_FAILED)<\/code>/;

/**
 * Admitted by the scope: not refused by any Listening guard, and no server error. Until the pages are
 * merged the request goes on to 404 (in a course) or the course-only guard (no course). Tighten to
 * expect(res.status).toBe(200) once the Listening pages are merged.
 */
/** The page answered (an instructor's /listening sends them on to their course's page: 303). */
function heard(res: Response): void {
  expect(res.text).not.toMatch(REFUSALS);
  expect([200, 303]).toContain(res.status);
}

function refused(res: Response): void {
  expect(res.status).toBe(403);
  expect(res.text).toMatch(REFUSALS);
}

/** Another course than the scope's: the course page refuses it. */
function refusedCourse(res: Response): void {
  expect(res.status).toBe(403);
}

beforeAll(async () => {
  h = await startHarness();
  const courses = [
    { id: '3', numericId: '3', label: 'AGILE', title: 'Agile project management' },
    { id: '4', numericId: '4', label: 'EXCEL', title: 'Excel for analysts' },
  ];
  a = await h.addPlatform('moodle-a', { courses });
  b = await h.addPlatform('moodle-b', { courses });
}, 60_000);

afterAll(async () => h.close());

describe('the Listening view by role', () => {
  it('refuses a learner the Listening view and the managers page', async () => {
    const learner = await open('learner-1', [LEARNER]);
    refused(await learner.get('/listening'));
    refused(await learner.get('/listening/courses/3'));
    refused(await learner.get('/listening/managers'));
    refused(await learner.post('/listening/managers', { kind: 'user', value: 'learner-1' }));
    expect(await h.storage.managers.listDesignations({ issuer: a.issuer, clientId: a.clientId })).toEqual([]);
  });

  it('lets an instructor hear their own course only, from the Listening tab of their course', async () => {
    const instructor = await open('teacher-3', [INSTRUCTOR], { course: '3' });
    const reviews = await instructor.get('/reviews');
    expect(reviews.text).toContain(`href="${new URL(instructor.base).pathname}/listening/courses/3"`);
    heard(await instructor.get('/listening'));
    heard(await instructor.get('/listening/courses/3'));
    refusedCourse(await instructor.get('/listening/courses/4'));
    refused(await instructor.get('/listening/managers'));
  });

  it('lets a platform administrator hear every course of the deployment and manage designations', async () => {
    // Course 4 is known to the tool once someone launched from it.
    await open('instructor-4', [INSTRUCTOR], { course: '4' });
    const admin = await open('admin-1', ADMIN, { course: '3' });
    heard(await admin.get('/listening'));
    heard(await admin.get('/listening/courses/4'));
    const page = await admin.get('/listening/managers');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Training managers');
  });

  it('when an administrator designates a user id, then that person hears every course, and after removal nothing', async () => {
    const admin = await open('admin-2', ADMIN);
    const added = await admin.post('/listening/managers', { kind: 'user', value: '  manager-7 ' });
    expect(added.status).toBe(303);
    expect(added.headers.location).toMatch(/\/listening\/managers\?done=added$/);
    expect((await admin.get('/listening/managers?done=added')).text).toContain('manager-7');

    const manager = await open('manager-7', [LEARNER], { course: '4' });
    heard(await manager.get('/listening'));
    // The page is rendered once and shared: each viewer gets their own session, token and links in it.
    const adminPage = (await admin.get('/listening')).text;
    const managerPage = (await manager.get('/listening')).text;
    const sessionsIn = (html: string) => new Set([...html.matchAll(/\/s\/([A-Za-z0-9_-]+)\//g)].map((m) => m[1]));
    const tokenIn = (html: string) => /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1];
    expect(sessionsIn(adminPage).size).toBe(1);
    expect(sessionsIn(managerPage).size).toBe(1);
    expect([...sessionsIn(managerPage)][0]).not.toBe([...sessionsIn(adminPage)][0]);
    expect(tokenIn(managerPage)).toBeTruthy();
    expect(tokenIn(managerPage)).not.toBe(tokenIn(adminPage));
    expect(adminPage).toContain('class="overview-admin-links"');
    expect(managerPage).not.toContain('class="overview-admin-links"');
    expect(managerPage).toContain('manager-7');
    expect(managerPage).not.toContain('admin-2');
    heard(await manager.get('/listening/courses/3'));
    // A designated manager may not designate others.
    refused(await manager.get('/listening/managers'));
    refused(await manager.post('/listening/managers', { kind: 'user', value: 'friend-1' }));

    // Twice: idempotent.
    expect((await admin.post('/listening/managers', { kind: 'user', value: 'manager-7' })).headers.location).toMatch(/done=already$/);
    expect((await admin.post('/listening/managers/remove', { kind: 'user', value: 'manager-7' })).headers.location).toMatch(/done=removed$/);
    expect((await admin.post('/listening/managers/remove', { kind: 'user', value: 'manager-7' })).headers.location).toMatch(/done=gone$/);
    // The same session, at once: the answers kept by the process were forgotten.
    refused(await manager.get('/listening'));
    refused(await manager.get('/listening/courses/3'));
  });

  it('when an administrator designates an LMS role, then people launching with it hear every course, and after removal nothing', async () => {
    const admin = await open('admin-3', ADMIN);
    expect((await admin.post('/listening/managers', { kind: 'role', value: TRAINING_ROLE })).status).toBe(303);
    expect((await admin.post('/listening/managers', { kind: 'role', value: 'Mentor' })).status).toBe(303);

    const custom = await open('someone-1', [LEARNER, TRAINING_ROLE], { course: '4' });
    heard(await custom.get('/listening'));
    const mentor = await open('someone-2', [`${LIS}/institution/person#Mentor`]);
    heard(await mentor.get('/listening/courses/4'));
    const plain = await open('someone-3', [LEARNER, 'https://moodle-a.example/roles#trainingmanager']);
    refused(await plain.get('/listening'));

    expect((await admin.post('/listening/managers/remove', { kind: 'role', value: TRAINING_ROLE })).status).toBe(303);
    refused(await custom.get('/listening'));
    heard(await mentor.get('/listening'));
    await admin.post('/listening/managers/remove', { kind: 'role', value: 'Mentor' });
  });

  it('gives a manager designated on platform A nothing when they launch from platform B, where the same ids mean other people', async () => {
    const admin = await open('admin-4', ADMIN);
    await admin.post('/listening/managers', { kind: 'user', value: 'cross-1' });
    await admin.post('/listening/managers', { kind: 'role', value: TRAINING_ROLE });
    const onA = await open('cross-1', [LEARNER]);
    heard(await onA.get('/listening'));

    const onB = await open('cross-1', [LEARNER, TRAINING_ROLE], { platform: b });
    refused(await onB.get('/listening'));
    refused(await onB.get('/listening/courses/3'));
    // B's administrator sees B's designations only: none.
    const adminB = await open('admin-b', ADMIN, { platform: b });
    const pageB = await adminB.get('/listening/managers');
    expect(pageB.text).not.toContain('cross-1');
    expect(pageB.text).not.toContain(TRAINING_ROLE);
    await admin.post('/listening/managers/remove', { kind: 'role', value: TRAINING_ROLE });
  });

  it('refuses a form that names no kind, or a role with spaces, with the message at the field and what was typed kept (422, EN and FR)', async () => {
    const admin = await open('admin-5', ADMIN);
    const noKind = await admin.post('/listening/managers', { value: 'abc' });
    expect(noKind.status).toBe(422);
    expect(noKind.text).toContain('Choose whether you designate a user id or a role.');
    const spaced = await admin.post('/listening/managers', { kind: 'role', value: 'Training manager <b>' });
    expect(spaced.status).toBe(422);
    expect(spaced.text).toContain('This is not a role');
    expect(spaced.text).toContain('value="Training manager &lt;b&gt;"');
    expect(spaced.text).toContain('aria-invalid="true"');

    const french = await open('admin-6', ADMIN, { locale: 'fr' });
    const tooLong = await french.post('/listening/managers', { kind: 'user', value: 'x'.repeat(300) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('C’est trop long\u202f: 255\u00a0caractères au plus.');
    const hostile = await admin.post('/listening/managers/remove', { kind: '$ne', value: '' });
    expect(hostile.status).toBe(400);
    const subjects = (await h.storage.managers.listDesignations({ issuer: a.issuer, clientId: a.clientId })).map((d) => JSON.stringify(d.subject));
    expect(subjects.filter((s) => /abc|Training manager|xxxx/.test(s))).toEqual([]);
  });

  it('refuses a write without the session’s CSRF token', async () => {
    const { visit: admin, url } = await visit('admin-7', ADMIN);
    const res = await fetch(`${admin.base}/listening/managers`, { method: 'POST', body: new URLSearchParams({ kind: 'user', value: 'forged-1' }), redirect: 'manual', headers: { origin: new URL(url).origin } });
    expect(res.status).toBe(403);
    expect(await h.storage.managers.isDesignated({ issuer: a.issuer, clientId: a.clientId }, 'forged-1', [])).toBe(false);
  });
});

describe('data-protection requests', () => {
  it('puts a designation naming a person in their export, and their erasure removes it and anonymises who designated', async () => {
    const admin = await open('admin-11', ADMIN);
    await admin.post('/listening/managers', { kind: 'user', value: 'gdpr-1' });
    const deps = { visitorSecret: h.config.ltiKey, now: new Date() };
    const platform = { issuer: a.issuer, clientId: a.clientId };
    const exported = await exportUser(h.storage, { ...platform, userId: 'gdpr-1' }, deps);
    expect(exported.managerDesignations.map((d) => d.subject)).toEqual([{ kind: 'user', userId: 'gdpr-1' }]);
    expect((await exportUser(h.storage, { ...platform, userId: 'admin-11' }, deps)).managerDesignations).toHaveLength(1);

    expect((await eraseUser(h.storage, { ...platform, userId: 'gdpr-1' }, deps)).managerDesignations).toEqual({ removed: 1, anonymised: 0 });
    expect(await h.storage.managers.isDesignated(platform, 'gdpr-1', [])).toBe(false);
    await admin.post('/listening/managers', { kind: 'user', value: 'gdpr-2' });
    expect((await eraseUser(h.storage, { ...platform, userId: 'admin-11' }, deps)).managerDesignations).toEqual({ removed: 0, anonymised: 1 });
    expect((await h.storage.managers.listDesignations(platform)).find((d) => d.subject.kind === 'user' && d.subject.userId === 'gdpr-2')?.designatedBy).toEqual({ id: '', name: '' });
  });
});

describe('the Listening placement', () => {
  it('opens /listening from a link that names the panel, in a course', async () => {
    const { url } = await visit('admin-8', ADMIN, { panel: 'listening' });
    expect(new URL(url).pathname).toMatch(/^\/s\/[A-Za-z0-9_-]+\/listening$/);
    // The session's own landing (/s/<id>/) goes there too.
    const again = await visit('admin-8b', ADMIN, { panel: 'listening' });
    const landing = await again.visit.get('/');
    expect(landing.status).toBe(303);
    expect(landing.headers.location).toMatch(/\/listening$/);
  });

  it('accepts a course-less Listening launch from an administrator and refuses one from a learner', async () => {
    const admin = await visit('admin-9', ADMIN, { contextless: true, panel: 'listening' });
    expect(new URL(admin.url).pathname).toMatch(/\/listening$/);
    heard(admin.landing);
    expect((await admin.visit.get('/listening/managers')).status).toBe(200);
    // Such a session opens no course panel.
    expect((await admin.visit.get('/reviews')).status).toBe(403);

    const learner = await visit('learner-9', [LEARNER], { contextless: true, panel: 'listening' });
    expect(learner.landing.status).toBe(403);
    expect(learner.landing.text).toContain('For training managers');
    const instructor = await visit('teacher-9', [INSTRUCTOR], { contextless: true, panel: 'listening' });
    expect(instructor.landing.status).toBe(403);
  });

  it('shows training managers, and them only, a Listening link in the catalogue', async () => {
    const link = 'Listening: what learners say across the courses';
    const admin = await open('admin-10', ADMIN, { panel: 'catalogue', course: '1' });
    expect((await admin.get('/catalogue')).text).toContain(link);
    const learner = await open('learner-10', [LEARNER], { panel: 'catalogue', course: '1' });
    expect((await learner.get('/catalogue')).text).not.toContain(link);
    const instructor = await open('teacher-10', [INSTRUCTOR], { panel: 'catalogue', course: '3' });
    expect((await instructor.get('/catalogue')).text).not.toContain(link);
  });
});
