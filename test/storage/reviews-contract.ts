/**
 * The contract of the course-settings, audit and review stores: every adapter of src/storage/port.ts
 * must pass it unchanged. Usage, in an adapter's test file:
 *   reviewsContract('sqlite', async () => openSqliteStorage(...)).
 *
 * Expected orders and summaries are computed here from the reviews themselves (never with the
 * adapters' shared helpers), so a bug in those helpers cannot hide behind itself.
 */
import type { ContextKey, PlatformKey } from '../../src/context/tenant';
import type { AuditInput } from '../../src/storage/ports/audit';
import type { AspectId, CourseSettings } from '../../src/storage/ports/course-settings';
import type {
  ItemKey,
  Rating,
  Review,
  ReviewSort,
  ReviewStatus,
  ReviewSummary,
  ReviewTriage,
  ReviewWrite,
} from '../../src/storage/ports/reviews';
import type { Storage } from '../../src/storage/port';
import { buildAudit } from '../support/audit';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const LMS_A: PlatformKey = { issuer: 'https://lms-a.example', clientId: 'client-1' };
/** Same LMS, second registration of the tool. */
const LMS_A2: PlatformKey = { issuer: 'https://lms-a.example', clientId: 'client-2' };
/** Another LMS that happens to hand out the same client id. */
const LMS_B: PlatformKey = { issuer: 'https://lms-b.example', clientId: 'client-1' };

const T0 = new Date('2030-01-15T10:00:00.000Z');
const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);

const course = (platform: PlatformKey, contextId = 'course-101', deploymentId = 'dep-1'): ContextKey => ({ ...platform, deploymentId, contextId });
const itemOf = (c: ContextKey, itemId = 'course'): ItemKey => ({ ...c, itemId });

const COURSE = course(LMS_A);
const ITEM = itemOf(COURSE);
const ACTIVITY = itemOf(COURSE, 'link-7');
/** The same context id, item id or review id elsewhere: another client, another LMS, another deployment, another course. */
const ELSEWHERE: readonly ContextKey[] = [course(LMS_A2), course(LMS_B), course(LMS_A, 'course-101', 'dep-2'), course(LMS_A, 'course-202')];

const ALL_STATUSES: readonly ReviewStatus[] = ['published', 'held', 'hidden'];
const SORTS: readonly ReviewSort[] = ['recent', 'helpful', 'highest', 'lowest'];

function write(authorId: string, overrides: Partial<ReviewWrite> = {}): ReviewWrite {
  return {
    item: ITEM,
    author: { id: authorId, name: `Learner ${authorId}`, givenName: 'Ada', familyName: `Lovelace-${authorId}` },
    rating: 4,
    aspects: {},
    title: `Title by ${authorId}`,
    liked: 'The exercises',
    improve: 'More examples',
    status: 'published',
    holdReasons: [],
    verified: true,
    ...overrides,
  };
}

function settings(overrides: Partial<CourseSettings> = {}): CourseSettings {
  return {
    reviewsEnabled: true,
    consumerGroupEnabled: false,
    textVisibility: 'everyone',
    moderation: 'immediate',
    authorDisplay: 'pseudonym',
    minRatings: 3,
    aspects: ['content', 'trainer'],
    reviewWindow: { mode: 'after-days', days: 14 },
    ...overrides,
  };
}

function auditInput(c: ContextKey, overrides: Partial<AuditInput> = {}): AuditInput {
  return {
    course: c,
    at: T0,
    actor: { id: 'teacher-1', name: 'Terry Teacher', role: 'instructor' },
    action: 'review.hide',
    subject: { type: 'review', id: 'r-1' },
    reason: 'Personal data',
    ...overrides,
  };
}

/** What the summary of these reviews must be (published ones only), computed independently. */
function expectedSummary(reviews: readonly Review[], inWindow: (r: Review) => boolean = () => true): ReviewSummary {
  const stats = (list: readonly Review[]) => {
    const histogram: [number, number, number, number, number] = [0, 0, 0, 0, 0];
    for (const r of list) histogram[r.rating - 1]++;
    return { count: list.length, sum: list.reduce((n, r) => n + r.rating, 0), histogram };
  };
  const published = reviews.filter((r) => r.status === 'published');
  const aspects: Partial<Record<AspectId, { count: number; sum: number }>> = {};
  for (const r of published) {
    for (const [aspect, value] of Object.entries(r.aspects) as [AspectId, Rating][]) {
      const a = aspects[aspect] ?? { count: 0, sum: 0 };
      aspects[aspect] = { count: a.count + 1, sum: a.sum + value };
    }
  }
  return { overall: stats(published), last12Months: stats(published.filter(inWindow)), aspects };
}

/** The documented order of each sort; ids compare as binary strings. */
function compareFor(sort: ReviewSort): (a: Review, b: Review) => number {
  const idDesc = (a: Review, b: Review) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  const recent = (a: Review, b: Review) => b.createdAt.getTime() - a.createdAt.getTime() || idDesc(a, b);
  switch (sort) {
    case 'recent':
      return recent;
    case 'helpful':
      return (a, b) => b.helpfulCount - a.helpfulCount || recent(a, b);
    case 'highest':
      return (a, b) => b.rating - a.rating || recent(a, b);
    case 'lowest':
      return (a, b) => a.rating - b.rating || recent(a, b);
  }
}

export function reviewsContract(label: string, open: () => Promise<Storage>): void {
  describe(`${label}: settings, audit and reviews`, () => {
    let storage: Storage;

    beforeEach(async () => {
      storage = await open();
    });

    afterEach(async () => {
      await storage.close();
    });

    const save = async (authorId: string, overrides: Partial<ReviewWrite> = {}, now: Date = T0) =>
      (await storage.reviews.saveReview(write(authorId, overrides), now)).review;

    /** Walks every page of a listing and returns the pages. */
    async function walk(item: ItemKey, sort: ReviewSort, statuses: readonly ReviewStatus[], stars: Rating | undefined, limit: number) {
      const pages: Review[][] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 1000; guard++) {
        const page = await storage.reviews.listReviews(item, { sort, statuses, limit, ...(stars === undefined ? {} : { stars }), ...(cursor === undefined ? {} : { cursor }) });
        pages.push(page.items);
        if (page.nextCursor === null) return pages;
        cursor = page.nextCursor;
      }
      throw new Error('listReviews never returned a last page');
    }

    async function everyReview(c: ContextKey): Promise<Review[]> {
      const all: Review[] = [];
      for await (const r of storage.reviews.allReviews(c)) all.push(r);
      return all;
    }

    describe('course settings', () => {
      it('a course that was never configured has no settings', async () => {
        expect(await storage.settings.getSettings(COURSE)).toBeNull();
      });

      it('gives back saved settings exactly, dates included', async () => {
        const saved = settings({ updatedAt: at(HOUR), updatedBy: 'teacher-1', reviewWindow: { mode: 'after-date', date: '2030-02-01' } });
        await storage.settings.saveSettings(COURSE, saved, buildAudit(COURSE));
        expect(await storage.settings.getSettings(COURSE)).toEqual(saved);
      });

      it('saving again replaces the settings entirely, fields left out included', async () => {
        await storage.settings.saveSettings(COURSE, settings({ updatedAt: at(HOUR), updatedBy: 'teacher-1' }), buildAudit(COURSE));
        const replacement = settings({ moderation: 'hold', aspects: [], reviewWindow: { mode: 'any' } });
        await storage.settings.saveSettings(COURSE, replacement, buildAudit(COURSE));
        const found = await storage.settings.getSettings(COURSE);
        expect(found).toEqual(replacement);
        expect(found).not.toHaveProperty('updatedAt');
        expect(found).not.toHaveProperty('updatedBy');
      });
    });

    describe('settings and their audit entry, in one transaction', () => {
      it('saving settings keeps the settings and the entry together', async () => {
        const entry = buildAudit(COURSE, { at: at(HOUR) });
        await storage.settings.saveSettings(COURSE, settings({ minRatings: 7 }), entry);
        expect((await storage.settings.getSettings(COURSE))?.minRatings).toBe(7);
        expect((await storage.audit.listAudit(COURSE, { limit: 10 })).items).toEqual([{ ...entry, id: expect.any(String) }]);
      });

      it('when the audit write fails, the settings are not kept', async () => {
        await storage.settings.saveSettings(COURSE, settings({ minRatings: 2 }), buildAudit(COURSE));
        const refused = buildAudit(COURSE, { actor: { id: 'x', name: 'X', role: 'administrator' as never } });
        await expect(storage.settings.saveSettings(COURSE, settings({ minRatings: 9 }), refused)).rejects.toThrow();
        await expect(storage.settings.saveSettings(course(LMS_B), settings({ minRatings: 9 }), refused)).rejects.toThrow();
        expect((await storage.settings.getSettings(COURSE))?.minRatings).toBe(2);
        expect(await storage.settings.getSettings(course(LMS_B))).toBeNull();
        expect((await storage.audit.listAudit(COURSE, { limit: 10 })).items).toHaveLength(1);
      });

      it('refuses an audit entry of another course, saving nothing', async () => {
        await expect(storage.settings.saveSettings(COURSE, settings(), buildAudit(course(LMS_B)))).rejects.toThrow();
        expect(await storage.settings.getSettings(COURSE)).toBeNull();
      });
    });

    describe('audit log', () => {
      it('gives back an appended entry with a new id, every field intact', async () => {
        const input = auditInput(COURSE);
        const entry = await storage.audit.appendAudit(input);
        expect(entry).toEqual({ ...input, id: expect.any(String) });
        const { reason: _none, ...withoutReason } = auditInput(COURSE, { at: at(MINUTE), action: 'settings.update', subject: { type: 'settings', id: 'course' } });
        const second = await storage.audit.appendAudit(withoutReason);
        expect(second.id).not.toBe(entry.id);
        expect(second).not.toHaveProperty('reason');
        expect((await storage.audit.listAudit(COURSE, { limit: 10 })).items).toEqual([second, entry]);
      });

      it('keeps a system reason as its code and parameters, and refuses an unknown code', async () => {
        const merged = auditInput(COURSE, { action: 'idea.merge', reason: undefined, systemReason: { code: 'idea.mergedInto', params: { title: 'Shorter “videos”' } } });
        const { reason: _none, ...withoutReason } = merged;
        const entry = await storage.audit.appendAudit(withoutReason);
        expect(entry).toEqual({ ...withoutReason, id: expect.any(String) });
        expect((await storage.audit.listAudit(COURSE, { limit: 10 })).items).toEqual([entry]);
        await expect(storage.audit.appendAudit({ ...withoutReason, systemReason: { code: 'made.up' as never, params: {} } })).rejects.toThrow();
        expect((await storage.audit.listAudit(COURSE, { limit: 10 })).items).toHaveLength(1);
      });

      it('lists entries newest first, page by page with a cursor, each exactly once', async () => {
        const times = [5, 1, 9, 3, 7, 2, 8, 6, 4, 0].map((i) => at(i * MINUTE));
        // Two more at an already used time: ties must neither repeat nor drop entries across pages.
        times.push(at(5 * MINUTE), at(5 * MINUTE));
        for (const [i, t] of times.entries()) await storage.audit.appendAudit(auditInput(COURSE, { at: t, subject: { type: 'review', id: `r-${i}` } }));
        const seen: string[] = [];
        const dates: number[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await storage.audit.listAudit(COURSE, { limit: 5, ...(cursor === undefined ? {} : { cursor }) });
          expect(page.items.length).toBeLessThanOrEqual(5);
          seen.push(...page.items.map((e) => e.subject.id));
          dates.push(...page.items.map((e) => e.at.getTime()));
          cursor = page.nextCursor ?? undefined;
          pages++;
        } while (cursor !== undefined && pages < 10);
        expect(pages).toBe(3);
        expect([...seen].sort()).toEqual(times.map((_, i) => `r-${i}`).sort());
        expect(dates).toEqual([...dates].sort((a, b) => b - a));
      });

      it("never lists another course's entries, even with the same context id", async () => {
        await storage.audit.appendAudit(auditInput(COURSE, { subject: { type: 'review', id: 'mine' } }));
        for (const [i, other] of ELSEWHERE.entries()) {
          await storage.audit.appendAudit(auditInput(other, { subject: { type: 'review', id: `other-${i}` } }));
        }
        expect((await storage.audit.listAudit(COURSE, { limit: 50 })).items.map((e) => e.subject.id)).toEqual(['mine']);
        for (const [i, other] of ELSEWHERE.entries()) {
          const items = (await storage.audit.listAudit(other, { limit: 50 })).items;
          expect(items.map((e) => e.subject.id)).toEqual([`other-${i}`]);
          expect(items[0].course).toEqual(other);
        }
      });

      it('refuses a cursor that was not made by the store', async () => {
        await storage.audit.appendAudit(auditInput(COURSE));
        await expect(storage.audit.listAudit(COURSE, { limit: 5, cursor: 'not-a-cursor' })).rejects.toThrow();
      });
    });

    describe('writing reviews', () => {
      it("gives back a new review with every field, numbered as the course's first author", async () => {
        const input = write('u-1', { aspects: { trainer: 5, content: 3 }, holdReasons: [], verified: false });
        const { review, previous } = await storage.reviews.saveReview(input, T0);
        expect(previous).toBeNull();
        const expected: Review = {
          id: expect.any(String) as unknown as string,
          item: ITEM,
          author: input.author,
          authorNumber: 1,
          rating: 4,
          aspects: { content: 3, trainer: 5 },
          title: input.title,
          liked: input.liked,
          improve: input.improve,
          status: 'published',
          holdReasons: [],
          verified: false,
          helpfulCount: 0,
          reportCount: 0,
          createdAt: T0,
          updatedAt: T0,
        };
        expect(review).toEqual(expected);
        expect(review).not.toHaveProperty('editedAt');
        expect(review).not.toHaveProperty('hiddenReason');
        expect(await storage.reviews.findReviewByAuthor(ITEM, 'u-1')).toEqual(review);
        expect(await storage.reviews.findReview(COURSE, review.id)).toEqual(review);
      });

      it('keeps an author without given or family name without them, and hold reasons in order', async () => {
        const review = await save('u-1', { author: { id: 'u-1', name: 'Mononym' }, status: 'held', holdReasons: ['link', 'email'] });
        expect(review.author).toEqual({ id: 'u-1', name: 'Mononym' });
        expect((await storage.reviews.findReview(COURSE, review.id))?.holdReasons).toEqual(['link', 'email']);
      });

      it("one review per author and item: a second save replaces the first, sets editedAt and returns the one replaced", async () => {
        const first = await save('u-1', { rating: 2, title: 'First' });
        await storage.reviews.setHelpful(COURSE, first.id, 'voter-1', true);
        const before = await storage.reviews.findReview(COURSE, first.id);
        const { review, previous } = await storage.reviews.saveReview(write('u-1', { rating: 5, title: 'Second' }), at(DAY));
        expect(previous).toEqual(before);
        expect(review).toMatchObject({ id: first.id, title: 'Second', rating: 5, authorNumber: 1, helpfulCount: 1, createdAt: T0, updatedAt: at(DAY), editedAt: at(DAY) });
        expect(await storage.reviews.findReviewByAuthor(ITEM, 'u-1')).toEqual(review);
        expect(await storage.reviews.countReviewers(ITEM)).toBe(1);
        expect((await walk(ITEM, 'recent', ALL_STATUSES, undefined, 10)).flat().map((r) => r.id)).toEqual([first.id]);
      });

      it("an author's reviews of two items of a course are two reviews under the same author number", async () => {
        await save('u-0');
        const ofCourse = await save('u-1');
        const ofActivity = await save('u-1', { item: ACTIVITY });
        expect(ofActivity.id).not.toBe(ofCourse.id);
        expect(ofActivity.authorNumber).toBe(ofCourse.authorNumber);
        expect(ofCourse.authorNumber).toBe(2);
        expect(await storage.reviews.countReviewers(ITEM)).toBe(2);
        expect(await storage.reviews.countReviewers(ACTIVITY)).toBe(1);
      });

      it('counts the reviewers who are among given ids (the current learners), in any status, per item and never across courses', async () => {
        await save('u-1');
        await save('u-2', { status: 'held', holdReasons: ['moderation'] });
        await save('u-3', { item: ACTIVITY });
        await save('gone-1');
        for (const other of ELSEWHERE) await storage.reviews.saveReview(write('u-4', { item: itemOf(other) }), T0);
        expect(await storage.reviews.countReviewersAmong(ITEM, ['u-1', 'u-2', 'u-3', 'u-4', 'u-5'])).toBe(2);
        expect(await storage.reviews.countReviewersAmong(ITEM, ['u-1', 'u-1'])).toBe(1);
        expect(await storage.reviews.countReviewersAmong(ACTIVITY, ['u-1', 'u-3'])).toBe(1);
        expect(await storage.reviews.countReviewersAmong(ITEM, [])).toBe(0);
        expect(await storage.reviews.countReviewers(ITEM)).toBe(3);
      });

      describe('triage filters', () => {
        const TEACHER = { id: 'teacher-1', name: 'Terry', role: 'instructor' as const };
        /** Every page of a triaged listing, newest first, `limit` at a time. */
        async function triaged(triage: ReviewTriage, limit: number, statuses: readonly ReviewStatus[] = ['published']) {
          const ids: string[] = [];
          let cursor: string | undefined;
          for (let guard = 0; guard < 100; guard++) {
            const page = await storage.reviews.listReviews(ITEM, { sort: 'recent', triage, statuses, limit, ...(cursor === undefined ? {} : { cursor }) });
            expect(page.items.length).toBeLessThanOrEqual(limit);
            ids.push(...page.items.map((r) => r.title));
            if (page.nextCursor === null) return ids;
            cursor = page.nextCursor;
          }
          throw new Error('never ended');
        }

        beforeEach(async () => {
          // Created one minute apart, oldest first: a..g.
          const made: Record<string, Review> = {};
          const spec: Array<[string, Rating]> = [['a', 1], ['b', 5], ['c', 2], ['d', 4], ['e', 2], ['f', 3], ['g', 1]];
          for (const [i, [title, rating]] of spec.entries()) made[title] = await save(`u-${title}`, { title, rating }, at(i * MINUTE));
          // b and d answered; d edited after its response; e answered, then its response edited after e's own edit.
          await storage.responses.respond(COURSE, made.b.id, { text: 'Thanks', by: TEACHER, at: at(HOUR) });
          await storage.responses.respond(COURSE, made.d.id, { text: 'Thanks', by: TEACHER, at: at(HOUR) });
          await save('u-d', { title: 'd', rating: 4, liked: 'changed' }, at(2 * HOUR));
          await storage.responses.respond(COURSE, made.e.id, { text: 'Sorry', by: TEACHER, at: at(HOUR) });
          await save('u-e', { title: 'e', rating: 2, liked: 'more' }, at(2 * HOUR));
          await storage.responses.respond(COURSE, made.e.id, { text: 'Sorry, fixed now', by: TEACHER, at: at(3 * HOUR) });
          await storage.reviews.report(COURSE, made.f.id, 'reader-1', 'spam', at(HOUR));
          await storage.reviews.report(COURSE, made.a.id, 'reader-1', 'off-topic', at(HOUR));
          // Another course's reviews match every filter and never show.
          for (const other of ELSEWHERE) {
            const r = (await storage.reviews.saveReview(write('u-x', { item: itemOf(other), title: 'elsewhere', rating: 1 }), T0)).review;
            await storage.reviews.report(other, r.id, 'reader-1', 'spam', at(HOUR));
          }
        });

        it('"no response yet" lists the unanswered reviews newest first, across pages', async () => {
          for (const limit of [1, 2, 10]) expect(await triaged('unanswered', limit)).toEqual(['g', 'f', 'c', 'a']);
        });

        it('"1–2 stars" lists the low ratings, answered or not', async () => {
          for (const limit of [1, 3]) expect(await triaged('low', limit)).toEqual(['g', 'e', 'c', 'a']);
        });

        it('"reported" lists the reviews with open reports, and drops one when its reports are cleared', async () => {
          expect(await triaged('reported', 1)).toEqual(['f', 'a']);
          const a = (await storage.reviews.findReviewByAuthor(ITEM, 'u-a'))!;
          await storage.reviews.moderate(COURSE, a.id, { status: 'published' }, auditInput(COURSE, { action: 'review.approve' }));
          expect(await triaged('reported', 1)).toEqual(['f']);
        });

        it('"edited after a response" lists reviews edited after the response was last written, not before', async () => {
          for (const limit of [1, 5]) expect(await triaged('edited-after-response', limit)).toEqual(['d']);
        });

        it('keeps to the statuses asked for', async () => {
          const g = (await storage.reviews.findReviewByAuthor(ITEM, 'u-g'))!;
          await storage.reviews.moderate(COURSE, g.id, { status: 'hidden', hiddenReason: 'x' }, auditInput(COURSE, { action: 'review.hide' }));
          expect(await triaged('low', 2)).toEqual(['e', 'c', 'a']);
          expect(await triaged('low', 2, ['hidden'])).toEqual(['g']);
        });

        it('refuses a triage with another order or a star filter, or an unknown triage', async () => {
          await expect(storage.reviews.listReviews(ITEM, { sort: 'helpful', triage: 'low', statuses: ['published'], limit: 5 })).rejects.toThrow(RangeError);
          await expect(storage.reviews.listReviews(ITEM, { sort: 'recent', triage: 'low', stars: 1, statuses: ['published'], limit: 5 })).rejects.toThrow(RangeError);
          await expect(storage.reviews.listReviews(ITEM, { sort: 'recent', triage: 'stale' as ReviewTriage, statuses: ['published'], limit: 5 })).rejects.toThrow(RangeError);
        });
      });

      it('deleting a review returns it and removes it, its votes and its reports; deleting again returns null', async () => {
        const review = await save('u-1');
        await storage.reviews.setHelpful(COURSE, review.id, 'voter-1', true);
        await storage.reviews.report(COURSE, review.id, 'reporter-1', 'spam', T0);
        const current = await storage.reviews.findReview(COURSE, review.id);
        expect(await storage.reviews.deleteReview(ITEM, 'u-1')).toEqual(current);
        expect(await storage.reviews.findReview(COURSE, review.id)).toBeNull();
        expect(await storage.reviews.findReviewByAuthor(ITEM, 'u-1')).toBeNull();
        expect(await storage.reviews.deleteReview(ITEM, 'u-1')).toBeNull();
        expect(await storage.reviews.helpfulVotesBy(COURSE, 'voter-1', [review.id])).toEqual(new Set());
        expect(await storage.reviews.reportsOf(COURSE, review.id)).toEqual([]);
        expect(await storage.reviews.countModerationQueue(COURSE)).toBe(0);
        expect(await storage.reviews.countReviewers(ITEM)).toBe(0);

        const again = await save('u-1', {}, at(DAY));
        expect(again).toMatchObject({ helpfulCount: 0, reportCount: 0, createdAt: at(DAY) });
        expect(again).not.toHaveProperty('editedAt');
        expect(await storage.reviews.reportsBy(COURSE, 'reporter-1', [again.id])).toEqual(new Set());
      });

      it('refuses a rating or aspect rating outside 1 to 5, or an unknown aspect, and stores nothing', async () => {
        await expect(storage.reviews.saveReview(write('u-1', { rating: 6 as Rating }), T0)).rejects.toThrow();
        await expect(storage.reviews.saveReview(write('u-1', { rating: 0 as Rating }), T0)).rejects.toThrow();
        await expect(storage.reviews.saveReview(write('u-1', { aspects: { content: 9 as Rating } }), T0)).rejects.toThrow();
        await expect(storage.reviews.saveReview(write('u-1', { aspects: { mood: 3 } as unknown as ReviewWrite['aspects'] }), T0)).rejects.toThrow();
        expect(await storage.reviews.findReviewByAuthor(ITEM, 'u-1')).toBeNull();
        expect((await storage.reviews.summary(ITEM, T0)).overall.count).toBe(0);
      });
    });

    describe('summaries', () => {
      it('an item without reviews has an empty summary', async () => {
        const empty = { count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] };
        expect(await storage.reviews.summary(ITEM, T0)).toEqual({ overall: empty, last12Months: empty, aspects: {} });
        expect(await storage.reviews.countReviewers(ITEM)).toBe(0);
      });

      it('stays exact through creation, edits that move the rating up and down, and deletion', async () => {
        await save('a', { rating: 4 });
        await save('b', { rating: 2 });
        await save('c', { rating: 5 });
        await save('d', { rating: 5 });
        const stats = async () => (await storage.reviews.summary(ITEM, T0)).overall;
        expect(await stats()).toEqual({ count: 4, sum: 16, histogram: [0, 1, 0, 1, 2] });
        await save('a', { rating: 1 }); // down
        await save('b', { rating: 5 }); // up
        expect(await stats()).toEqual({ count: 4, sum: 16, histogram: [1, 0, 0, 0, 3] });
        await save('c', { rating: 5, title: 'Only the text changed' });
        expect(await stats()).toEqual({ count: 4, sum: 16, histogram: [1, 0, 0, 0, 3] });
        await storage.reviews.deleteReview(ITEM, 'd');
        expect(await stats()).toEqual({ count: 3, sum: 11, histogram: [1, 0, 0, 0, 2] });
        await storage.reviews.deleteReview(ITEM, 'a');
        await storage.reviews.deleteReview(ITEM, 'b');
        await storage.reviews.deleteReview(ITEM, 'c');
        expect(await stats()).toEqual({ count: 0, sum: 0, histogram: [0, 0, 0, 0, 0] });
      });

      it('counts each star level in the histogram', async () => {
        const ratings: Rating[] = [1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5];
        for (const [i, rating] of ratings.entries()) await save(`u-${i}`, { rating });
        expect((await storage.reviews.summary(ITEM, T0)).overall).toEqual({ count: 11, sum: 35, histogram: [1, 2, 3, 4, 1] });
      });

      it('counts published reviews only: holding, hiding, restoring and approving move them in and out', async () => {
        const a = await save('a', { rating: 5 });
        const b = await save('b', { rating: 3, status: 'held', holdReasons: ['link'] });
        const stats = async () => (await storage.reviews.summary(ITEM, T0)).overall;
        expect(await stats()).toEqual({ count: 1, sum: 5, histogram: [0, 0, 0, 0, 1] });
        expect(await storage.reviews.countReviewers(ITEM)).toBe(2);

        await storage.reviews.moderate(COURSE, b.id, { status: 'published' }, auditInput(COURSE, { action: 'review.approve' }));
        expect(await stats()).toEqual({ count: 2, sum: 8, histogram: [0, 0, 1, 0, 1] });
        await storage.reviews.moderate(COURSE, a.id, { status: 'hidden', hiddenReason: 'Insult' }, auditInput(COURSE));
        expect(await stats()).toEqual({ count: 1, sum: 3, histogram: [0, 0, 1, 0, 0] });
        await storage.reviews.moderate(COURSE, a.id, { status: 'hidden', hiddenReason: 'Still' }, auditInput(COURSE));
        expect(await stats()).toEqual({ count: 1, sum: 3, histogram: [0, 0, 1, 0, 0] });
        await storage.reviews.moderate(COURSE, a.id, { status: 'published' }, auditInput(COURSE, { action: 'review.restore' }));
        expect(await stats()).toEqual({ count: 2, sum: 8, histogram: [0, 0, 1, 0, 1] });
        // An edit that the domain holds for moderation leaves the summary until it is approved.
        await save('a', { rating: 1, status: 'held', holdReasons: ['email'] });
        expect(await stats()).toEqual({ count: 1, sum: 3, histogram: [0, 0, 1, 0, 0] });
        await storage.reviews.moderate(COURSE, a.id, { status: 'published' }, auditInput(COURSE, { action: 'review.approve' }));
        expect(await stats()).toEqual({ count: 2, sum: 4, histogram: [1, 0, 1, 0, 0] });
        await storage.reviews.moderate(COURSE, b.id, { status: 'hidden' }, auditInput(COURSE));
        await storage.reviews.deleteReview(ITEM, 'b'); // a hidden review leaves nothing to remove
        expect(await stats()).toEqual({ count: 1, sum: 1, histogram: [1, 0, 0, 0, 0] });
        expect(await storage.reviews.countReviewers(ITEM)).toBe(1);
      });

      it('sums the aspect ratings of published reviews, aspect by aspect', async () => {
        await save('a', { aspects: { content: 4, trainer: 5 } });
        await save('b', { aspects: { content: 2 } });
        await save('c', { aspects: { content: 1, workload: 1 }, status: 'held', holdReasons: ['moderation'] });
        expect((await storage.reviews.summary(ITEM, T0)).aspects).toEqual({ content: { count: 2, sum: 6 }, trainer: { count: 1, sum: 5 } });
        await save('b', { aspects: { usefulness: 3 } });
        expect((await storage.reviews.summary(ITEM, T0)).aspects).toEqual({
          content: { count: 1, sum: 4 },
          trainer: { count: 1, sum: 5 },
          usefulness: { count: 1, sum: 3 },
        });
        await storage.reviews.deleteReview(ITEM, 'a');
        expect((await storage.reviews.summary(ITEM, T0)).aspects).toEqual({ usefulness: { count: 1, sum: 3 } });
      });

      it('the last 12 months count reviews rated this month and the 11 before, not one rated 13 or 12 months ago', async () => {
        const now = new Date('2031-03-10T12:00:00.000Z');
        await save('thirteen-months', { rating: 1 }, new Date('2030-02-20T12:00:00.000Z'));
        await save('twelve-months', { rating: 2 }, new Date('2030-03-31T23:59:59.999Z'));
        await save('eleven-months', { rating: 3 }, new Date('2030-04-01T00:00:00.000Z'));
        await save('this-month', { rating: 5 }, new Date('2031-03-01T00:00:00.000Z'));
        const summary = await storage.reviews.summary(ITEM, now);
        expect(summary.overall).toEqual({ count: 4, sum: 11, histogram: [1, 1, 1, 0, 1] });
        expect(summary.last12Months).toEqual({ count: 2, sum: 8, histogram: [0, 0, 1, 0, 1] });
        // The window moves with `now`.
        expect((await storage.reviews.summary(ITEM, new Date('2030-12-31T23:00:00.000Z'))).last12Months).toEqual({
          count: 3,
          sum: 6,
          histogram: [1, 1, 1, 0, 0],
        });
      });

      it('a review counts in the month of its last rating change: a text edit keeps it there, a new rating moves it', async () => {
        const now = new Date('2031-03-10T12:00:00.000Z');
        const old = new Date('2030-01-10T12:00:00.000Z');
        await save('u-1', { rating: 2 }, old);
        await save('u-1', { rating: 2, title: 'Reworded' }, now);
        expect((await storage.reviews.summary(ITEM, now)).last12Months.count).toBe(0);
        await save('u-1', { rating: 4, title: 'Changed my mind' }, now);
        const summary = await storage.reviews.summary(ITEM, now);
        expect(summary.last12Months).toEqual({ count: 1, sum: 4, histogram: [0, 0, 0, 1, 0] });
        expect(summary.overall).toEqual({ count: 1, sum: 4, histogram: [0, 0, 0, 1, 0] });
        // Moderation does not re-date the rating.
        const review = await storage.reviews.findReviewByAuthor(ITEM, 'u-1');
        await storage.reviews.moderate(COURSE, review!.id, { status: 'hidden' }, auditInput(COURSE, { at: new Date('2032-06-01T00:00:00Z') }));
        await storage.reviews.moderate(COURSE, review!.id, { status: 'published' }, auditInput(COURSE, { at: new Date('2032-06-01T00:00:00Z') }));
        expect((await storage.reviews.summary(ITEM, now)).last12Months.count).toBe(1);
        expect((await storage.reviews.summary(ITEM, new Date('2032-06-15T00:00:00Z'))).last12Months.count).toBe(0);
      });

      it('stays exact when 200 saves on one item run at once, some of them edits by the same authors', async () => {
        const authors = Array.from({ length: 150 }, (_, i) => `author-${i}`);
        const writes = authors.map((id, i) =>
          write(id, {
            rating: ((i % 5) + 1) as Rating,
            aspects: i % 3 === 0 ? { content: (((i + 1) % 5) + 1) as Rating } : {},
            ...(i % 11 === 0 ? { status: 'held' as const, holdReasons: ['moderation' as const] } : {}),
          }),
        );
        for (let i = 0; i < 50; i++) {
          writes.push(write(authors[i * 3], { rating: (((i * 2) % 5) + 1) as Rating, aspects: { trainer: 4 }, title: 'Edited' }));
        }
        await Promise.all(writes.map((w, i) => storage.reviews.saveReview(w, at(i * 1000))));
        const finals = await Promise.all(authors.map(async (id) => (await storage.reviews.findReviewByAuthor(ITEM, id))!));
        expect(finals.every((r) => r !== null)).toBe(true);
        const summary = await storage.reviews.summary(ITEM, at(DAY));
        expect(summary).toEqual(expectedSummary(finals));
        expect(await storage.reviews.countReviewers(ITEM)).toBe(150);
        expect(new Set(finals.map((r) => r.authorNumber)).size).toBe(150);
      });
    });

    describe('listing reviews', () => {
      /**
       * 30 reviews with ties on every sort value: three share each creation time, ratings and helpful
       * counts repeat; some are held, some hidden. Votes come from distinct voters.
       */
      async function seed(): Promise<Review[]> {
        for (let i = 0; i < 30; i++) {
          await save(`u-${String(i).padStart(2, '0')}`, {
            rating: ((i * 7) % 5 + 1) as Rating,
            ...(i % 6 === 5 ? { status: 'held' as const, holdReasons: ['link' as const] } : {}),
          }, at(Math.floor(i / 3) * MINUTE));
        }
        const saved = (await walk(ITEM, 'recent', ALL_STATUSES, undefined, 100)).flat();
        for (const [i, r] of saved.entries()) {
          for (let v = 0; v < i % 4; v++) await storage.reviews.setHelpful(COURSE, r.id, `voter-${v}`, true);
          if (i % 10 === 3) await storage.reviews.moderate(COURSE, r.id, { status: 'hidden' }, auditInput(COURSE));
        }
        // Noise that must never show: another item of the course and the same item id elsewhere.
        await save('u-00', { item: ACTIVITY });
        await save('u-00', { item: itemOf(course(LMS_B)) });
        return Promise.all(saved.map(async (r) => (await storage.reviews.findReview(COURSE, r.id))!));
      }

      const FILTERS: ReadonlyArray<{ statuses: readonly ReviewStatus[]; stars?: Rating }> = [
        { statuses: ['published'] },
        { statuses: ALL_STATUSES },
        { statuses: ['held', 'hidden'] },
        { statuses: ['published'], stars: 4 },
        { statuses: ALL_STATUSES, stars: 1 },
        { statuses: ['hidden', 'published'], stars: 3 },
      ];

      for (const sort of SORTS) {
        it(`sort "${sort}": walking every page with its cursor returns each matching review once, in order`, async () => {
          const all = await seed();
          expect(new Set(all.map((r) => r.helpfulCount)).size).toBeGreaterThan(1);
          for (const filter of FILTERS) {
            const expected = all
              .filter((r) => filter.statuses.includes(r.status) && (filter.stars === undefined || r.rating === filter.stars))
              .sort(compareFor(sort));
            const pages = await walk(ITEM, sort, filter.statuses, filter.stars, 7);
            for (const page of pages.slice(0, -1)) expect(page).toHaveLength(7);
            expect(pages[pages.length - 1].length).toBeLessThanOrEqual(7);
            expect(pages.flat().map((r) => r.id)).toEqual(expected.map((r) => r.id));
            expect(pages.flat()).toEqual(expected);
          }
        });
      }

      it('returns an empty last page for an empty item or an empty statuses filter', async () => {
        expect(await storage.reviews.listReviews(ITEM, { sort: 'recent', statuses: ['published'], limit: 7 })).toEqual({ items: [], nextCursor: null });
        await save('u-1');
        expect(await storage.reviews.listReviews(ITEM, { sort: 'recent', statuses: [], limit: 7 })).toEqual({ items: [], nextCursor: null });
      });

      it('a page exactly filled by the last reviews has no next cursor', async () => {
        for (let i = 0; i < 7; i++) await save(`u-${i}`, {}, at(i));
        const page = await storage.reviews.listReviews(ITEM, { sort: 'recent', statuses: ['published'], limit: 7 });
        expect(page.items).toHaveLength(7);
        expect(page.nextCursor).toBeNull();
      });

      it('refuses a malformed cursor and a cursor of another sort', async () => {
        for (let i = 0; i < 3; i++) await save(`u-${i}`, {}, at(i));
        const page = await storage.reviews.listReviews(ITEM, { sort: 'recent', statuses: ['published'], limit: 1 });
        expect(page.nextCursor).not.toBeNull();
        await expect(storage.reviews.listReviews(ITEM, { sort: 'helpful', statuses: ['published'], limit: 1, cursor: page.nextCursor! })).rejects.toThrow();
        await expect(storage.reviews.listReviews(ITEM, { sort: 'recent', statuses: ['published'], limit: 1, cursor: 'garbage!' })).rejects.toThrow();
        await expect(storage.reviews.listReviews(ITEM, { sort: 'recent', statuses: ['published'], limit: 1, cursor: Buffer.from('{"s":"recent"}').toString('base64url') })).rejects.toThrow();
      });
    });

    describe('helpful votes', () => {
      it('a vote counts once however often it is cast, and can be withdrawn', async () => {
        const review = await save('author');
        expect(await storage.reviews.setHelpful(COURSE, review.id, 'v-1', true)).toBe(1);
        expect(await storage.reviews.setHelpful(COURSE, review.id, 'v-1', true)).toBe(1);
        expect(await storage.reviews.setHelpful(COURSE, review.id, 'v-2', true)).toBe(2);
        expect(await storage.reviews.setHelpful(COURSE, review.id, 'v-1', false)).toBe(1);
        expect(await storage.reviews.setHelpful(COURSE, review.id, 'v-1', false)).toBe(1);
        expect(await storage.reviews.setHelpful(COURSE, review.id, 'v-3', false)).toBe(1);
        expect((await storage.reviews.findReview(COURSE, review.id))?.helpfulCount).toBe(1);
      });

      it('tells which of the given reviews a person marked helpful', async () => {
        const a = await save('a');
        const b = await save('b');
        const c = await save('c');
        await storage.reviews.setHelpful(COURSE, a.id, 'v-1', true);
        await storage.reviews.setHelpful(COURSE, c.id, 'v-1', true);
        await storage.reviews.setHelpful(COURSE, b.id, 'v-2', true);
        expect(await storage.reviews.helpfulVotesBy(COURSE, 'v-1', [a.id, b.id, c.id, 'unknown'])).toEqual(new Set([a.id, c.id]));
        expect(await storage.reviews.helpfulVotesBy(COURSE, 'v-1', [b.id])).toEqual(new Set());
        expect(await storage.reviews.helpfulVotesBy(COURSE, 'v-1', [])).toEqual(new Set());
        for (const other of ELSEWHERE) expect(await storage.reviews.helpfulVotesBy(other, 'v-1', [a.id, c.id])).toEqual(new Set());
      });

      it('keeps the count exact when 50 people vote at once, and when votes and withdrawals race', async () => {
        const review = await save('author');
        const voters = Array.from({ length: 50 }, (_, i) => `v-${i}`);
        await Promise.all(voters.map((v) => storage.reviews.setHelpful(COURSE, review.id, v, true)));
        expect((await storage.reviews.findReview(COURSE, review.id))?.helpfulCount).toBe(50);
        await Promise.all([
          ...voters.slice(0, 20).map((v) => storage.reviews.setHelpful(COURSE, review.id, v, false)),
          ...voters.slice(30, 40).map((v) => storage.reviews.setHelpful(COURSE, review.id, v, true)),
          ...Array.from({ length: 5 }, (_, i) => storage.reviews.setHelpful(COURSE, review.id, `late-${i}`, true)),
        ]);
        expect((await storage.reviews.findReview(COURSE, review.id))?.helpfulCount).toBe(35);
        expect(await storage.reviews.setHelpful(COURSE, review.id, 'v-49', true)).toBe(35);
      });

      it("a vote on another course's review (same id) records nothing", async () => {
        const review = await save('author');
        for (const other of ELSEWHERE) expect(await storage.reviews.setHelpful(other, review.id, 'v-1', true)).toBe(0);
        expect((await storage.reviews.findReview(COURSE, review.id))?.helpfulCount).toBe(0);
        expect(await storage.reviews.helpfulVotesBy(COURSE, 'v-1', [review.id])).toEqual(new Set());
      });
    });

    describe('reports', () => {
      it('records one report per person and review; a second by the same person is ignored', async () => {
        const review = await save('author');
        expect(await storage.reviews.report(COURSE, review.id, 'r-1', 'offensive', at(MINUTE))).toBe(true);
        expect(await storage.reviews.report(COURSE, review.id, 'r-1', 'spam', at(2 * MINUTE))).toBe(false);
        expect(await storage.reviews.report(COURSE, review.id, 'r-2', 'personal-data', at(3 * MINUTE))).toBe(true);
        expect((await storage.reviews.findReview(COURSE, review.id))?.reportCount).toBe(2);
        expect(await storage.reviews.reportsOf(COURSE, review.id)).toEqual([
          { reason: 'offensive', at: at(MINUTE) },
          { reason: 'personal-data', at: at(3 * MINUTE) },
        ]);
      });

      it('counts concurrent reports by one person once', async () => {
        const review = await save('author');
        const results = await Promise.all(Array.from({ length: 10 }, () => storage.reviews.report(COURSE, review.id, 'r-1', 'spam', T0)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await storage.reviews.findReview(COURSE, review.id))?.reportCount).toBe(1);
      });

      it('tells which of the given reviews a person reported', async () => {
        const a = await save('a');
        const b = await save('b');
        await storage.reviews.report(COURSE, b.id, 'r-1', 'off-topic', T0);
        expect(await storage.reviews.reportsBy(COURSE, 'r-1', [a.id, b.id])).toEqual(new Set([b.id]));
        expect(await storage.reviews.reportsBy(COURSE, 'r-2', [a.id, b.id])).toEqual(new Set());
        for (const other of ELSEWHERE) expect(await storage.reviews.reportsBy(other, 'r-1', [b.id])).toEqual(new Set());
      });

      it("a report on another course's review (same id) is refused and not seen", async () => {
        const review = await save('author');
        for (const other of ELSEWHERE) {
          expect(await storage.reviews.report(other, review.id, 'r-1', 'spam', T0)).toBe(false);
          expect(await storage.reviews.reportsOf(other, review.id)).toEqual([]);
        }
        expect((await storage.reviews.findReview(COURSE, review.id))?.reportCount).toBe(0);
        expect(await storage.reviews.report(COURSE, review.id, 'r-1', 'spam', T0)).toBe(true);
        for (const other of ELSEWHERE) expect(await storage.reviews.reportsOf(other, review.id)).toEqual([]);
      });
    });

    describe('moderation', () => {
      it('hiding sets the status and reason, and appends the audit entry', async () => {
        const review = await save('author');
        const audit = auditInput(COURSE, { at: at(HOUR), subject: { type: 'review', id: review.id }, reason: 'Insult' });
        const hidden = await storage.reviews.moderate(COURSE, review.id, { status: 'hidden', hiddenReason: 'Insult' }, audit);
        expect(hidden).toMatchObject({ id: review.id, status: 'hidden', hiddenReason: 'Insult', updatedAt: at(HOUR) });
        expect(hidden).not.toHaveProperty('editedAt');
        expect(await storage.reviews.findReview(COURSE, review.id)).toEqual(hidden);
        expect((await storage.audit.listAudit(COURSE, { limit: 10 })).items).toEqual([{ ...audit, id: expect.any(String) }]);
      });

      it('publishing (restore or approve) clears open reports and the hide reason; a cleared report is still its author’s one report', async () => {
        const review = await save('author');
        await storage.reviews.report(COURSE, review.id, 'r-1', 'spam', T0);
        await storage.reviews.report(COURSE, review.id, 'r-2', 'offensive', T0);
        await storage.reviews.moderate(COURSE, review.id, { status: 'hidden', hiddenReason: 'Spam' }, auditInput(COURSE, { at: at(HOUR) }));
        expect((await storage.reviews.findReview(COURSE, review.id))?.reportCount).toBe(2);
        const restore = auditInput(COURSE, { at: at(2 * HOUR), action: 'review.restore' });
        const restored = await storage.reviews.moderate(COURSE, review.id, { status: 'published' }, restore);
        expect(restored).toMatchObject({ status: 'published', reportCount: 0 });
        expect(restored).not.toHaveProperty('hiddenReason');
        expect(await storage.reviews.reportsOf(COURSE, review.id)).toEqual([]);
        expect(await storage.reviews.report(COURSE, review.id, 'r-1', 'spam', at(DAY))).toBe(false);
        expect(await storage.reviews.report(COURSE, review.id, 'r-3', 'spam', at(DAY))).toBe(true);
        expect((await storage.reviews.findReview(COURSE, review.id))?.reportCount).toBe(1);
        expect((await storage.audit.listAudit(COURSE, { limit: 10 })).items.map((e) => e.action)).toEqual(['review.restore', 'review.hide']);
      });

      it('an author who edits a hidden review leaves it hidden with its reason, queued for a new decision, with an audit entry', async () => {
        const other = await save('other', { rating: 2 });
        const review = await save('author', { rating: 5, aspects: { content: 5 } });
        await storage.reviews.moderate(COURSE, review.id, { status: 'hidden', hiddenReason: 'Insult' }, auditInput(COURSE, { at: at(HOUR), subject: { type: 'review', id: review.id } }));
        const hiddenSummary = await storage.reviews.summary(ITEM, T0);
        expect(hiddenSummary.overall).toEqual({ count: 1, sum: 2, histogram: [0, 1, 0, 0, 0] });
        expect(await storage.reviews.countModerationQueue(COURSE)).toBe(0);

        // Whatever the domain asks (published here), the edit of a hidden review stays hidden.
        const { review: edited, previous } = await storage.reviews.saveReview(
          write('author', { rating: 1, aspects: { content: 1, trainer: 1 }, title: 'Changed', holdReasons: [] }),
          at(2 * HOUR),
        );
        expect(previous?.status).toBe('hidden');
        expect(edited).toMatchObject({ id: review.id, status: 'hidden', hiddenReason: 'Insult', awaitingDecision: true, title: 'Changed', rating: 1, editedAt: at(2 * HOUR) });
        expect(await storage.reviews.findReview(COURSE, review.id)).toEqual(edited);
        expect(await storage.reviews.summary(ITEM, T0)).toEqual(hiddenSummary);
        expect((await storage.reviews.listReviews(ITEM, { sort: 'recent', statuses: ['published'], limit: 10 })).items.map((r) => r.id)).toEqual([other.id]);
        expect(await storage.reviews.countModerationQueue(COURSE)).toBe(1);
        expect((await storage.reviews.moderationQueue(COURSE, { limit: 10 })).items.map((r) => r.id)).toEqual([review.id]);
        const [editEntry] = (await storage.audit.listAudit(COURSE, { limit: 10 })).items;
        expect(editEntry).toEqual({
          id: expect.any(String),
          course: COURSE,
          at: at(2 * HOUR),
          actor: { id: 'author', name: 'Learner author', role: 'learner' },
          action: 'review.edit-hidden',
          subject: { type: 'review', id: review.id },
        });

        // A second edit keeps it queued once; keeping it hidden answers the edit.
        await storage.reviews.saveReview(write('author', { rating: 3 }), at(3 * HOUR));
        expect(await storage.reviews.countModerationQueue(COURSE)).toBe(1);
        const kept = await storage.reviews.moderate(COURSE, review.id, { status: 'hidden', hiddenReason: 'Still rude' }, auditInput(COURSE, { at: at(4 * HOUR) }));
        expect(kept).toMatchObject({ status: 'hidden', hiddenReason: 'Still rude' });
        expect(kept).not.toHaveProperty('awaitingDecision');
        expect(await storage.reviews.countModerationQueue(COURSE)).toBe(0);
        expect(await storage.reviews.summary(ITEM, T0)).toEqual(hiddenSummary);

        // Restoring counts the edited rating, once.
        await storage.reviews.saveReview(write('author', { rating: 4, aspects: {} }), at(5 * HOUR));
        const restored = await storage.reviews.moderate(COURSE, review.id, { status: 'published' }, auditInput(COURSE, { at: at(6 * HOUR), action: 'review.restore' }));
        expect(restored).toMatchObject({ status: 'published', rating: 4 });
        expect(restored).not.toHaveProperty('awaitingDecision');
        expect(restored).not.toHaveProperty('hiddenReason');
        expect((await storage.reviews.summary(ITEM, T0)).overall).toEqual({ count: 2, sum: 6, histogram: [0, 1, 0, 1, 0] });
        expect(await storage.reviews.countModerationQueue(COURSE)).toBe(0);
        // Once published again, an edit is an ordinary edit: no audit entry, no queue.
        const before = (await storage.audit.listAudit(COURSE, { limit: 50 })).items.length;
        expect((await save('author', { rating: 5 }, at(7 * HOUR))).status).toBe('published');
        expect((await storage.audit.listAudit(COURSE, { limit: 50 })).items).toHaveLength(before);
      });

      it('lists every hidden review of the course, reported or not, newest first, by stars, page by page', async () => {
        const hide = (id: string) => storage.reviews.moderate(COURSE, id, { status: 'hidden', hiddenReason: `Reason ${id}` }, auditInput(COURSE));
        const made: Review[] = [];
        for (const [i, rating] of ([1, 2, 1, 5, 1, 3] as Rating[]).entries()) {
          const minute = i === 2 ? 1 : i; // two reviews of the same millisecond: ordered by id
          made.push(await save(`h-${i}`, { rating, ...(i === 5 ? { item: ACTIVITY } : {}) }, at(minute * MINUTE)));
        }
        for (const r of made) await hide(r.id);
        await storage.reviews.report(COURSE, made[0].id, 'rep-1', 'spam', T0);
        await save('visible', { rating: 1 }, at(30 * MINUTE));
        await save('held', { rating: 1, status: 'held', holdReasons: ['link'] }, at(31 * MINUTE));
        for (const other of ELSEWHERE) {
          const foreign = (await storage.reviews.saveReview(write('h-0', { item: itemOf(other), rating: 1 }), T0)).review;
          await storage.reviews.moderate(other, foreign.id, { status: 'hidden' }, auditInput(other));
        }

        const newestFirst = (list: Review[]) =>
          [...list].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((r) => r.id);
        const walkHidden = async (stars?: Rating) => {
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let pages = 0; pages < 20; pages++) {
            const page = await storage.reviews.listHidden(COURSE, { limit: 2, ...(stars === undefined ? {} : { stars }), ...(cursor === undefined ? {} : { cursor }) });
            expect(page.items.every((r) => r.status === 'hidden' && r.hiddenReason === `Reason ${r.id}`)).toBe(true);
            seen.push(...page.items.map((r) => r.id));
            if (page.nextCursor === null) return seen;
            cursor = page.nextCursor;
          }
          throw new Error('listHidden never returned a last page');
        };
        expect(await walkHidden()).toEqual(newestFirst(made));
        expect(await walkHidden(1)).toEqual(newestFirst(made.filter((r) => r.rating === 1)));
        expect(await walkHidden(4)).toEqual([]);
        await expect(storage.reviews.listHidden(COURSE, { limit: 2, cursor: 'not-a-cursor' })).rejects.toThrow();
        await expect(storage.reviews.listHidden(COURSE, { limit: 2, stars: 6 as Rating })).rejects.toThrow(RangeError);

        await storage.reviews.moderate(COURSE, made[3].id, { status: 'published' }, auditInput(COURSE, { action: 'review.restore' }));
        expect(await walkHidden()).toEqual(newestFirst(made.filter((r) => r.id !== made[3].id)));
        for (const other of ELSEWHERE) expect((await storage.reviews.listHidden(other, { limit: 10 })).items).toHaveLength(1);
      });

      it("moderating an unknown review, or another course's review, changes nothing and writes no audit entry", async () => {
        const review = await save('author');
        expect(await storage.reviews.moderate(COURSE, 'no-such-review', { status: 'hidden' }, auditInput(COURSE))).toBeNull();
        for (const other of ELSEWHERE) {
          expect(await storage.reviews.moderate(other, review.id, { status: 'hidden' }, auditInput(other))).toBeNull();
          expect((await storage.audit.listAudit(other, { limit: 10 })).items).toEqual([]);
        }
        expect((await storage.audit.listAudit(COURSE, { limit: 10 })).items).toEqual([]);
        expect((await storage.reviews.findReview(COURSE, review.id))?.status).toBe('published');
      });

      it('refuses an audit entry of another course than the moderated review', async () => {
        const review = await save('author');
        await expect(storage.reviews.moderate(COURSE, review.id, { status: 'hidden' }, auditInput(course(LMS_B)))).rejects.toThrow();
        expect((await storage.reviews.findReview(COURSE, review.id))?.status).toBe('published');
        expect((await storage.audit.listAudit(course(LMS_B), { limit: 10 })).items).toEqual([]);
      });

      it('the queue holds held and reported reviews of every item of the course, oldest first, page by page', async () => {
        const held1 = await save('h-1', { status: 'held', holdReasons: ['link'] }, at(5 * MINUTE));
        const reported = await save('p-1', {}, at(1 * MINUTE));
        await save('p-2', {}, at(2 * MINUTE)); // published, not reported: not queued
        const held2 = await save('h-2', { item: ACTIVITY, status: 'held', holdReasons: ['email'] }, at(3 * MINUTE));
        const tie = await save('h-3', { item: ACTIVITY, status: 'held', holdReasons: ['phone'] }, at(3 * MINUTE));
        await storage.reviews.report(COURSE, reported.id, 'r-1', 'spam', T0);
        // The same ids in other courses, held and reported there.
        for (const other of ELSEWHERE) {
          const foreign = (await storage.reviews.saveReview(write('h-1', { item: itemOf(other), status: 'held', holdReasons: ['link'] }), T0)).review;
          await storage.reviews.report(other, foreign.id, 'r-1', 'spam', T0);
        }

        const expected = [reported, ...[held2, tie].sort((a, b) => (a.id < b.id ? -1 : 1)), held1].map((r) => r.id);
        expect(await storage.reviews.countModerationQueue(COURSE)).toBe(4);
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await storage.reviews.moderationQueue(COURSE, { limit: 2, ...(cursor === undefined ? {} : { cursor }) });
          seen.push(...page.items.map((r) => r.id));
          cursor = page.nextCursor ?? undefined;
          pages++;
        } while (cursor !== undefined && pages < 10);
        expect(seen).toEqual(expected);
        expect(pages).toBe(2);

        await storage.reviews.moderate(COURSE, held1.id, { status: 'published' }, auditInput(COURSE, { action: 'review.approve' }));
        await storage.reviews.moderate(COURSE, reported.id, { status: 'published' }, auditInput(COURSE, { action: 'review.restore' }));
        await storage.reviews.moderate(COURSE, tie.id, { status: 'hidden' }, auditInput(COURSE));
        expect(await storage.reviews.countModerationQueue(COURSE)).toBe(1);
        expect((await storage.reviews.moderationQueue(COURSE, { limit: 10 })).items.map((r) => r.id)).toEqual([held2.id]);
        for (const other of ELSEWHERE) expect(await storage.reviews.countModerationQueue(other)).toBe(1);
      });
    });

    describe('tenancy and author numbers', () => {
      it("finding a review by id never returns another course's review", async () => {
        const review = await save('author');
        for (const other of ELSEWHERE) {
          expect(await storage.reviews.findReview(other, review.id)).toBeNull();
          expect(await storage.reviews.findReviewByAuthor(itemOf(other), 'author')).toBeNull();
        }
        expect(await storage.reviews.findReview(COURSE, review.id)).not.toBeNull();
      });

      it('the same context id on two platforms (or deployments) stays separate in every store', async () => {
        const a = COURSE;
        const b = course(LMS_B);
        await storage.settings.saveSettings(a, settings({ minRatings: 1 }), buildAudit(a));
        await storage.settings.saveSettings(b, settings({ minRatings: 9 }), buildAudit(b));
        expect((await storage.settings.getSettings(a))?.minRatings).toBe(1);
        expect((await storage.settings.getSettings(b))?.minRatings).toBe(9);
        expect(await storage.settings.getSettings(course(LMS_A2))).toBeNull();
        expect(await storage.settings.getSettings(course(LMS_A, 'course-101', 'dep-2'))).toBeNull();

        await storage.audit.appendAudit(auditInput(a, { action: 'review.approve' }));
        await storage.audit.appendAudit(auditInput(b, { action: 'review.restore' }));
        // Each course's settings save wrote its own entry, in that course only.
        expect((await storage.audit.listAudit(a, { limit: 5 })).items.map((e) => e.action)).toEqual(['review.approve', 'settings.update']);
        expect((await storage.audit.listAudit(b, { limit: 5 })).items.map((e) => e.action)).toEqual(['review.restore', 'settings.update']);

        const onA = (await storage.reviews.saveReview(write('u-1', { item: itemOf(a), rating: 5 }), T0)).review;
        const onB = (await storage.reviews.saveReview(write('u-1', { item: itemOf(b), rating: 1, status: 'held', holdReasons: ['link'] }), T0)).review;
        expect(onB.id).not.toBe(onA.id);
        expect((await storage.reviews.summary(itemOf(a), T0)).overall).toEqual({ count: 1, sum: 5, histogram: [0, 0, 0, 0, 1] });
        expect((await storage.reviews.summary(itemOf(b), T0)).overall.count).toBe(0);
        expect(await storage.reviews.countReviewers(itemOf(a))).toBe(1);
        expect(await storage.reviews.countReviewers(itemOf(b))).toBe(1);
        expect(await storage.reviews.countReviewers(itemOf(course(LMS_A2)))).toBe(0);
        expect((await storage.reviews.findReviewByAuthor(itemOf(a), 'u-1'))?.id).toBe(onA.id);
        expect((await storage.reviews.findReviewByAuthor(itemOf(b), 'u-1'))?.id).toBe(onB.id);
        expect((await walk(itemOf(a), 'recent', ALL_STATUSES, undefined, 5)).flat().map((r) => r.id)).toEqual([onA.id]);
        expect((await walk(itemOf(b), 'recent', ALL_STATUSES, undefined, 5)).flat().map((r) => r.id)).toEqual([onB.id]);
        expect(await storage.reviews.countModerationQueue(a)).toBe(0);
        expect(await storage.reviews.countModerationQueue(b)).toBe(1);
        expect((await everyReview(a)).map((r) => r.id)).toEqual([onA.id]);
        expect((await everyReview(b)).map((r) => r.id)).toEqual([onB.id]);
        expect(onA.authorNumber).toBe(1);
        expect(onB.authorNumber).toBe(1);
        expect(await storage.reviews.deleteReview(itemOf(b), 'u-1')).not.toBeNull();
        expect(await storage.reviews.findReview(a, onA.id)).not.toBeNull();
      });

      it('author numbers are distinct within a course and stable across edits, other items and a delete', async () => {
        const n1 = (await save('a')).authorNumber;
        const n2 = (await save('b')).authorNumber;
        const n3 = (await save('c', { item: ACTIVITY })).authorNumber;
        expect([n1, n2, n3]).toEqual([1, 2, 3]);
        expect((await save('a', { rating: 1 }, at(DAY))).authorNumber).toBe(1);
        expect((await save('b', { item: ACTIVITY })).authorNumber).toBe(2);
        await storage.reviews.deleteReview(ITEM, 'a');
        expect((await save('d')).authorNumber).toBe(4);
        expect((await save('a', {}, at(2 * DAY))).authorNumber).toBe(1);
        // Another course numbers its own authors from 1.
        expect((await storage.reviews.saveReview(write('c', { item: itemOf(course(LMS_A, 'course-202')) }), T0)).review.authorNumber).toBe(1);
      });

      it('authors writing their first reviews at the same time get distinct numbers', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => storage.reviews.saveReview(write(`u-${i}`, i % 2 ? { item: ACTIVITY } : {}), T0)));
        expect(results.map((r) => r.review.authorNumber).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      });
    });

    describe('export', () => {
      it('yields every review of the course in any status, oldest first, and nothing of other courses', async () => {
        const total = 1_100; // more than one read batch
        const items = [ITEM, ACTIVITY, itemOf(COURSE, 'link-9')];
        const writes: Promise<unknown>[] = [];
        for (let i = 0; i < total; i++) {
          writes.push(
            storage.reviews.saveReview(
              write(`u-${i}`, { item: items[i % 3], ...(i % 7 === 0 ? { status: 'held' as const, holdReasons: ['moderation' as const] } : {}) }),
              at(Math.floor(i / 4) * 1000),
            ),
          );
          if (writes.length === 50) await Promise.all(writes.splice(0));
        }
        await Promise.all(writes);
        await storage.reviews.saveReview(write('u-1', { item: itemOf(course(LMS_B)) }), T0);
        const all = await everyReview(COURSE);
        expect(all).toHaveLength(total);
        expect(new Set(all.map((r) => r.id)).size).toBe(total);
        const sorted = [...all].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        expect(all.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
        expect(all.filter((r) => r.status === 'held')).toHaveLength(Math.ceil(total / 7));
        expect(await everyReview(course(LMS_A2))).toEqual([]);
      });
    });

    describe('ratings per course and day', () => {
      /** YYYYMMDD of a date, UTC, computed here rather than with the adapters' helper. */
      const ymd = (d: Date) => Number(d.toISOString().slice(0, 10).replace(/-/g, ''));
      const days = async (c: ContextKey = COURSE) =>
        (await storage.ratingDays.courseDays(c, 20000101, 20991231)).map((d) => [d.day, d.stats.count, d.stats.sum, d.stats.histogram.join('')]);

      it('count a published review on the day of its last rating, across the items of the course', async () => {
        await save('u-1', { rating: 4 }, T0);
        await save('u-2', { rating: 2, item: ACTIVITY }, at(2 * DAY));
        await save('u-3', { rating: 5, status: 'held', holdReasons: ['moderation'] }, T0);
        expect(await days()).toEqual([
          [ymd(T0), 1, 4, '00010'],
          [ymd(at(2 * DAY)), 1, 2, '01000'],
        ]);
        // A text edit keeps the day; a new rating moves the review to the day of the edit.
        await save('u-1', { rating: 4, title: 'Edited' }, at(DAY));
        expect((await days())[0]).toEqual([ymd(T0), 1, 4, '00010']);
        await save('u-1', { rating: 3 }, at(3 * DAY));
        expect(await days()).toEqual([
          [ymd(at(2 * DAY)), 1, 2, '01000'],
          [ymd(at(3 * DAY)), 1, 3, '00100'],
        ]);
      });

      it('follow moderation and deletion, and keep each course, deployment and platform apart', async () => {
        const a = await save('u-1', { rating: 5 }, T0);
        await save('u-2', { rating: 1 }, T0);
        await storage.reviews.moderate(COURSE, a.id, { status: 'hidden', hiddenReason: 'x' }, auditInput(COURSE, { action: 'review.hide' }));
        expect(await days()).toEqual([[ymd(T0), 1, 1, '10000']]);
        await storage.reviews.moderate(COURSE, a.id, { status: 'published' }, auditInput(COURSE, { action: 'review.approve' }));
        expect(await days()).toEqual([[ymd(T0), 2, 6, '10001']]);
        await storage.reviews.deleteReview(ITEM, 'u-2');
        expect(await days()).toEqual([[ymd(T0), 1, 5, '00001']]);
        await storage.reviews.deleteReview(ITEM, 'u-1');
        expect(await days()).toEqual([]);
        for (const [i, elsewhere] of ELSEWHERE.entries()) await save(`x-${i}`, { item: itemOf(elsewhere), rating: 3 }, at(i * DAY));
        expect(await days()).toEqual([]);
        for (const [i, elsewhere] of ELSEWHERE.entries()) expect(await days(elsewhere)).toEqual([[ymd(at(i * DAY)), 1, 3, '00100']]);
      });

      it('read a range of days of one course, and of every course of a deployment', async () => {
        const other = course(LMS_A, 'course-202');
        for (let d = 0; d < 10; d++) await save(`u-${d}`, { rating: ((d % 5) + 1) as Rating }, at(d * DAY));
        for (let d = 0; d < 10; d += 3) await save(`v-${d}`, { item: itemOf(other), rating: 4 }, at(d * DAY));
        await save('w-1', { item: itemOf(course(LMS_A, 'course-101', 'dep-2')), rating: 1 }, at(DAY));
        const from = ymd(at(2 * DAY));
        const to = ymd(at(6 * DAY));
        const mine = await storage.ratingDays.courseDays(COURSE, from, to);
        expect(mine.map((d) => d.day)).toEqual([2, 3, 4, 5, 6].map((d) => ymd(at(d * DAY))));
        const oneByOne = Array.from({ length: 5 }, (_, i) => ymd(at((2 + i) * DAY))).map((day) => ({ from: day, to: day }));
        const all = await storage.ratingDays.deploymentRanges(COURSE, oneByOne);
        expect(all.map((d) => [d.day, d.course.contextId])).toEqual([
          [ymd(at(2 * DAY)), 'course-101'],
          [ymd(at(3 * DAY)), 'course-101'],
          [ymd(at(3 * DAY)), 'course-202'],
          [ymd(at(4 * DAY)), 'course-101'],
          [ymd(at(5 * DAY)), 'course-101'],
          [ymd(at(6 * DAY)), 'course-101'],
          [ymd(at(6 * DAY)), 'course-202'],
        ]);
        expect(all.every((d) => d.course.deploymentId === 'dep-1' && d.course.issuer === LMS_A.issuer && d.course.clientId === LMS_A.clientId)).toBe(true);
        // Summed per course over wider ranges, dated each range's last day; days outside every range count nowhere.
        const sums = await storage.ratingDays.deploymentRanges(COURSE, [{ from, to: ymd(at(3 * DAY)) }, { from: ymd(at(4 * DAY)), to }]);
        expect(sums.map((d) => [d.day, d.course.contextId, d.stats.count])).toEqual([
          [ymd(at(3 * DAY)), 'course-101', 2],
          [ymd(at(3 * DAY)), 'course-202', 1],
          [to, 'course-101', 3],
          [to, 'course-202', 1],
        ]);
        const [first] = sums;
        expect(first.stats.sum).toBe(mine.filter((d) => d.day <= ymd(at(3 * DAY))).reduce((n, d) => n + d.stats.sum, 0));
        expect(await storage.ratingDays.deploymentRanges(course(LMS_B), [{ from: 20000101, to: 20991231 }])).toEqual([]);
        expect(await storage.ratingDays.deploymentRanges(COURSE, [])).toEqual([]);
      });
    });
  });
}
