/**
 * The contract of closing the loop: responses and the needs-attention list, per-version figures and
 * rating history, course versions and corrective actions (the grade outbox has its own contract,
 * grade-outbox-contract.ts). Run unchanged on every adapter (see memory/sqlite/mongo.test.ts).
 * Expected figures are worked out here by hand.
 */
import type { AuditAction } from '../../src/storage/ports/audit';
import type { ContextKey } from '../../src/context/tenant';
import type { Storage } from '../../src/storage/port';
import type { ItemKey, Rating, ReviewWrite } from '../../src/storage/ports/reviews';

const COURSE: ContextKey = { issuer: 'https://lms-a.example', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-101' };
const OTHER: ContextKey = { ...COURSE, clientId: 'client-2' };
const ITEM: ItemKey = { ...COURSE, itemId: 'course' };
const T0 = new Date('2030-03-01T10:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const TEACHER = { id: 'teacher-1', name: 'Grace Hopper', role: 'instructor' as const };

function write(authorId: string, rating: Rating, overrides: Partial<ReviewWrite> = {}): ReviewWrite {
  return { item: ITEM, author: { id: authorId, name: `Learner ${authorId}` }, rating, aspects: {}, title: '', liked: '', improve: '', status: 'published', holdReasons: [], verified: true, ...overrides };
}

export function reviewLoopContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: closing the loop`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => storage.close());

    describe('responses', () => {
      it('are one per review: a second response replaces the text, keeps the first date and marks the edit', async () => {
        const { review } = await storage.reviews.saveReview(write('a', 2), T0);
        const first = await storage.responses.respond(COURSE, review.id, { text: 'Thank you', by: TEACHER, at: later(1) });
        expect(first?.response).toEqual({ text: 'Thank you', by: TEACHER, at: later(1) });
        const second = await storage.responses.respond(COURSE, review.id, { text: 'We changed it', by: TEACHER, at: later(2) });
        expect(second?.response).toEqual({ text: 'We changed it', by: TEACHER, at: later(1), editedAt: later(2) });
        expect((await storage.reviews.findReview(COURSE, review.id))?.response?.text).toBe('We changed it');
        const removed = await storage.responses.respond(COURSE, review.id, null);
        expect(removed?.response).toBeUndefined();
      });

      it('never reach another course’s review', async () => {
        const { review } = await storage.reviews.saveReview(write('a', 2), T0);
        expect(await storage.responses.respond(OTHER, review.id, { text: 'x', by: TEACHER, at: T0 })).toBeNull();
        expect((await storage.reviews.findReview(COURSE, review.id))?.response).toBeUndefined();
      });

      it('come back with listed reviews', async () => {
        const { review } = await storage.reviews.saveReview(write('a', 5), T0);
        await storage.responses.respond(COURSE, review.id, { text: 'Thanks!', by: TEACHER, at: later(1) });
        const page = await storage.reviews.listReviews(ITEM, { sort: 'recent', statuses: ['published'], limit: 5 });
        expect(page.items[0].response?.text).toBe('Thanks!');
      });
    });

    describe('needs attention', () => {
      it('lists low ratings without a response, reported reviews and ratings moved down, oldest first', async () => {
        const low = (await storage.reviews.saveReview(write('low', 1), later(1))).review;
        const happy = (await storage.reviews.saveReview(write('happy', 5), later(2))).review;
        const reported = (await storage.reviews.saveReview(write('rep', 4), later(3))).review;
        const down = (await storage.reviews.saveReview(write('down', 5), later(4))).review;
        await storage.reviews.report(COURSE, reported.id, 'someone', 'spam', later(5));
        await storage.reviews.saveReview(write('down', 4), later(6));
        const held = (await storage.reviews.saveReview(write('held', 1, { status: 'held', holdReasons: ['link'] }), later(7))).review;

        const page = await storage.responses.needsAttention(COURSE, { limit: 10 });
        expect(page.items.map((r) => r.id)).toEqual([low.id, reported.id, down.id]);
        expect(await storage.responses.countNeedsAttention(COURSE)).toBe(3);
        expect((await storage.reviews.findReview(COURSE, down.id))?.previousRating).toBe(5);
        expect([happy.id, held.id].some((id) => page.items.some((r) => r.id === id))).toBe(false);
        expect(await storage.responses.countNeedsAttention(OTHER)).toBe(0);
      });

      it('drops a review once answered, and brings it back when its author rates lower after the response', async () => {
        const { review } = await storage.reviews.saveReview(write('a', 2), T0);
        await storage.responses.respond(COURSE, review.id, { text: 'Sorry, we will fix it', by: TEACHER, at: later(1) });
        expect(await storage.responses.countNeedsAttention(COURSE)).toBe(0);
        await storage.reviews.saveReview(write('a', 2, { liked: 'text only' }), later(2));
        expect(await storage.responses.countNeedsAttention(COURSE)).toBe(0);
        await storage.reviews.saveReview(write('a', 1), later(3));
        expect(await storage.responses.countNeedsAttention(COURSE)).toBe(1);
      });

      it('drops a reported review once moderation publishes it again, and pages with a cursor', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) ids.push((await storage.reviews.saveReview(write(`l${i}`, 1), later(i))).review.id);
        const first = await storage.responses.needsAttention(COURSE, { limit: 2 });
        expect(first.items.map((r) => r.id)).toEqual(ids.slice(0, 2));
        const second = await storage.responses.needsAttention(COURSE, { limit: 2, cursor: first.nextCursor! });
        expect(second.items.map((r) => r.id)).toEqual([ids[2]]);
        expect(second.nextCursor).toBeNull();
        const audit = { course: COURSE, at: later(9), actor: TEACHER, action: 'review.hide' as const, subject: { type: 'review', id: ids[0] }, reason: 'abusive' };
        await storage.reviews.moderate(COURSE, ids[0], { status: 'hidden', hiddenReason: 'abusive' }, audit);
        expect(await storage.responses.countNeedsAttention(COURSE)).toBe(2);
      });
    });

    describe('per-version figures and rating history', () => {
      it('keep the earlier version’s rating when the author rates again in a new version', async () => {
        const { review } = await storage.reviews.saveReview(write('a', 2), T0);
        await storage.reviews.saveReview(write('b', 3), T0);
        await storage.reviews.saveReview(write('a', 4, { versionId: 'v2' }), later(10));
        const figures = await storage.reviews.versionSummaries(ITEM);
        expect(figures.get('initial')).toEqual({ count: 2, sum: 5, histogram: [0, 1, 1, 0, 0] });
        expect(figures.get('v2')).toEqual({ count: 1, sum: 4, histogram: [0, 0, 0, 1, 0] });
        expect(await storage.reviews.ratingHistory(COURSE, review.id)).toEqual([
          { versionId: 'initial', rating: 2, at: T0 },
          { versionId: 'v2', rating: 4, at: later(10) },
        ]);
        expect(await storage.reviews.ratingHistory(OTHER, review.id)).toEqual([]);
      });

      it('count the last rating within one version, ignore text-only edits, and follow hide, restore and delete', async () => {
        await storage.reviews.saveReview(write('a', 2), T0);
        await storage.reviews.saveReview(write('a', 3), later(1));
        await storage.reviews.saveReview(write('a', 3, { versionId: 'v2', liked: 'edited' }), later(2));
        expect(await storage.reviews.versionSummaries(ITEM)).toEqual(new Map([['initial', { count: 1, sum: 3, histogram: [0, 0, 1, 0, 0] }]]));
        const { review } = await storage.reviews.saveReview(write('a', 5, { versionId: 'v2' }), later(3));
        const audit = (action: AuditAction) => ({ course: COURSE, at: later(4), actor: TEACHER, action, subject: { type: 'review', id: review.id }, reason: 'r' });
        await storage.reviews.moderate(COURSE, review.id, { status: 'hidden', hiddenReason: 'r' }, audit('review.hide'));
        expect((await storage.reviews.versionSummaries(ITEM)).size).toBe(0);
        await storage.reviews.moderate(COURSE, review.id, { status: 'published' }, audit('review.restore'));
        expect((await storage.reviews.versionSummaries(ITEM)).get('v2')).toEqual({ count: 1, sum: 5, histogram: [0, 0, 0, 0, 1] });
        await storage.reviews.deleteReview(ITEM, 'a');
        expect((await storage.reviews.versionSummaries(ITEM)).size).toBe(0);
      });

      it('leave held reviews out until they are published', async () => {
        await storage.reviews.saveReview(write('a', 1, { status: 'held', holdReasons: ['moderation'] }), T0);
        expect((await storage.reviews.versionSummaries(ITEM)).size).toBe(0);
      });
    });

    describe('course versions', () => {
      it('are listed in start order within their course only', async () => {
        const by = { id: TEACHER.id, name: TEACHER.name };
        const spring = await storage.courseVersions.createVersion({ course: COURSE, label: 'Spring 2031', startsOn: '2031-03-01', createdAt: later(1), createdBy: by });
        const revised = await storage.courseVersions.createVersion({ course: COURSE, label: 'Revised after feedback', startsOn: '2030-06-01', createdAt: later(2), createdBy: by });
        await storage.courseVersions.createVersion({ course: OTHER, label: 'Elsewhere', startsOn: '2030-01-01', createdAt: later(3), createdBy: by });
        const listed = await storage.courseVersions.listVersions(COURSE);
        expect(listed.map((v) => v.id)).toEqual([revised.id, spring.id]);
        expect(listed[0]).toEqual({ id: revised.id, course: COURSE, label: 'Revised after feedback', startsOn: '2030-06-01', createdAt: later(2), createdBy: by });
      });

      it('refuse a bad date', async () => {
        await expect(storage.courseVersions.createVersion({ course: COURSE, label: 'x', startsOn: 'soon', createdAt: T0, createdBy: { id: 'a', name: 'b' } })).rejects.toThrow(RangeError);
      });
    });

    describe('corrective actions', () => {
      it('link reviews, update their status and version, and stay in their course', async () => {
        const by = { id: TEACHER.id, name: TEACHER.name };
        const r1 = (await storage.reviews.saveReview(write('a', 2), T0)).review;
        const r2 = (await storage.reviews.saveReview(write('b', 1), T0)).review;
        const action = await storage.actions.createAction({ course: COURSE, description: 'Shorter videos', dueOn: '2030-05-01', status: 'planned', reviewIds: [r1.id, r2.id, r1.id], createdBy: by, createdAt: later(1) });
        expect(action).toEqual({ id: action.id, course: COURSE, description: 'Shorter videos', dueOn: '2030-05-01', status: 'planned', reviewIds: [r1.id, r2.id].sort(), createdBy: by, createdAt: later(1), updatedAt: later(1) });
        const done = await storage.actions.updateAction(COURSE, action.id, { description: 'Shorter videos, with captions', status: 'done', doneInVersion: 'v2' }, later(2));
        expect(done).toMatchObject({ status: 'done', doneInVersion: 'v2', description: 'Shorter videos, with captions', updatedAt: later(2) });
        expect(done?.dueOn).toBeUndefined();
        expect(await storage.actions.updateAction(OTHER, action.id, { description: 'x', status: 'planned' }, later(3))).toBeNull();
        expect(await storage.actions.findAction(OTHER, action.id)).toBeNull();
        expect((await storage.actions.findAction(COURSE, action.id))?.status).toBe('done');

        const second = await storage.actions.createAction({ course: COURSE, description: 'Quiz answers', status: 'in-progress', reviewIds: [r2.id], createdBy: by, createdAt: later(4) });
        expect((await storage.actions.listActions(COURSE, 10)).map((a) => a.id)).toEqual([second.id, action.id]);
        const linked = await storage.actions.actionsForReviews(COURSE, [r1.id, r2.id, 'unknown']);
        expect(linked.get(r1.id)?.map((a) => a.id)).toEqual([action.id]);
        expect(linked.get(r2.id)?.map((a) => a.id)).toEqual([action.id, second.id]);
        expect(linked.has('unknown')).toBe(false);
        expect((await storage.actions.actionsForReviews(OTHER, [r1.id])).size).toBe(0);
      });

      it('need a description and at least one review', async () => {
        const by = { id: 't', name: 'T' };
        await expect(storage.actions.createAction({ course: COURSE, description: ' ', status: 'planned', reviewIds: ['x'], createdBy: by, createdAt: T0 })).rejects.toThrow(RangeError);
        await expect(storage.actions.createAction({ course: COURSE, description: 'x', status: 'planned', reviewIds: [], createdBy: by, createdAt: T0 })).rejects.toThrow(RangeError);
      });
    });

    describe('review invitations', () => {
      it('remember a postponement or a dismissal per course and learner', async () => {
        expect(await storage.reviewInvites.inviteState(COURSE, 'u1')).toBeNull();
        await storage.reviewInvites.setInviteState(COURSE, 'u1', { dismissed: false, postponedUntil: later(60) });
        expect(await storage.reviewInvites.inviteState(COURSE, 'u1')).toEqual({ dismissed: false, postponedUntil: later(60) });
        await storage.reviewInvites.setInviteState(COURSE, 'u1', { dismissed: true });
        expect(await storage.reviewInvites.inviteState(COURSE, 'u1')).toEqual({ dismissed: true });
        expect(await storage.reviewInvites.inviteState(OTHER, 'u1')).toBeNull();
        expect(await storage.reviewInvites.inviteState(COURSE, 'u2')).toBeNull();
      });
    });
  });
}
