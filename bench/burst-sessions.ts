/**
 * Sessions for the burst's learners, created directly in the store (1,000 full launches would take
 * minutes and measure ltijs, not the panel). Each is shaped like a real launch's: the measured
 * learner's LaunchContext (taken from a real launch) with another user, and the person is recorded
 * as a course member, as completeLaunch does, so "took this course" is computed as in production.
 */
import { randomBytes } from 'node:crypto';
import type { LaunchContext } from '../src/context/launch-context';
import { csrfTokenFor } from '../src/http/csrf';
import type { LaunchSession, Storage } from '../src/storage/port';

export interface BurstLearner {
  readonly userId: string;
  readonly sessionId: string;
  readonly csrf: string;
}

export async function createBurstLearners(storage: Storage, template: LaunchContext, count: number, ttlMinutes: number, now = new Date(), prefix = 'burst'): Promise<BurstLearner[]> {
  const learners: BurstLearner[] = [];
  for (let i = 1; i <= count; i++) {
    const userId = `${prefix}-${i}`;
    const context: LaunchContext = {
      ...template,
      userId,
      userName: `${prefix} Learner ${i}`,
      givenName: prefix,
      familyName: `Learner ${i}`,
      email: undefined,
      role: 'learner',
    };
    const session: LaunchSession = {
      id: randomBytes(24).toString('base64url'),
      context,
      csrfSecret: randomBytes(32).toString('base64url'),
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMinutes * 60_000),
    };
    await storage.members.recordLaunch(context.link, userId, context.userName ?? '', 'learner', now);
    await storage.sessions.createSession(session);
    learners.push({ userId, sessionId: session.id, csrf: csrfTokenFor(session) });
  }
  return learners;
}
