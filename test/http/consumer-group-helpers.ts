/**
 * Builders for the consumer-group integration tests: people (each test uses its own, since writes
 * are rate-limited per user), a launched session with its panel URL and CSRF token, and the few
 * steps most tests need (open a consultation, propose an idea).
 */
import { ROLE, type UserInput } from '../../src/demo/test-platform';
import { csrfTokenFor } from '../../src/http/csrf';
import type { TestPlatform } from '../../src/demo/test-platform';
import { launch, type Harness } from '../support/tool-harness';
import type { Browser } from '../support/browser';

let people = 0;

export function learner(name = 'Lee'): UserInput {
  people++;
  return { sub: `cg-learner-${people}`, givenName: name, familyName: `Learner${people}` };
}

export function instructor(name = 'Ines'): UserInput {
  people++;
  return { sub: `cg-teacher-${people}`, givenName: name, familyName: `Teacher${people}`, roles: [ROLE.instructor], membershipRoles: ['Instructor'] };
}

export interface CgSession {
  readonly browser: Browser;
  readonly sid: string;
  /** /s/<sid>/consumer-group */
  readonly base: string;
  readonly csrf: string;
  get(path: string, headers?: Record<string, string>): ReturnType<Browser['get']>;
  /** POSTs with the session's CSRF token unless `_csrf` is given (null: none at all). */
  post(path: string, fields?: Record<string, string | string[] | null>): ReturnType<Browser['post']>;
}

export async function sessionFor(h: Harness, user: UserInput, options: { locale?: string; platform?: TestPlatform } = {}): Promise<CgSession> {
  const { url, browser } = await launch(h, { user, locale: options.locale }, options.platform ?? h.platform);
  const sid = /\/s\/([A-Za-z0-9_-]+)\//.exec(url)?.[1];
  if (!sid) throw new Error(`launch did not open a session: ${url}`);
  const session = await h.storage.sessions.findSession(sid, new Date());
  const csrf = csrfTokenFor(session!);
  const base = `/s/${sid}/consumer-group`;
  return {
    browser,
    sid,
    base,
    csrf,
    get: (path, headers) => browser.get(`${h.baseUrl}${base}${path}`, headers),
    post: (path, fields = {}) => {
      const body: Record<string, string | string[]> = { _csrf: csrf };
      for (const [k, v] of Object.entries(fields)) {
        if (v === null) delete body[k];
        else body[k] = v;
      }
      return browser.post(`${h.baseUrl}${base}${path}`, body);
    },
  };
}

/** The record id at the end of a redirect such as /consumer-group/ideas/<id>?done=proposed. */
export function idFrom(location: string | undefined, kind: 'consultations' | 'ideas'): string {
  const id = new RegExp(`/${kind}/([A-Za-z0-9_-]{22})`).exec(location ?? '')?.[1];
  if (!id) throw new Error(`no ${kind} id in ${location}`);
  return id;
}

export async function openConsultation(staff: CgSession, fields: Record<string, string> = {}): Promise<string> {
  const res = await staff.post('/consultations', { title: 'Redesign of Excel basics', brief: 'What should the new course cover?', questions: 'What slows you down?\nWhat would you drop?', status: 'open', ...fields });
  if (res.status !== 303) throw new Error(`consultation not created (${res.status}): ${res.text.slice(0, 500)}`);
  return idFrom(res.headers.location, 'consultations');
}

export async function postIdea(who: CgSession, consultationId: string, title: string, fields: Record<string, string> = {}): Promise<string> {
  const res = await who.post(`/consultations/${consultationId}/ideas`, { title, description: '', confirm: '1', ...fields });
  if (res.status !== 303) throw new Error(`idea not posted (${res.status}): ${res.text.slice(0, 500)}`);
  return idFrom(res.headers.location, 'ideas');
}

/** The visible text of a page, tags removed, whitespace collapsed (for "the page says …" checks). */
export function textOf(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}
