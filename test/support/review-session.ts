/**
 * Helpers for panel tests: a person launched into the course, with their browser and session base,
 * and form posts that carry the page's CSRF token as a browser would.
 */
import type { Response } from 'supertest';
import type { Browser } from './browser';
import { launch, type Harness } from './tool-harness';

export interface PanelSession {
  readonly browser: Browser;
  /** e.g. http://127.0.0.1:1234/s/<id> */
  readonly base: string;
  readonly sub: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** Posts a form under the session, with the CSRF token read from the session's page. */
  post(path: string, fields: Record<string, string | string[]>, headers?: Record<string, string>): Promise<Response>;
}

let counter = 0;

export async function openSession(
  h: Harness,
  who: 'learner' | 'instructor' | 'frenchLearner' | { sub?: string; givenName?: string; familyName?: string; locale?: string; instructor?: boolean },
  options: { platform?: Harness['platform']; resourceLink?: { id: string; title?: string }; custom?: Record<string, unknown>; shareName?: boolean; course?: string; contextless?: boolean; placement?: string } = {},
): Promise<PanelSession> {
  const platform = options.platform ?? h.platform;
  let user: Parameters<typeof launch>[1]['user'];
  let sub: string;
  if (typeof who === 'string') {
    user = who;
    sub = platform.users[who].sub;
  } else {
    sub = who.sub ?? `u${++counter}-${Date.now()}`;
    user = {
      sub,
      givenName: who.givenName ?? 'Learner',
      familyName: who.familyName ?? sub,
      locale: who.locale ?? 'en',
      ...(who.instructor ? { roles: platform.users.instructor.roles } : {}),
    };
  }
  const { url, browser, res } = await launch(
    h,
    { user, resourceLink: options.resourceLink, custom: options.custom, shareName: options.shareName, course: options.course, contextless: options.contextless, ...(options.placement ? { placement: options.placement } : {}) },
    platform,
  );
  if (res.status !== 200) throw new Error(`launch failed with ${res.status}: ${res.text.slice(0, 300)}`);
  const base = /^(.*\/s\/[A-Za-z0-9_-]+)/.exec(url)![1];
  const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? /name="csrf-token" content="([^"]+)"/.exec(html)?.[1];
  let csrf = tokenOf(res.text);
  const ensureCsrf = async () => {
    if (csrf) return csrf;
    const page = await browser.get(`${base}/reviews`);
    csrf = tokenOf(page.text);
    if (!csrf) throw new Error('no CSRF token on the page');
    return csrf;
  };
  return {
    browser,
    base,
    sub,
    get: (path, headers) => browser.get(`${base}${path}`, headers),
    post: async (path, fields, headers) => browser.post(`${base}${path}`, { _csrf: await ensureCsrf(), ...fields }, headers),
  };
}

/** Ids of the review cards on a page, in page order. */
export function reviewIds(html: string): string[] {
  return [...html.matchAll(/<article class="review[^"]*" id="review-([A-Za-z0-9_-]+)"/g)].map((m) => m[1]);
}

/** The settings form as an instructor posts it: everything open to learners at once, plus overrides. */
export function settingsForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    reviewsEnabled: 'on',
    consumerGroupEnabled: 'on',
    textVisibility: 'everyone',
    moderation: 'immediate',
    authorDisplay: 'first-initial',
    minRatings: '0',
    windowMode: 'any',
    ...overrides,
  };
}
