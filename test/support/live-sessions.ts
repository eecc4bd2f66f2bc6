/**
 * Live sessions for fuzzing the session routes: a learner, an instructor and a deep-linking
 * instructor, each a real launch. The per-user write limit (30 a minute) would turn most fuzzed
 * posts into 429s, so a session is replaced by a fresh launch of a new user before it reaches it.
 */
import { findForm } from './browser';
import { openSession } from './review-session';
import { launch, type Harness } from './tool-harness';

export type Role = 'learner' | 'instructor' | 'deepLinking';

export interface LiveSession {
  /** e.g. http://127.0.0.1:1234/s/<id> */
  readonly base: string;
  readonly csrf: string;
  writes: number;
}

const WRITES_PER_SESSION = 25;
const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? /name="csrf-token" content="([^"]+)"/.exec(html)?.[1];

export class LiveSessions {
  private readonly live: Partial<Record<Role, LiveSession>> = {};
  opened = 0;

  constructor(private readonly h: Harness) {}

  /** The live session of that role; a write counts towards its replacement. */
  async sessionFor(role: Role, writing: boolean): Promise<LiveSession> {
    let session = this.live[role];
    if (!session || (writing && session.writes >= WRITES_PER_SESSION)) session = this.live[role] = await this.open(role);
    if (writing) session.writes++;
    return session;
  }

  private async open(role: Role): Promise<LiveSession> {
    const h = this.h;
    this.opened++;
    if (role === 'deepLinking') {
      const user = { sub: `dl-${this.opened}`, givenName: 'Deep', familyName: 'Linker', roles: h.platform.users.instructor.roles };
      const { res, url } = await launch(h, { user, messageType: 'LtiDeepLinkingRequest', deepLinkingData: 'fuzz-data' });
      if (res.status !== 200) throw new Error(`deep-linking launch failed: ${res.status}`);
      return { base: /^(.*\/s\/[A-Za-z0-9_-]+)/.exec(url)![1], csrf: findForm(res.text)!.fields._csrf, writes: 0 };
    }
    const session = await openSession(h, role === 'instructor' ? { instructor: true } : {});
    const csrf = tokenOf((await session.get('/reviews')).text);
    if (!csrf) throw new Error('no CSRF token on the reviews page');
    return { base: session.base, csrf, writes: 0 };
  }
}
