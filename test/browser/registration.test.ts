/**
 * Dynamic registration as an LMS admin sees it, in headless Chromium: the LMS (on its own origin,
 * unknown to the tool) frames the tool's registration URL in its dialog, as Moodle 5.1 does
 * (fixtures/moodle-5.1/dynamic-registration.json). Chromium enforces the CSP frame-ancestors, so
 * the page only shows if the LMS's origin is allowed; the LMS page then waits for the
 * org.imsglobal.lti.close message the tool sends by itself.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Browser } from 'playwright-core';
import { toolUrls } from '../../src/config';
import { createTestPlatform } from '../../src/demo/test-platform';
import { launchChromium } from '../support/chromium';
import { startHarness, type Harness } from '../support/tool-harness';

let h: Harness;
let browser: Browser;
let lms: { origin: string; app: express.Express; close(): Promise<void> };

beforeAll(async () => {
  // Active at once: the page then asks to close after 5 s instead of 30 s.
  h = await startHarness({ env: { DYNREG_AUTO_ACTIVATE: 'true', DYNREG_RATE_LIMIT: '1000' } });
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  lms = { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, app, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await lms?.close();
  await h?.close();
});

/** The LMS's tool registration screen: the tool's page in an iframe, and a record of the close messages it posts (frame resizes are left out). */
function mountAdminPage(path: string, frameUrl: string) {
  lms.app.get(path, (_req, res) => {
    res.type('html').send(`<!doctype html><html><head><title>Manage tools</title></head><body>
<h1>Manage tools</h1><iframe id="registration" title="Registration" src="${frameUrl.replace(/"/g, '&quot;')}" width="1000" height="1000"></iframe>
<script>window.messages = []; window.addEventListener('message', function (e) { if (e.data && e.data.subject === 'org.imsglobal.lti.close') window.messages.push({ origin: e.origin, data: e.data }); });</script>
</body></html>`);
  });
}

describe('dynamic registration in Chromium', () => {
  it.each(['moodle', 'canvas'] as const)('when a %s admin registers the tool in a framed dialog, then the page shows inside the LMS and asks it to close the dialog', async (flavour) => {
    const urls = toolUrls(h.baseUrl);
    const platform = await createTestPlatform({ issuer: `${lms.origin}/${flavour}`, flavour, tool: { loginUrl: urls.login, launchUrl: urls.launch, keysetUrl: urls.keyset } });
    lms.app.use(`/${flavour}`, platform.router);
    mountAdminPage(`/${flavour}-admin`, platform.registrationStartUrl(urls.register));

    const context = await browser.newContext();
    // Playwright's clock (in every frame of the context): the 5 s before the page asks to close pass at once.
    await context.clock.install();
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/frame-ancestors|Refused to frame/i.test(message.text())) blocked.push(message.text());
    });
    try {
      await page.goto(`${lms.origin}/${flavour}-admin`);
      const dialog = page.frameLocator('#registration');
      await dialog.getByRole('heading', { name: 'Learner Voice is registered' }).waitFor();
      expect(blocked).toEqual([]);
      await context.clock.runFor(5_000);
      await page.waitForFunction(() => (window as unknown as { messages: unknown[] }).messages.length > 0, undefined, { timeout: 15_000 });
      const messages = await page.evaluate(() => (window as unknown as { messages: Array<{ origin: string; data: unknown }> }).messages);
      expect(messages).toEqual([{ origin: new URL(h.baseUrl).origin, data: { subject: 'org.imsglobal.lti.close' } }]);
    } finally {
      await context.close();
    }
  });

  it('when the admin clicks "Keep this open", then no close message is sent until they click Close', async () => {
    const urls = toolUrls(h.baseUrl);
    const platform = await createTestPlatform({ issuer: `${lms.origin}/kept`, flavour: 'moodle', tool: { loginUrl: urls.login, launchUrl: urls.launch, keysetUrl: urls.keyset } });
    lms.app.use('/kept', platform.router);
    mountAdminPage('/kept-admin', platform.registrationStartUrl(urls.register));
    const context = await browser.newContext({ viewport: { width: 1100, height: 1200 } });
    await context.clock.install();
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(`${lms.origin}/kept-admin`);
      const dialog = page.frameLocator('#registration');
      await dialog.getByRole('heading', { name: 'Learner Voice is registered' }).waitFor();
      // Keyboard activation: Playwright's pointer click never completes in this cross-origin frame here.
      await dialog.getByRole('button', { name: 'Keep this open' }).press('Enter');
      await dialog.getByRole('button', { name: 'Keep this open' }).waitFor({ state: 'hidden' });
      // Past the 5 s after which the page would have asked to close, had the admin not kept it; the
      // framed page's clock is the one moved (else this would prove nothing).
      const tool = page.frames().find((frame) => frame !== page.mainFrame())!;
      const before = await tool.evaluate(() => Date.now());
      await context.clock.runFor(6_000);
      expect((await tool.evaluate(() => Date.now())) - before).toBeGreaterThanOrEqual(6_000);
      expect(await page.evaluate(() => (window as unknown as { messages: unknown[] }).messages)).toEqual([]);
      await dialog.getByRole('button', { name: 'Close' }).press('Enter');
      await page.waitForFunction(() => (window as unknown as { messages: unknown[] }).messages.length === 1);
    } finally {
      await context.close();
    }
  });
});
