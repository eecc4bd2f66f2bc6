/**
 * The contract of the grade outbox (ports/grade-outbox.ts), run unchanged on every adapter
 * (sqlite.test.ts, mongo.test.ts): one pending score per course, learner and reason; claims across
 * every platform, oldest due first, each held by one owner until its lease runs out; only the owner
 * settles a score; a score queued again while claimed cannot be taken mid-send. `peer` is a second
 * store on the same data, as another process opens it (the same store where an adapter cannot open two).
 */
import type { ContextKey } from '../../src/context/tenant';
import type { Storage } from '../../src/storage/port';
import type { GradeTarget, PendingScore, ScoreToQueue } from '../../src/storage/ports/grade-outbox';

const COURSE: ContextKey = { issuer: 'https://lms-a.example', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-101' };
const NEIGHBOUR: ContextKey = { ...COURSE, clientId: 'client-2' };
const ELSEWHERE: ContextKey = { ...COURSE, issuer: 'https://lms-b.example' };
const T0 = new Date('2030-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const LEASE_MS = 60_000;
const target: GradeTarget = { lineItemsUrl: 'https://lms-a.example/lineitems', scopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'], resourceLinkId: 'link-1' };

function score(userId: string, overrides: Partial<ScoreToQueue> = {}): ScoreToQueue {
  return { course: COURSE, userId, reason: 'review', target, locale: 'en', createdAt: T0, nextAttemptAt: T0, ...overrides };
}

const users = (scores: readonly PendingScore[]) => scores.map((s) => s.userId);

export interface OutboxStores {
  readonly storage: Storage;
  readonly peer: Storage;
}

export function gradeOutboxContract(name: string, open: () => Promise<OutboxStores>): void {
  describe(`${name}: grade outbox`, () => {
    let stores: OutboxStores;
    beforeEach(async () => {
      stores = await open();
    });
    afterEach(async () => {
      if (stores.peer !== stores.storage) await stores.peer.close();
      await stores.storage.close();
    });
    const outbox = () => stores.storage.gradeOutbox;

    it('keeps one pending score per learner and reason in its course, bringing its due time forward, never back', async () => {
      const first = await outbox().enqueueScore(score('u1', { nextAttemptAt: at(300) }));
      expect(first).toMatchObject({ userId: 'u1', reason: 'review', target, locale: 'en', attempts: 0, createdAt: T0, nextAttemptAt: at(300), course: COURSE });
      const sooner = await outbox().enqueueScore(score('u1', { createdAt: at(60), nextAttemptAt: at(60), locale: 'fr' }));
      expect(sooner).toMatchObject({ id: first.id, createdAt: T0, nextAttemptAt: at(60), locale: 'fr' });
      const later = await outbox().enqueueScore(score('u1', { nextAttemptAt: at(900) }));
      expect(later.nextAttemptAt).toEqual(at(60));
      await outbox().enqueueScore(score('u1', { reason: 'other' }));
      expect(await outbox().pendingScores(COURSE)).toHaveLength(2);
      expect(await outbox().pendingScores(NEIGHBOUR)).toEqual([]);
    });

    it('claims due scores of every platform, oldest due first, up to the limit, until the lease runs out', async () => {
      await outbox().enqueueScore(score('late', { createdAt: at(-2), nextAttemptAt: at(30) }));
      await outbox().enqueueScore(score('second', { course: ELSEWHERE, nextAttemptAt: at(-20) }));
      await outbox().enqueueScore(score('first', { course: NEIGHBOUR, nextAttemptAt: at(-40) }));
      await outbox().enqueueScore(score('third', { createdAt: at(-1), nextAttemptAt: at(0) }));

      const claimed = await outbox().claimDueScores('worker-a', at(0), LEASE_MS, 2);
      expect(users(claimed)).toEqual(['first', 'second']);
      expect(claimed[0]).toMatchObject({ course: NEIGHBOUR, attempts: 0, target, nextAttemptAt: at(60) });
      const [third] = await outbox().claimDueScores('worker-a', at(0), LEASE_MS, 10);
      expect(third.userId).toBe('third');
      expect(await outbox().claimDueScores('worker-b', at(10), LEASE_MS, 10)).toEqual([]);
      // 'late' is due, but worker-a holds a score of its course: the course stays with worker-a until it settles.
      expect(await outbox().claimDueScores('worker-b', at(30), LEASE_MS, 10)).toEqual([]);
      expect(users(await outbox().claimDueScores('worker-a', at(30), LEASE_MS, 10))).toEqual(['late']);
      // While claimed, a score shows the end of its lease as its next attempt.
      expect((await outbox().pendingScores(COURSE)).map((s) => [s.userId, s.nextAttemptAt])).toEqual([
        ['late', at(90)],
        ['third', at(60)],
      ]);
      expect(await outbox().countPending()).toBe(4);
    });

    it('keeps each course with one owner at a time: another course is claimed meanwhile, and the course once its scores are settled or their leases ran out', async () => {
      await outbox().enqueueScore(score('a1', { nextAttemptAt: at(-30) }));
      await outbox().enqueueScore(score('n1', { course: NEIGHBOUR, nextAttemptAt: at(-20) }));
      await outbox().enqueueScore(score('a2', { nextAttemptAt: at(-10) }));
      const [a1] = await outbox().claimDueScores('worker-a', at(0), LEASE_MS, 1);
      expect(a1.userId).toBe('a1');
      // worker-b skips a2 (worker-a holds its course) and takes the neighbour's score.
      const [n1] = await stores.peer.gradeOutbox.claimDueScores('worker-b', at(1), LEASE_MS, 10);
      expect(n1.userId).toBe('n1');
      // worker-a may take more of the course it holds, not the course worker-b now holds.
      expect(users(await outbox().claimDueScores('worker-a', at(2), LEASE_MS, 10))).toEqual(['a2']);
      expect(await outbox().removeScore(a1.id, 'worker-a')).toBe(true);
      expect(await stores.peer.gradeOutbox.removeScore(n1.id, 'worker-b')).toBe(true);
      await outbox().enqueueScore(score('a3', { nextAttemptAt: at(3) }));
      // a2 is still held by worker-a: the course is still worker-a's.
      expect(await stores.peer.gradeOutbox.claimDueScores('worker-b', at(4), LEASE_MS, 10)).toEqual([]);
      // Once worker-a's leases ran out, worker-b takes the whole course.
      expect(users(await stores.peer.gradeOutbox.claimDueScores('worker-b', at(62), LEASE_MS, 10)).sort()).toEqual(['a2', 'a3']);
    });

    it('hands a score whose lease ran out to the next claimant, and from then on only the new owner settles it', async () => {
      const queued = await outbox().enqueueScore(score('u1'));
      expect(await outbox().claimDueScores('worker-a', at(0), LEASE_MS, 10)).toHaveLength(1);
      expect(await outbox().claimDueScores('worker-b', at(59), LEASE_MS, 10)).toEqual([]);
      expect(users(await outbox().claimDueScores('worker-b', at(60), LEASE_MS, 10))).toEqual(['u1']);

      expect(await outbox().removeScore(queued.id, 'worker-a')).toBe(false);
      expect(await outbox().recordFailure(queued.id, 'worker-a', 'HTTP 500', at(61))).toBe(false);
      expect(await outbox().releaseScore(queued.id, 'worker-a', at(61))).toBe(false);
      expect(await outbox().pendingScores(COURSE)).toMatchObject([{ id: queued.id, attempts: 0, nextAttemptAt: at(120) }]);
      expect(await outbox().removeScore(queued.id, 'worker-b')).toBe(true);
      expect(await outbox().pendingScores(COURSE)).toEqual([]);
      expect(await outbox().countPending()).toBe(0);
    });

    it('refuses to settle a score nobody claimed', async () => {
      const queued = await outbox().enqueueScore(score('u1'));
      expect(await outbox().removeScore(queued.id, 'worker-a')).toBe(false);
      expect(await outbox().recordFailure(queued.id, 'worker-a', 'HTTP 500', at(60))).toBe(false);
      expect(await outbox().pendingScores(COURSE)).toMatchObject([{ id: queued.id, attempts: 0, nextAttemptAt: T0 }]);
    });

    it('on a refusal counts the attempt, frees the claim and waits until the next attempt', async () => {
      const queued = await outbox().enqueueScore(score('u1'));
      await outbox().claimDueScores('worker-a', at(0), LEASE_MS, 10);
      expect(await outbox().recordFailure(queued.id, 'worker-a', 'x'.repeat(2_000), at(120))).toBe(true);
      const [failed] = await outbox().pendingScores(COURSE);
      expect(failed).toMatchObject({ attempts: 1, nextAttemptAt: at(120) });
      expect(failed.lastError).toHaveLength(500);
      expect(await outbox().claimDueScores('worker-b', at(119), LEASE_MS, 10)).toEqual([]);
      expect(await outbox().claimDueScores('worker-b', at(120), LEASE_MS, 10)).toMatchObject([{ id: queued.id, attempts: 1 }]);
    });

    it('a released score is due again at once, its attempts unchanged', async () => {
      const queued = await outbox().enqueueScore(score('u1'));
      await outbox().claimDueScores('worker-a', at(0), LEASE_MS, 10);
      expect(await outbox().releaseScore(queued.id, 'worker-a', at(5))).toBe(true);
      expect(await outbox().claimDueScores('worker-b', at(5), LEASE_MS, 10)).toMatchObject([{ id: queued.id, attempts: 0 }]);
    });

    it('queued again while claimed, a score keeps its claim and lease (nobody takes it mid-send), and a later retry uses the new target', async () => {
      const queued = await outbox().enqueueScore(score('u1'));
      await outbox().claimDueScores('worker-a', at(0), LEASE_MS, 10);
      const moved = { ...target, lineItemsUrl: 'https://lms-a.example/moved' };
      const again = await outbox().enqueueScore(score('u1', { target: moved, createdAt: at(5), nextAttemptAt: at(5) }));
      expect(again).toMatchObject({ id: queued.id, nextAttemptAt: at(60) });
      expect(await outbox().claimDueScores('worker-b', at(5), LEASE_MS, 10)).toEqual([]);
      expect(await outbox().recordFailure(queued.id, 'worker-a', 'HTTP 503', at(10))).toBe(true);
      expect(await outbox().claimDueScores('worker-b', at(10), LEASE_MS, 10)).toMatchObject([{ id: queued.id, target: moved, attempts: 1 }]);
    });

    it('two stores on the same data claiming at once never receive the same score', async () => {
      const courses = [COURSE, NEIGHBOUR, ELSEWHERE, { ...COURSE, contextId: 'course-102' }];
      const courseOf = new Map<string, string>();
      for (let i = 0; i < 40; i++) {
        const queued = await outbox().enqueueScore(score(`u${String(i).padStart(2, '0')}`, { course: courses[i % 4], nextAttemptAt: at(-i) }));
        courseOf.set(queued.id, JSON.stringify(queued.course));
      }
      const sides = [
        { store: stores.storage.gradeOutbox, owner: 'worker-a', got: [] as string[] },
        { store: stores.peer.gradeOutbox, owner: 'worker-b', got: [] as string[] },
      ];
      const drain = async (side: (typeof sides)[number]) => {
        for (;;) {
          const claimed = await side.store.claimDueScores(side.owner, at(0), LEASE_MS, 3);
          if (claimed.length === 0) return;
          side.got.push(...claimed.map((s) => s.id));
        }
      };
      await Promise.all([drain(sides[0]), drain(sides[1]), drain(sides[0]), drain(sides[1])]);
      const all = [...sides[0].got, ...sides[1].got];
      expect(all).toHaveLength(40);
      expect(new Set(all).size).toBe(40);
      // No course had scores with both owners (no lease ran out, nothing was settled).
      const coursesOf = (ids: string[]) => new Set(ids.map((id) => courseOf.get(id)));
      const shared = [...coursesOf(sides[0].got)].filter((course) => coursesOf(sides[1].got).has(course));
      expect(shared).toEqual([]);
    });
  });
}
