/**
 * The contract of the retention purge (ports/retention.ts), run unchanged on every adapter (see
 * sqlite.test.ts and mongo.test.ts). Time is a fake clock: every record is written with an explicit
 * date and each purge is given its `now`, days after them.
 */
import { storedLearnerSession } from '../support/stored-session';
import type { ContextKey } from '../../src/context/tenant';
import type { LaunchSession, Storage } from '../../src/storage/port';
import type { AuditEntry } from '../../src/storage/ports/audit';
import type { ItemKey, Review, ReviewWrite } from '../../src/storage/ports/reviews';
import { EMPTY_PURGE_REPORT, type RetentionPolicy } from '../../src/storage/ports/retention';
import { buildAudit } from '../support/audit';

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date('2030-01-15T10:00:00.000Z');
const day = (n: number): Date => new Date(T0.getTime() + n * DAY);

const COURSE: ContextKey = { issuer: 'https://lms-a.example', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-101' };
const OTHER: ContextKey = { ...COURSE, contextId: 'course-202' };
const ITEM: ItemKey = { ...COURSE, itemId: 'course' };
const TEACHER = { id: 'teacher-1', name: 'Terry Teacher', role: 'instructor' as const };

const OFF: RetentionPolicy = { sessionsDays: null, launchRecordsDays: null, auditDays: null, hiddenReviewTextDays: null, alertsDays: null };
const only = (overrides: Partial<RetentionPolicy>): RetentionPolicy => ({ ...OFF, ...overrides });

const session = (id: string, expiresAt: Date): LaunchSession =>
  storedLearnerSession(id, COURSE, { createdAt: new Date(expiresAt.getTime() - 8 * 60 * 60 * 1000), expiresAt });

function write(authorId: string, overrides: Partial<ReviewWrite> = {}, item: ItemKey = ITEM): ReviewWrite {
  return {
    item,
    author: { id: authorId, name: `Learner ${authorId}` },
    rating: 2,
    aspects: {},
    title: `Title by ${authorId}`,
    liked: 'What I liked',
    improve: 'What to improve',
    status: 'published',
    holdReasons: [],
    verified: true,
    ...overrides,
  };
}

async function allAudit(storage: Storage, course: ContextKey): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.audit.listAudit(course, { limit: 100, ...(cursor ? { cursor } : {}) });
    entries.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}

export function retentionContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: retention`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => storage.close());

    describe('sessions', () => {
      it('deletes sessions expired longer ago than the limit, keeps recently expired and live ones, and a preview counts the same without deleting', async () => {
        await storage.sessions.createSession(session('long-expired', day(0)));
        await storage.sessions.createSession(session('just-expired', day(9.5)));
        await storage.sessions.createSession(session('live', day(10.2)));
        const policy = only({ sessionsDays: 1 });

        expect(await storage.retention.preview(policy, day(10))).toEqual({ ...EMPTY_PURGE_REPORT, sessions: 1 });
        expect(await storage.retention.preview(policy, day(10))).toEqual({ ...EMPTY_PURGE_REPORT, sessions: 1 });
        expect(await storage.retention.purge(policy, day(10))).toEqual({ ...EMPTY_PURGE_REPORT, sessions: 1 });
        expect(await storage.retention.purge(policy, day(10))).toEqual(EMPTY_PURGE_REPORT);
        expect(await storage.sessions.findSession('live', day(10))).not.toBeNull();
        // The recently expired one is still stored (an expired session is never found anyway): the next day's purge takes it.
        expect(await storage.retention.purge(policy, day(11))).toEqual({ ...EMPTY_PURGE_REPORT, sessions: 1 });
      });
    });

    describe('launch records (course members)', () => {
      it('removes members idle past the limit who never launched as learners, and reduces learners to "took this course"', async () => {
        await storage.members.recordLaunch(COURSE, 'teacher-1', 'Terry Teacher', 'instructor', day(0));
        await storage.members.recordLaunch(COURSE, 'learner-old', 'Ada Lovelace', 'learner', day(0));
        await storage.members.recordLaunch(COURSE, 'learner-old', 'Ada Lovelace', 'learner', day(2));
        await storage.members.recordLaunch(COURSE, 'learner-new', 'Alan Turing', 'learner', day(0));
        await storage.members.recordLaunch(COURSE, 'learner-new', 'Alan Turing', 'learner', day(25));
        const policy = only({ launchRecordsDays: 30 });

        expect(await storage.retention.preview(policy, day(40))).toEqual({ ...EMPTY_PURGE_REPORT, launchRecordsRemoved: 1, launchRecordsReduced: 1 });
        expect(await storage.retention.purge(policy, day(40))).toEqual({ ...EMPTY_PURGE_REPORT, launchRecordsRemoved: 1, launchRecordsReduced: 1 });

        expect(await storage.members.findMember(COURSE, 'teacher-1')).toBeNull();
        const reduced = await storage.members.findMember(COURSE, 'learner-old');
        expect(reduced).toMatchObject({ userId: 'learner-old', name: '', role: 'learner', launchCount: 0, firstLaunchAt: day(0), firstLearnerLaunchAt: day(0) });
        expect(await storage.members.findMember(COURSE, 'learner-new')).toMatchObject({ name: 'Alan Turing', launchCount: 2, lastLaunchAt: day(25) });
        expect(await storage.members.countMembers(COURSE)).toBe(2);
        // Reduced records are out of the purge's range: nothing more to do, now or later.
        expect(await storage.retention.purge(policy, day(400))).toEqual({ ...EMPTY_PURGE_REPORT, launchRecordsReduced: 1 });
        expect(await storage.retention.purge(policy, day(401))).toEqual(EMPTY_PURGE_REPORT);
      });

      it('makes a reduced learner whole again at their next launch, with their first learner launch (the review window, "took this course") kept', async () => {
        await storage.members.recordLaunch(COURSE, 'learner-old', 'Ada Lovelace', 'learner', day(0));
        await storage.retention.purge(only({ launchRecordsDays: 30 }), day(40));
        const back = await storage.members.recordLaunch(COURSE, 'learner-old', 'Ada King', 'learner', day(50));
        expect(back).toMatchObject({ name: 'Ada King', launchCount: 1, firstLaunchAt: day(0), firstLearnerLaunchAt: day(0), lastLaunchAt: day(50) });
      });
    });

    describe('audit entries', () => {
      it('deletes entries older than the limit in every course, in as many batches as needed, and keeps the others', async () => {
        for (let i = 0; i < 1_030; i++) await storage.audit.appendAudit(buildAudit(i % 2 ? COURSE : OTHER, { at: new Date(day(0).getTime() + i * 1000) }));
        await storage.audit.appendAudit(buildAudit(COURSE, { at: day(20) }));
        const policy = only({ auditDays: 10 });
        expect(await storage.retention.preview(policy, day(15))).toEqual({ ...EMPTY_PURGE_REPORT, auditEntries: 1_030 });
        expect(await storage.retention.purge(policy, day(15))).toEqual({ ...EMPTY_PURGE_REPORT, auditEntries: 1_030 });
        expect((await allAudit(storage, COURSE)).map((e) => e.at)).toEqual([day(20)]);
        expect(await allAudit(storage, OTHER)).toEqual([]);
      });
    });

    describe('texts of held and hidden reviews', () => {
      const policy = only({ hiddenReviewTextDays: 90 });
      const hide = (id: string, at: Date, reason = 'Insult') =>
        storage.reviews.moderate(COURSE, id, { status: 'hidden', hiddenReason: reason }, buildAudit(COURSE, { at, actor: TEACHER, action: 'review.hide', subject: { type: 'review', id } }));

      async function seed(): Promise<Record<string, Review>> {
        const held = (await storage.reviews.saveReview(write('held-old', { status: 'held', holdReasons: ['moderation'], rating: 1 }), day(0))).review;
        const hidden = (await storage.reviews.saveReview(write('hidden-old', { rating: 5 }), day(0))).review;
        await hide(hidden.id, day(1));
        const recent = (await storage.reviews.saveReview(write('hidden-recent', { rating: 3 }), day(0))).review;
        await hide(recent.id, day(95));
        const published = (await storage.reviews.saveReview(write('published-old', { rating: 4 }), day(0))).review;
        const silent = (await storage.reviews.saveReview(write('held-no-text', { status: 'held', holdReasons: ['moderation'], title: '', liked: '', improve: '' }), day(0))).review;
        const elsewhere = (await storage.reviews.saveReview(write('held-other', { status: 'held', holdReasons: ['moderation'] }, { ...OTHER, itemId: 'course' }), day(0))).review;
        return { held, hidden, recent, published, silent, elsewhere };
      }

      it('blanks the texts (and hide reason) of held or hidden reviews unchanged past the limit, keeping rating, status and summaries', async () => {
        const reviews = await seed();
        const summaryBefore = await storage.reviews.summary(ITEM, day(100));
        expect(await storage.retention.preview(policy, day(100))).toEqual({ ...EMPTY_PURGE_REPORT, reviewTexts: 3 });
        expect(await storage.reviews.findReview(COURSE, reviews.held.id)).toMatchObject({ title: 'Title by held-old' });

        expect(await storage.retention.purge(policy, day(100))).toEqual({ ...EMPTY_PURGE_REPORT, reviewTexts: 3 });

        const held = await storage.reviews.findReview(COURSE, reviews.held.id);
        expect(held).toMatchObject({ title: '', liked: '', improve: '', status: 'held', rating: 1, holdReasons: ['moderation'], updatedAt: day(0) });
        const hidden = await storage.reviews.findReview(COURSE, reviews.hidden.id);
        expect(hidden).toMatchObject({ title: '', liked: '', improve: '', status: 'hidden', rating: 5 });
        expect(hidden).not.toHaveProperty('hiddenReason');
        expect(await storage.reviews.findReview(OTHER, reviews.elsewhere.id)).toMatchObject({ title: '', status: 'held' });
        // Changed recently, published, or with nothing to blank: untouched.
        expect(await storage.reviews.findReview(COURSE, reviews.recent.id)).toMatchObject({ title: 'Title by hidden-recent', hiddenReason: 'Insult' });
        expect(await storage.reviews.findReview(COURSE, reviews.published.id)).toMatchObject({ title: 'Title by published-old', liked: 'What I liked' });
        expect(await storage.reviews.findReview(COURSE, reviews.silent.id)).toMatchObject({ title: '', status: 'held' });
        expect(await storage.reviews.summary(ITEM, day(100))).toEqual(summaryBefore);

        expect(await storage.retention.purge(policy, day(101))).toEqual(EMPTY_PURGE_REPORT);
      });

      it('writes one audit entry per course with the count and the policy, never the texts', async () => {
        await seed();
        await storage.retention.purge(policy, day(100));
        const purges = (await allAudit(storage, COURSE)).filter((e) => e.action === 'review.texts-purged');
        expect(purges).toHaveLength(1);
        expect(purges[0]).toMatchObject({
          course: COURSE,
          at: day(100),
          actor: { name: 'Learner Voice' },
          subject: { type: 'course', id: COURSE.contextId },
          systemReason: { code: 'retention.reviewTexts', params: { count: '2', days: '90' } },
        });
        expect(JSON.stringify(purges[0])).not.toMatch(/Title by|liked|Insult/);
        expect((await allAudit(storage, OTHER)).filter((e) => e.action === 'review.texts-purged')).toMatchObject([{ systemReason: { params: { count: '1' } } }]);
        // A second run with nothing left writes nothing.
        await storage.retention.purge(policy, day(180));
        expect((await allAudit(storage, COURSE)).filter((e) => e.action === 'review.texts-purged')).toHaveLength(1);
      });

      it("moves the generation of each course whose texts it blanked, and of no other", async () => {
        await seed();
        const third: ContextKey = { ...COURSE, contextId: 'course-303' };
        await storage.reviews.saveReview(write('fresh', { status: 'held', holdReasons: ['moderation'] }, { ...third, itemId: 'course' }), day(99));
        const before = await Promise.all([COURSE, OTHER, third].map((c) => storage.generations.generationOf(c)));
        await storage.retention.purge(policy, day(100));
        const after = await Promise.all([COURSE, OTHER, third].map((c) => storage.generations.generationOf(c)));
        expect(after[0]).toBeGreaterThan(before[0]);
        expect(after[1]).toBeGreaterThan(before[1]);
        expect(after[2]).toBe(before[2]);
      });

      it('blanks a review again only when its new texts are left unchanged past the limit', async () => {
        const { held } = await seed();
        await storage.retention.purge(policy, day(100));
        await storage.reviews.saveReview(write('held-old', { status: 'held', holdReasons: ['moderation'], rating: 1, title: 'Rewritten' }), day(120));
        expect(await storage.retention.purge(policy, day(180))).toEqual(EMPTY_PURGE_REPORT);
        expect(await storage.reviews.findReview(COURSE, held.id)).toMatchObject({ title: 'Rewritten' });
        // 90 days after the rewrite (and after the recent one was hidden): both are blanked.
        expect(await storage.retention.purge(policy, day(211))).toEqual({ ...EMPTY_PURGE_REPORT, reviewTexts: 2 });
        expect(await storage.reviews.findReview(COURSE, held.id)).toMatchObject({ title: '' });
      });
    });

    describe('alerts', () => {
      it('removes alerts acknowledged past the limit with their pending deliveries and attempts, and attempts past it; never an open alert', async () => {
        const raise = async (key: string, raisedAt: Date, targets: { webhook: boolean; emails: string[] }) =>
          (await storage.alerts.raise({ kind: 'low-spike', course: COURSE, dedupeKey: key, reviewIds: [], facts: { count: 3 }, raisedAt }, targets))!;
        const settle = async (now: Date, outcome: 'delivered' | 'retry') => {
          const [delivery] = await storage.alerts.claimDueDeliveries('worker', now, 60_000, 1);
          const attempt = { deliveryId: delivery!.id, alertId: delivery!.alertId, channel: delivery!.channel, attempt: 1, at: now, outcome };
          expect(await storage.alerts.settleDelivery(delivery!.id, 'worker', attempt, outcome === 'retry' ? day(500) : null)).toBe(true);
        };
        // Acknowledged long ago: one delivery done, one still retrying; both attempts logged.
        const oldAcknowledged = await raise('old-ack', day(0), { webhook: true, emails: ['terry@example.edu'] });
        await settle(day(0), 'delivered');
        await settle(day(0), 'retry');
        await storage.alerts.acknowledge({ kind: 'course', course: COURSE }, oldAcknowledged.id, 'teacher-1', day(1));
        // Open however old, with an attempt past the limit.
        const oldOpen = await raise('old-open', day(2), { webhook: true, emails: [] });
        await settle(day(2), 'delivered');
        // Acknowledged within the limit, with a recent attempt.
        const recent = await raise('recent-ack', day(290), { webhook: true, emails: [] });
        await settle(day(290), 'delivered');
        await storage.alerts.acknowledge({ kind: 'course', course: COURSE }, recent.id, 'teacher-1', day(300));

        const policy = only({ alertsDays: 365 });
        const expected = { ...EMPTY_PURGE_REPORT, alerts: 1, alertDeliveries: 1, deliveryAttempts: 3 };
        expect(await storage.retention.preview(policy, day(400))).toEqual(expected);
        expect(await storage.retention.purge(policy, day(400))).toEqual(expected);
        expect(await storage.retention.purge(policy, day(400))).toEqual(EMPTY_PURGE_REPORT);

        const left = await storage.alerts.pageAlerts({ scope: { kind: 'course', course: COURSE }, limit: 10 });
        expect(left.items.map((a) => a.id)).toEqual([recent.id, oldOpen.id]);
        expect(await storage.alerts.countPendingDeliveries()).toBe(0);
        const log = await storage.alerts.deliveryLog({ issuer: COURSE.issuer, clientId: COURSE.clientId }, 10);
        expect(log.map((l) => l.alertId)).toEqual([recent.id]);
        // The open alert stays whatever the date; the recent one goes a year after its acknowledgement.
        expect(await storage.retention.purge(policy, day(666))).toEqual({ ...EMPTY_PURGE_REPORT, alerts: 1, deliveryAttempts: 1 });
        expect((await storage.alerts.pageAlerts({ scope: { kind: 'course', course: COURSE }, limit: 10 })).items.map((a) => a.id)).toEqual([oldOpen.id]);
      });
    });

    it('changes nothing when every kind is off', async () => {
      await storage.sessions.createSession(session('old', day(0)));
      await storage.members.recordLaunch(COURSE, 'teacher-1', 'Terry Teacher', 'instructor', day(0));
      await storage.audit.appendAudit(buildAudit(COURSE, { at: day(0) }));
      await storage.reviews.saveReview(write('held', { status: 'held', holdReasons: ['moderation'] }), day(0));
      expect(await storage.retention.preview(OFF, day(10_000))).toEqual(EMPTY_PURGE_REPORT);
      expect(await storage.retention.purge(OFF, day(10_000))).toEqual(EMPTY_PURGE_REPORT);
      expect(await storage.members.findMember(COURSE, 'teacher-1')).not.toBeNull();
      expect(await allAudit(storage, COURSE)).toHaveLength(1);
    });
  });
}
