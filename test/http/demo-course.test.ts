/**
 * The demo course (/demo) through real LTI launches: the launch button follows the person chosen in
 * "View the course as", and trying dynamic registration from the course page leaves the demo's own
 * registration (active, client id learner-voice-demo) in charge of the course's launches.
 */
import { toolUrls } from '../../src/config';
import { DEMO_CLIENT_ID } from '../../src/demo/demo-routes';
import { Browser, findForm } from '../support/browser';
import { startDemoServer } from '../support/demo-server';

let demo: Awaited<ReturnType<typeof startDemoServer>>;
beforeAll(async () => {
  demo = await startDemoServer();
});
afterAll(async () => {
  await demo.close();
});

const coursePath = '/platform/course';

/** Opens the page as `as`, presses the button of form `formId`, and follows the launch to the tool's page. */
async function launchFromPage(browser: Browser, path: string, formId: string) {
  const page = await browser.get(path);
  expect(page.status).toBe(200);
  const launchForm = findForm(page.text, formId);
  expect(launchForm).not.toBeNull();
  const url = new URL(launchForm!.action, demo.baseUrl).href;
  return browser.settle(await browser.post(url, launchForm!.fields), url);
}

/** Opens the course as `as`, presses its launch button, and follows the launch to the tool's page. */
async function launchFromCourse(browser: Browser, as: string) {
  const page = await browser.get(`${coursePath}?as=${as}`);
  expect(page.status).toBe(200);
  const launchForm = findForm(page.text, 'launch-course');
  expect(launchForm).not.toBeNull();
  const url = new URL(launchForm!.action, demo.baseUrl).href;
  return browser.settle(await browser.post(url, launchForm!.fields), url);
}

describe('the demo site’s other courses and its front page', () => {
  it('when a learner opens another course of the site, then its launch button launches her in that course', async () => {
    const browser = new Browser(demo.baseUrl);
    const { res } = await launchFromPage(browser, `${coursePath}?id=3&as=learner`, 'launch-course');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Agile project management');
    const member = await demo.storage.members.findMember({ issuer: `${demo.baseUrl}/platform`, clientId: DEMO_CLIENT_ID, deploymentId: '1', contextId: '3' }, '4');
    expect(member?.role).toBe('learner');
  });

  it('when someone opens the site home, then it lists every course and launches the catalogue from the site course (id 1)', async () => {
    const browser = new Browser(demo.baseUrl);
    const home = await browser.get('/platform/?as=frenchLearner');
    for (const title of ['LTI Test Course', 'Agile project management', 'Excel pour l’analyse de données', 'Leadership for new managers', 'Sécurité incendie', 'Python for data analysis']) {
      expect(home.text).toContain(title);
    }
    const { res } = await launchFromPage(browser, '/platform/?as=frenchLearner', 'launch-catalogue');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="fr"');
  });

  it('does not seed the demo courses in tests unless asked', async () => {
    const item = { issuer: `${demo.baseUrl}/platform`, clientId: DEMO_CLIENT_ID, deploymentId: '1', contextId: '5', itemId: 'course' };
    expect(await demo.storage.reviews.countReviewers(item)).toBe(0);
  });
});

describe('demo course launches', () => {
  it('when the French learner is chosen in "View the course as", then the launch button launches her, in French', async () => {
    const browser = new Browser(demo.baseUrl);
    const page = await browser.get(`${coursePath}?as=frenchLearner`);
    expect(page.text).toContain('Launch as learner, French (Camille Dubois)');
    expect(page.text).not.toContain('Launch as instructor');

    const { res } = await launchFromCourse(browser, 'frenchLearner');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="fr"');
    expect(res.text).toContain('Camille Dubois');
  });

  it('when the instructor is chosen, then the launch button launches the instructor', async () => {
    const { res } = await launchFromCourse(new Browser(demo.baseUrl), 'instructor');
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-role="instructor"');
    expect(res.text).toContain('Terry Teacher');
  });

  it('when someone tries dynamic registration from the demo course, then the new client id waits for approval and the course keeps launching with the demo registration', async () => {
    const browser = new Browser(demo.baseUrl);
    const start = await browser.get(`/platform/admin/register-tool?url=${encodeURIComponent(toolUrls(demo.baseUrl).register)}`);
    const { res: registered } = await browser.settle(start, `${demo.baseUrl}/platform/admin/register-tool`);
    expect(registered.status).toBe(200);
    expect(registered.text).toContain('learner-voice platform activate');

    const platforms = await demo.storage.platforms.listPlatforms();
    const demoIssuer = `${demo.baseUrl}/platform`;
    const newOne = platforms.find((p) => p.issuer === demoIssuer && p.clientId !== DEMO_CLIENT_ID);
    expect(newOne?.source).toBe('dynamic');

    const course = await browser.get(coursePath);
    expect(course.text).toMatch(new RegExp(`<code>${DEMO_CLIENT_ID}</code>[^<]*<code>1</code> \\(used for launches\\)`));
    expect(course.text).toContain(`<code>${newOne!.clientId}</code>`);

    for (const as of ['learner', 'instructor', 'frenchLearner']) {
      const { res } = await launchFromCourse(new Browser(demo.baseUrl), as);
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/LAUNCH_PLATFORM_(INACTIVE|PENDING)/);
    }
  });
});
