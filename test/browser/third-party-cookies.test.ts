/**
 * Launches in Chromium with the tool and the LMS on two sites over HTTPS, under three cookie
 * policies: third-party cookies allowed; blocked (Chromium keeps partitioned cookies); and no cookie
 * for the tool inside the LMS at all (as Safari does). A Canvas-like platform offers client-side
 * storage, a Moodle-like one does not.
 */
import type { Frame, Page } from 'playwright-core';
import { screenshotPath, seriousA11yViolations } from '../support/chromium';
import { chromiumWithCookiePolicy, startTwoSites, type CookiePolicy, type TwoSites } from '../support/two-sites';

let sites: TwoSites;
beforeAll(async () => {
  sites = await startTwoSites();
});
afterAll(async () => sites?.close());

const SESSION_PAGE = /^https:\/\/tool\.test:\d+\/s\/[A-Za-z0-9_-]+\/reviews$/;

async function launchFromCourse(page: Page, platform: 'moodle' | 'canvas'): Promise<Frame> {
  await page.goto(`${sites.lmsOrigin}/${platform}/course?as=learner`);
  await page.getByRole('button', { name: 'Launch as learner' }).click();
  return page.frame({ name: 'tool' })!;
}

async function expectPanel(frameOrPage: Frame | Page): Promise<void> {
  await frameOrPage.waitForURL(SESSION_PAGE);
  await frameOrPage.getByRole('heading', { level: 1, name: 'Reviews and ratings' }).waitFor();
}

/** What the policy lets the tool's frame keep: proves each test runs under the rules it names. */
async function cookiesKeptInFrame(frame: Frame): Promise<{ plain: boolean; partitioned: boolean }> {
  return frame.evaluate(() => {
    document.cookie = 'plainProbe=1; Secure; SameSite=None; Path=/';
    document.cookie = 'partitionedProbe=1; Secure; SameSite=None; Path=/; Partitioned';
    return { plain: document.cookie.includes('plainProbe=1'), partitioned: document.cookie.includes('partitionedProbe=1') };
  });
}

async function withPolicy(policy: CookiePolicy, run: (page: Page) => Promise<void>): Promise<void> {
  const chromium = await chromiumWithCookiePolicy(sites, policy);
  try {
    await run(await chromium.context.newPage());
  } finally {
    await chromium.close();
  }
}

describe('with third-party cookies allowed', () => {
  it('both the Moodle-like and the Canvas-like platform launch the tool embedded', async () => {
    await withPolicy('allowed', async (page) => {
      const frame = await launchFromCourse(page, 'moodle');
      await expectPanel(frame);
      expect(await cookiesKeptInFrame(frame)).toEqual({ plain: true, partitioned: true });
      await expectPanel(await launchFromCourse(page, 'canvas'));
    });
  });
});

describe('with third-party cookies blocked (partitioned cookies kept)', () => {
  it('the Moodle-like platform launches embedded thanks to the partitioned state cookie, and the Canvas-like one too', async () => {
    await withPolicy('third-party-blocked', async (page) => {
      const launchCookies: Promise<string>[] = [];
      page.on('request', (request) => {
        // allHeaders(), not headers(): Playwright leaves Cookie out of the latter.
        if (request.method() === 'POST' && request.url().endsWith('/lti/launch')) launchCookies.push(request.allHeaders().then((h) => h.cookie ?? ''));
      });
      const frame = await launchFromCourse(page, 'moodle');
      await expectPanel(frame);
      expect(await cookiesKeptInFrame(frame)).toEqual({ plain: false, partitioned: true });
      // The id_token came back into the frame with the (partitioned) state cookie.
      expect(await Promise.all(launchCookies)).toEqual([expect.stringMatching(/(^|; )state[0-9a-f]+=/)]);
      await expectPanel(await launchFromCourse(page, 'canvas'));
    });
  });
});

describe('with no cookie for the tool inside the LMS, partitioned or not', () => {
  it('the Canvas-like platform launches embedded through its client-side storage', async () => {
    await withPolicy('none-in-frame', async (page) => {
      const frame = await launchFromCourse(page, 'canvas');
      await expectPanel(frame);
      expect(await cookiesKeptInFrame(frame)).toEqual({ plain: false, partitioned: false });
    });
  });

  it('the Moodle-like platform shows, before asking the LMS, a keyboard-usable button that opens the launch in a new window, where it works', async () => {
    await withPolicy('none-in-frame', async (page) => {
      const frame = await launchFromCourse(page, 'moodle');
      const button = frame.getByRole('link', { name: 'Open in a new window' });
      await button.waitFor();
      expect(frame.url()).toMatch(/\/lti\/login\/check\?state=/);
      const alone = await page.context().newPage();
      await alone.setViewportSize({ width: 375, height: 700 });
      await alone.goto(frame.url());
      expect(await seriousA11yViolations(alone)).toEqual([]);
      await alone.screenshot({ path: screenshotPath('launch-new-window-375.png'), fullPage: true });
      await alone.close();
      await button.focus();
      const [popup] = await Promise.all([page.context().waitForEvent('page'), page.keyboard.press('Enter')]);
      await expectPanel(popup);
    });
  });
});
