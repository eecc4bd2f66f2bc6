/**
 * The contract of course generations (ports/course-generations.ts): every write that changes what
 * learners of a course see in the reviews panel moves that course's generation up, in the same atomic
 * unit as the write; reads, refused writes, writes that find nothing to change, writes of other stores
 * and writes of any other course (even one sharing the context id) leave it where it was. Run
 * unchanged on every adapter (see memory/sqlite/mongo.test.ts).
 */
import { storedLearnerSession } from '../support/stored-session';
import type { ContextKey } from '../../src/context/tenant';
import type { LaunchSession, Storage } from '../../src/storage/port';
import type { AuditInput, AuditAction } from '../../src/storage/ports/audit';
import { DEFAULT_SETTINGS } from '../../src/panels/settings/settings-defaults';
import type { CourseSettings } from '../../src/storage/ports/course-settings';
import type { ItemKey, Rating, Review, ReviewStatus, ReviewWrite } from '../../src/storage/ports/reviews';
import { buildAudit } from '../support/audit';

const COURSE: ContextKey = { issuer: 'https://lms-a.example', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-101' };
const ITEM: ItemKey = { ...COURSE, itemId: 'course' };
/** Courses that share all but one field of COURSE's key: none of their writes may reach COURSE. */
const NEIGHBOURS: ReadonlyArray<[string, ContextKey]> = [
  ['another course of the same deployment', { ...COURSE, contextId: 'course-202' }],
  ['the same context id under another client id', { ...COURSE, clientId: 'client-2' }],
  ['the same context id on another platform (issuer)', { ...COURSE, issuer: 'https://lms-b.example' }],
  ['the same context id in another deployment', { ...COURSE, deploymentId: 'dep-2' }],
];

const T0 = new Date('2030-03-01T10:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const TEACHER = { id: 'teacher-1', name: 'Grace Hopper', role: 'instructor' as const };

function write(item: ItemKey, authorId: string, rating: Rating, overrides: Partial<ReviewWrite> = {}): ReviewWrite {
  return { item, author: { id: authorId, name: `Learner ${authorId}` }, rating, aspects: {}, title: 'Title', liked: 'Liked', improve: 'Improve', status: 'published', holdReasons: [], verified: true, ...overrides };
}

function settings(overrides: Partial<CourseSettings> = {}): CourseSettings {
  return { ...DEFAULT_SETTINGS, aspects: ['content'], ...overrides };
}

function moderation(course: ContextKey, reviewId: string, action: AuditAction, minutes = 30): AuditInput {
  return { course, at: later(minutes), actor: TEACHER, action, subject: { type: 'review', id: reviewId }, reason: 'why' };
}

const launchSession = (id: string, course: ContextKey): LaunchSession => storedLearnerSession(id, course, { createdAt: T0, expiresAt: later(60) });

export function generationsContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: course generations`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => storage.close());

    const generation = (course: ContextKey = COURSE) => storage.generations.generationOf(course);

    /** Runs `work` and checks that it moved the course's generation up; returns what `work` returned. */
    async function expectBump<T>(work: () => Promise<T>, course: ContextKey = COURSE): Promise<T> {
      const before = await generation(course);
      const result = await work();
      expect(await generation(course)).toBeGreaterThan(before);
      return result;
    }

    /** Runs `work` (which may throw) and checks that it left the course's generation exactly where it was. */
    async function expectNoBump(work: () => Promise<unknown>, course: ContextKey = COURSE): Promise<void> {
      const before = await generation(course);
      await work();
      expect(await generation(course)).toBe(before);
    }

    /** A review of COURSE's ITEM by `authorId`, as set up before the write under test. */
    const review = async (authorId = 'a', rating: Rating = 4, overrides: Partial<ReviewWrite> = {}): Promise<Review> =>
      (await storage.reviews.saveReview(write(ITEM, authorId, rating, overrides), T0)).review;

    it('is 0 for a course before any counted write, and for every course nobody wrote to', async () => {
      expect(await generation()).toBe(0);
      for (const [, course] of NEIGHBOURS) expect(await generation(course)).toBe(0);
    });

    describe('moves up with every write the reviews panel shows', () => {
      const moderate = (id: string, status: ReviewStatus, action: AuditAction) =>
        storage.reviews.moderate(COURSE, id, { status, ...(status === 'hidden' ? { hiddenReason: 'why' } : {}) }, moderation(COURSE, id, action));

      const cases: ReadonlyArray<[string, () => Promise<void>]> = [
        ['saveReview: a first review of the course', async () => {
          const saved = await expectBump(() => storage.reviews.saveReview(write(ITEM, 'a', 4), T0));
          expect(saved.previous).toBeNull();
        }],
        ['saveReview: a first review of another item of the course', async () => {
          await expectBump(() => storage.reviews.saveReview(write({ ...COURSE, itemId: 'activity-7' }, 'a', 4), T0));
        }],
        ['saveReview: a held review (learners do not see it, the course counts it anyway)', async () => {
          await expectBump(() => storage.reviews.saveReview(write(ITEM, 'a', 4, { status: 'held', holdReasons: ['link'] }), T0));
        }],
        ['saveReview: the author edits the text only', async () => {
          await review('a', 4);
          const saved = await expectBump(() => storage.reviews.saveReview(write(ITEM, 'a', 4, { liked: 'Edited' }), later(1)));
          expect(saved.previous?.liked).toBe('Liked');
        }],
        ['saveReview: the author changes the rating', async () => {
          await review('a', 4);
          await expectBump(() => storage.reviews.saveReview(write(ITEM, 'a', 2), later(1)));
        }],
        ['renameAuthor: a nameless author launches with a name', async () => {
          await review('a', 4, { author: { id: 'a', name: '' } });
          expect(await expectBump(() => storage.reviews.renameAuthor(COURSE, { id: 'a', name: 'Ada Lovelace' }))).toBe(1);
        }],
        ['deleteReview: the author deletes the review', async () => {
          await review('a', 4);
          expect(await expectBump(() => storage.reviews.deleteReview(ITEM, 'a'))).not.toBeNull();
        }],
        ['setHelpful: a vote', async () => {
          const r = await review();
          expect(await expectBump(() => storage.reviews.setHelpful(COURSE, r.id, 'voter-1', true))).toBe(1);
        }],
        ['setHelpful: a vote withdrawn', async () => {
          const r = await review();
          await storage.reviews.setHelpful(COURSE, r.id, 'voter-1', true);
          expect(await expectBump(() => storage.reviews.setHelpful(COURSE, r.id, 'voter-1', false))).toBe(0);
        }],
        ['report: a first report by this reporter', async () => {
          const r = await review();
          expect(await expectBump(() => storage.reviews.report(COURSE, r.id, 'reporter-1', 'spam', later(1)))).toBe(true);
        }],
        ['moderate: hide', async () => {
          const r = await review();
          expect((await expectBump(() => moderate(r.id, 'hidden', 'review.hide')))?.status).toBe('hidden');
        }],
        ['moderate: restore a hidden review', async () => {
          const r = await review();
          await moderate(r.id, 'hidden', 'review.hide');
          expect((await expectBump(() => moderate(r.id, 'published', 'review.restore')))?.status).toBe('published');
        }],
        ['moderate: approve a held review', async () => {
          const r = await review('a', 4, { status: 'held', holdReasons: ['moderation'] });
          expect((await expectBump(() => moderate(r.id, 'published', 'review.approve')))?.status).toBe('published');
        }],
        ['moderate: publish a reported review again, clearing its reports', async () => {
          const r = await review();
          await storage.reviews.report(COURSE, r.id, 'reporter-1', 'spam', later(1));
          expect((await expectBump(() => moderate(r.id, 'published', 'review.restore')))?.reportCount).toBe(0);
        }],
        ['respond: a first response', async () => {
          const r = await review('a', 2);
          const answered = await expectBump(() => storage.responses.respond(COURSE, r.id, { text: 'Thank you', by: TEACHER, at: later(1) }));
          expect(answered?.response?.text).toBe('Thank you');
        }],
        ['respond: the response edited', async () => {
          const r = await review('a', 2);
          await storage.responses.respond(COURSE, r.id, { text: 'Thank you', by: TEACHER, at: later(1) });
          await expectBump(() => storage.responses.respond(COURSE, r.id, { text: 'We fixed it', by: TEACHER, at: later(2) }));
        }],
        ['respond: the response removed', async () => {
          const r = await review('a', 2);
          await storage.responses.respond(COURSE, r.id, { text: 'Thank you', by: TEACHER, at: later(1) });
          expect((await expectBump(() => storage.responses.respond(COURSE, r.id, null)))?.response).toBeUndefined();
        }],
        ['createAction: an action linked to reviews', async () => {
          const r1 = await review('a', 2);
          const r2 = await review('b', 1);
          const action = await expectBump(() =>
            storage.actions.createAction({ course: COURSE, description: 'Shorter videos', status: 'planned', reviewIds: [r1.id, r2.id], createdBy: TEACHER, createdAt: later(1) }),
          );
          expect(action.reviewIds).toHaveLength(2);
        }],
        ['updateAction: an action marked done', async () => {
          const r = await review('a', 2);
          const action = await storage.actions.createAction({ course: COURSE, description: 'Shorter videos', status: 'planned', reviewIds: [r.id], createdBy: TEACHER, createdAt: later(1) });
          const done = await expectBump(() => storage.actions.updateAction(COURSE, action.id, { description: 'Shorter videos', status: 'done', doneInVersion: 'v2' }, later(2)));
          expect(done?.status).toBe('done');
        }],
        ['createVersion: a new course version', async () => {
          await expectBump(() => storage.courseVersions.createVersion({ course: COURSE, label: 'Spring 2031', startsOn: '2031-03-01', createdAt: later(1), createdBy: TEACHER }));
        }],
        ['saveSettings: the first settings of the course', async () => {
          await expectBump(() => storage.settings.saveSettings(COURSE, settings(), buildAudit(COURSE)));
        }],
        ['saveSettings: settings changed again', async () => {
          await storage.settings.saveSettings(COURSE, settings(), buildAudit(COURSE));
          await expectBump(() => storage.settings.saveSettings(COURSE, settings({ textVisibility: 'staff', minRatings: 5 }), buildAudit(COURSE)));
        }],
      ];
      for (const [title, run] of cases) it(title, run);

      it('grows strictly across a sequence of different writes', async () => {
        const seen = [await generation()];
        const note = async () => seen.push(await generation());
        const r = await review('a', 2);
        await note();
        await storage.reviews.setHelpful(COURSE, r.id, 'v', true);
        await note();
        await storage.responses.respond(COURSE, r.id, { text: 'Thanks', by: TEACHER, at: later(1) });
        await note();
        await storage.settings.saveSettings(COURSE, settings(), buildAudit(COURSE));
        await note();
        await storage.courseVersions.createVersion({ course: COURSE, label: 'v2', startsOn: '2031-01-01', createdAt: later(2), createdBy: TEACHER });
        await note();
        await storage.reviews.deleteReview(ITEM, 'a');
        await note();
        for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
        expect(seen[0]).toBe(0);
      });
    });

    it('stays put on every read', async () => {
      const r1 = await review('a', 2);
      const r2 = await review('b', 5, { status: 'held', holdReasons: ['link'] });
      await storage.reviews.setHelpful(COURSE, r1.id, 'voter-1', true);
      await storage.reviews.report(COURSE, r1.id, 'reporter-1', 'spam', later(1));
      await storage.responses.respond(COURSE, r1.id, { text: 'Thanks', by: TEACHER, at: later(2) });
      const action = await storage.actions.createAction({ course: COURSE, description: 'Fix it', status: 'planned', reviewIds: [r1.id], createdBy: TEACHER, createdAt: later(3) });
      await storage.courseVersions.createVersion({ course: COURSE, label: 'v2', startsOn: '2031-01-01', createdAt: later(4), createdBy: TEACHER });
      await storage.settings.saveSettings(COURSE, settings(), buildAudit(COURSE));
      const before = await generation();
      expect(before).toBeGreaterThan(0);

      const ids = [r1.id, r2.id];
      expect(await storage.reviews.summary(ITEM, later(5))).toBeDefined();
      expect(await storage.reviews.countReviewers(ITEM)).toBe(2);
      for (const sort of ['recent', 'helpful', 'highest', 'lowest'] as const) {
        expect((await storage.reviews.listReviews(ITEM, { sort, statuses: ['published', 'held'], limit: 10 })).items).toHaveLength(2);
      }
      expect(await storage.reviews.findReviewByAuthor(ITEM, 'a')).not.toBeNull();
      expect(await storage.reviews.findReview(COURSE, r2.id)).not.toBeNull();
      expect(await storage.reviews.helpfulVotesBy(COURSE, 'voter-1', ids)).toEqual(new Set([r1.id]));
      expect(await storage.reviews.reportsBy(COURSE, 'reporter-1', ids)).toEqual(new Set([r1.id]));
      expect(await storage.reviews.reportsOf(COURSE, r1.id)).toHaveLength(1);
      expect((await storage.reviews.moderationQueue(COURSE, { limit: 10 })).items).toHaveLength(2);
      expect(await storage.reviews.countModerationQueue(COURSE)).toBe(2);
      const all: Review[] = [];
      for await (const r of storage.reviews.allReviews(COURSE)) all.push(r);
      expect(all).toHaveLength(2);
      expect((await storage.reviews.versionSummaries(ITEM)).size).toBe(1);
      expect(await storage.reviews.ratingHistory(COURSE, r1.id)).toHaveLength(1);
      expect((await storage.responses.needsAttention(COURSE, { limit: 10 })).items).toHaveLength(1);
      expect(await storage.responses.countNeedsAttention(COURSE)).toBe(1);
      expect(await storage.actions.listActions(COURSE, 10)).toHaveLength(1);
      expect(await storage.actions.findAction(COURSE, action.id)).not.toBeNull();
      expect((await storage.actions.actionsForReviews(COURSE, ids)).get(r1.id)).toHaveLength(1);
      expect(await storage.courseVersions.listVersions(COURSE)).toHaveLength(1);
      expect(await storage.settings.getSettings(COURSE)).not.toBeNull();
      expect(await generation()).toBe(before);
      expect(await generation()).toBe(before);
    });

    describe('never moves for another course', () => {
      for (const [label, other] of NEIGHBOURS) {
        it(`not for writes in ${label}, which move that course's own generation`, async () => {
          const mine = await review('a', 2);
          const before = await generation();
          const otherItem: ItemKey = { ...other, itemId: 'course' };
          const theirs = (await storage.reviews.saveReview(write(otherItem, 'a', 2), T0)).review;
          await storage.reviews.saveReview(write(otherItem, 'a', 3), later(1));
          await storage.reviews.setHelpful(other, theirs.id, 'voter-1', true);
          await storage.reviews.report(other, theirs.id, 'reporter-1', 'spam', later(2));
          await storage.responses.respond(other, theirs.id, { text: 'Thanks', by: TEACHER, at: later(3) });
          await storage.reviews.moderate(other, theirs.id, { status: 'hidden', hiddenReason: 'why' }, moderation(other, theirs.id, 'review.hide'));
          const action = await storage.actions.createAction({ course: other, description: 'Fix', status: 'planned', reviewIds: [theirs.id], createdBy: TEACHER, createdAt: later(4) });
          await storage.actions.updateAction(other, action.id, { description: 'Fix', status: 'done' }, later(5));
          await storage.courseVersions.createVersion({ course: other, label: 'v2', startsOn: '2031-01-01', createdAt: later(6), createdBy: TEACHER });
          await storage.settings.saveSettings(other, settings(), buildAudit(other));
          await storage.reviews.deleteReview(otherItem, 'a');
          expect(await generation()).toBe(before);
          expect(await generation(other)).toBeGreaterThan(0);
          expect(await storage.reviews.findReview(COURSE, mine.id)).not.toBeNull();
        });
      }

      it("not for writes naming this course's review or action from another course (they find nothing)", async () => {
        const r = await review('a', 2);
        const action = await storage.actions.createAction({ course: COURSE, description: 'Fix', status: 'planned', reviewIds: [r.id], createdBy: TEACHER, createdAt: later(1) });
        for (const [, other] of NEIGHBOURS) {
          const before = { mine: await generation(), theirs: await generation(other) };
          expect(await storage.reviews.setHelpful(other, r.id, 'voter-1', true)).toBe(0);
          expect(await storage.reviews.report(other, r.id, 'reporter-1', 'spam', later(2))).toBe(false);
          expect(await storage.responses.respond(other, r.id, { text: 'x', by: TEACHER, at: later(3) })).toBeNull();
          expect(await storage.reviews.moderate(other, r.id, { status: 'hidden', hiddenReason: 'x' }, moderation(other, r.id, 'review.hide'))).toBeNull();
          expect(await storage.actions.updateAction(other, action.id, { description: 'x', status: 'done' }, later(4))).toBeNull();
          expect(await storage.reviews.deleteReview({ ...other, itemId: 'course' }, 'a')).toBeNull();
          expect({ mine: await generation(), theirs: await generation(other) }).toEqual(before);
        }
      });
    });

    describe('stays put when a write is refused or finds nothing to change', () => {
      /** [title, the write, what to do before it (after a review by 'a' was saved)] */
      const cases: ReadonlyArray<[string, () => Promise<void>, (() => Promise<unknown>)?]> = [
        ['saveReview with a rating out of range', async () => {
          await expect(storage.reviews.saveReview(write(ITEM, 'a', 6 as Rating), later(1))).rejects.toThrow(RangeError);
        }],
        ['saveReview of an existing review with an unknown aspect', async () => {
          await expect(storage.reviews.saveReview(write(ITEM, 'a', 3, { aspects: { nonsense: 3 } as never }), later(1))).rejects.toThrow(RangeError);
          expect((await storage.reviews.findReviewByAuthor(ITEM, 'a'))?.rating).toBe(4);
        }],
        ['saveReview with a status a saved review cannot have', async () => {
          await expect(storage.reviews.saveReview(write(ITEM, 'a', 3, { status: 'hidden' as never }), later(1))).rejects.toThrow(RangeError);
        }],
        ['renameAuthor to the name the reviews already show', async () => {
          expect(await storage.reviews.renameAuthor(COURSE, { id: 'a', name: 'Learner a' })).toBe(0);
        }],
        ['renameAuthor of an author without a review', async () => {
          expect(await storage.reviews.renameAuthor(COURSE, { id: 'nobody', name: 'Someone' })).toBe(0);
        }],
        ['deleteReview of an author without a review', async () => {
          expect(await storage.reviews.deleteReview(ITEM, 'nobody')).toBeNull();
        }],
        ['setHelpful on an unknown review', async () => {
          expect(await storage.reviews.setHelpful(COURSE, 'no-such-review', 'voter-1', true)).toBe(0);
        }],
        ['report of an unknown review', async () => {
          expect(await storage.reviews.report(COURSE, 'no-such-review', 'reporter-1', 'spam', later(1))).toBe(false);
        }],
        ['a second report by the same reporter', async () => {
          const r = (await storage.reviews.findReviewByAuthor(ITEM, 'a'))!;
          expect(await storage.reviews.report(COURSE, r.id, 'reporter-1', 'off-topic', later(2))).toBe(false);
        }, async () => {
          const r = (await storage.reviews.findReviewByAuthor(ITEM, 'a'))!;
          expect(await storage.reviews.report(COURSE, r.id, 'reporter-1', 'spam', later(1))).toBe(true);
        }],
        ['report with an unknown reason', async () => {
          const r = (await storage.reviews.findReviewByAuthor(ITEM, 'a'))!;
          await expect(storage.reviews.report(COURSE, r.id, 'reporter-1', 'boring' as never, later(1))).rejects.toThrow(RangeError);
        }],
        ['moderate of an unknown review', async () => {
          expect(await storage.reviews.moderate(COURSE, 'no-such-review', { status: 'hidden', hiddenReason: 'x' }, moderation(COURSE, 'no-such-review', 'review.hide'))).toBeNull();
        }],
        ['moderate with an audit entry of another course', async () => {
          const r = (await storage.reviews.findReviewByAuthor(ITEM, 'a'))!;
          const [, other] = NEIGHBOURS[1];
          await expect(storage.reviews.moderate(COURSE, r.id, { status: 'hidden', hiddenReason: 'x' }, moderation(other, r.id, 'review.hide'))).rejects.toThrow(RangeError);
          expect((await storage.reviews.findReview(COURSE, r.id))?.status).toBe('published');
        }],
        ['moderate to an unknown status', async () => {
          const r = (await storage.reviews.findReviewByAuthor(ITEM, 'a'))!;
          await expect(storage.reviews.moderate(COURSE, r.id, { status: 'gone' as never }, moderation(COURSE, r.id, 'review.hide'))).rejects.toThrow(RangeError);
        }],
        ['respond to an unknown review', async () => {
          expect(await storage.responses.respond(COURSE, 'no-such-review', { text: 'x', by: TEACHER, at: later(1) })).toBeNull();
        }],
        ['respond with an empty text', async () => {
          const r = (await storage.reviews.findReviewByAuthor(ITEM, 'a'))!;
          await expect(storage.responses.respond(COURSE, r.id, { text: '', by: TEACHER, at: later(1) })).rejects.toThrow(RangeError);
        }],
        ['createAction without a description or without reviews', async () => {
          const r = (await storage.reviews.findReviewByAuthor(ITEM, 'a'))!;
          await expect(storage.actions.createAction({ course: COURSE, description: ' ', status: 'planned', reviewIds: [r.id], createdBy: TEACHER, createdAt: T0 })).rejects.toThrow(RangeError);
          await expect(storage.actions.createAction({ course: COURSE, description: 'x', status: 'planned', reviewIds: [], createdBy: TEACHER, createdAt: T0 })).rejects.toThrow(RangeError);
        }],
        ['updateAction of an unknown action', async () => {
          expect(await storage.actions.updateAction(COURSE, 'no-such-action', { description: 'x', status: 'done' }, later(1))).toBeNull();
        }],
        ['createVersion with a date that is not YYYY-MM-DD', async () => {
          await expect(storage.courseVersions.createVersion({ course: COURSE, label: 'x', startsOn: 'soon', createdAt: T0, createdBy: TEACHER })).rejects.toThrow(RangeError);
        }],
      ];
      for (const [title, run, setup] of cases) {
        it(title, async () => {
          await review('a', 4);
          await setup?.();
          await expectNoBump(run);
        });
      }
    });

    describe('stays put for the writes of other stores', () => {
      const cases: ReadonlyArray<[string, () => Promise<unknown>]> = [
        ['members: a launch recorded (new member, then the same member again)', async () => {
          await storage.members.recordLaunch(COURSE, 'learner-1', 'Ada', 'learner', later(1));
          await storage.members.recordLaunch(COURSE, 'learner-1', 'Ada L.', 'learner', later(2));
          expect(await storage.members.countMembers(COURSE)).toBe(1);
        }],
        ['sessions: created and deleted', async () => {
          await storage.sessions.createSession(launchSession('s-1', COURSE));
          expect(await storage.sessions.findSession('s-1', later(1))).not.toBeNull();
          await storage.sessions.deleteSession('s-1');
        }],
        ['nonces: remembered', async () => {
          expect(await storage.nonces.rememberNonce(COURSE, 'nonce-1', later(10))).toBe(true);
        }],
        ['platforms: saved and extended', async () => {
          await storage.platforms.savePlatform({ issuer: COURSE.issuer, clientId: COURSE.clientId, name: 'LMS', deploymentIds: [COURSE.deploymentId], frameOrigins: [], source: 'manual', registeredAt: T0 });
          expect(await storage.platforms.addDeployment(COURSE, 'dep-9')).toBe(true);
        }],
        ['review invites: postponed, then dismissed', async () => {
          await storage.reviewInvites.setInviteState(COURSE, 'learner-1', { dismissed: false, postponedUntil: later(60) });
          await storage.reviewInvites.setInviteState(COURSE, 'learner-1', { dismissed: true });
        }],
        ['grade outbox: enqueued, claimed, failed, claimed again, removed', async () => {
          const score = await storage.gradeOutbox.enqueueScore({
            course: COURSE,
            userId: 'learner-1',
            reason: 'review',
            target: { lineItemsUrl: 'https://lms-a.example/lineitems', scopes: ['score'], resourceLinkId: 'link-1' },
            locale: 'en',
            createdAt: T0,
            nextAttemptAt: T0,
          });
          expect(await storage.gradeOutbox.claimDueScores('worker-1', later(1), 60_000, 10)).toHaveLength(1);
          expect(await storage.gradeOutbox.recordFailure(score.id, 'worker-1', 'HTTP 503', later(5))).toBe(true);
          expect(await storage.gradeOutbox.claimDueScores('worker-1', later(5), 60_000, 10)).toHaveLength(1);
          expect(await storage.gradeOutbox.removeScore(score.id, 'worker-1')).toBe(true);
        }],
        ['audit: an entry appended', async () => {
          await storage.audit.appendAudit({ course: COURSE, at: later(1), actor: TEACHER, action: 'settings.update', subject: { type: 'course', id: COURSE.contextId } });
        }],
        // A consultation created or changed moves it (the catalogue shows "help design it": catalogue-contract.ts).
        ['consultations: a visit recorded', async () => {
          await storage.consultations.recordVisit(COURSE, 'learner-1', later(2));
        }],
        ['purgeExpired', async () => {
          await storage.purgeExpired(later(24 * 60));
        }],
      ];
      for (const [title, run] of cases) {
        it(title, async () => {
          await storage.settings.saveSettings(COURSE, settings(), buildAudit(COURSE));
          const before = await generation();
          expect(before).toBeGreaterThan(0);
          await run();
          expect(await generation()).toBe(before);
        });
      }

      it('nor do they start a generation for a course nobody reviewed', async () => {
        await storage.members.recordLaunch(COURSE, 'learner-1', 'Ada', 'learner', T0);
        await storage.sessions.createSession(launchSession('s-1', COURSE));
        await storage.reviewInvites.setInviteState(COURSE, 'learner-1', { dismissed: true });
        expect(await generation()).toBe(0);
      });
    });
  });
}
