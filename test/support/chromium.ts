/**
 * Debian's Chromium driven by playwright-core (npx playwright install cannot download a browser here).
 * The flags keep it from reaching for the network, which this machine closes.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run npm run setup:browser (installs Debian's chromium).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** axe-core (WCAG 2.x A/AA rules); returns the serious and critical violations only. */
export async function seriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Screenshots go to docs/screenshots when UPDATE_SCREENSHOTS=1 (to commit), to test-results otherwise. */
export function screenshotPath(name: string): string {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots';
  return path.resolve(__dirname, '../..', dir, name);
}

/**
 * The set-up every browser test shares: the demo server and one Chromium for the file, closed after
 * it. Pages come from fresh contexts (axe-core needs them) with a 10 s default timeout.
 */
export function useDemoInChromium() {
  // Imported here so that tests using only launchChromium do not load the app.
  const { startDemoServer } = require('./demo-server') as typeof import('./demo-server');
  const state: { server?: Awaited<ReturnType<typeof startDemoServer>>; browser?: Browser } = {};
  beforeAll(async () => {
    state.server = await startDemoServer();
    state.browser = await launchChromium();
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.close();
  });
  return {
    get baseUrl(): string {
      return state.server!.baseUrl;
    },
    get browser(): Browser {
      return state.browser!;
    },
    get storage() {
      return state.server!.storage;
    },
    async newPage(width: number, height = 900): Promise<Page> {
      const page = await (await state.browser!.newContext({ viewport: { width, height } })).newPage();
      page.setDefaultTimeout(10_000);
      return page;
    },
    /** Launches from the demo course as someone and returns their session's base URL (…/s/<id>). */
    async launchAs(who: 'learner' | 'instructor'): Promise<string> {
      const course = await this.newPage(1024);
      await course.goto(`${state.server!.baseUrl}/demo?as=${who}`);
      await course.getByRole('button', { name: `Launch as ${who} (` }).click();
      const frame = course.frame({ name: 'tool' })!;
      await frame.waitForURL(/\/s\/[A-Za-z0-9_-]+\//);
      const sid = /\/s\/([A-Za-z0-9_-]+)\//.exec(frame.url())![1];
      await course.context().close();
      return `${state.server!.baseUrl}/s/${sid}`;
    },
  };
}
