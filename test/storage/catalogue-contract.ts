/**
 * The contract of the catalogue store (ports/catalogue.ts): courses learned from launches with a
 * stable badge token, generation moves only when what the catalogue shows changed, change cursors by
 * the store's clock, placements, answer counts and buy-in, never across tenants. Run unchanged on
 * every adapter (sqlite.test.ts, mongo.test.ts).
 */
import type { ContextKey, DeploymentKey } from '../../src/context/tenant';
import type { Storage } from '../../src/storage/port';
import type { ItemKey, ReviewWrite } from '../../src/storage/ports/reviews';

const COURSE: ContextKey = { issuer: 'https://lms-a.example', clientId: 'client-1', deploymentId: 'dep-1', contextId: 'course-101' };
const DEPLOYMENT: DeploymentKey = { issuer: COURSE.issuer, clientId: COURSE.clientId, deploymentId: COURSE.deploymentId };
const NEIGHBOURS: ReadonlyArray<[string, ContextKey]> = [
  ['another client id', { ...COURSE, clientId: 'client-2' }],
  ['another issuer', { ...COURSE, issuer: 'https://lms-b.example' }],
  ['another deployment', { ...COURSE, deploymentId: 'dep-2' }],
];
const T0 = new Date('2030-03-01T10:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function review(item: ItemKey, authorId: string, rating: 1 | 2 | 3 | 4 | 5): ReviewWrite {
  return { item, author: { id: authorId, name: `Learner ${authorId}` }, rating, aspects: {}, title: 'T', liked: 'L', improve: 'I', status: 'published', holdReasons: [], verified: true };
}

export function catalogueContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: catalogue`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('records a course at its first launch with the given token and keeps the token and first date afterwards', async () => {
      const first = await storage.catalogue.recordCourse(COURSE, { title: 'Agile', label: 'AG1', lmsUrl: 'https://lms-a.example/course/view.php?id=101' }, 'token-aaaaaaaaaaaaaaaaaaaa', T0);
      expect(first).toMatchObject({ title: 'Agile', label: 'AG1', badgeToken: 'token-aaaaaaaaaaaaaaaaaaaa', firstSeenAt: T0, lastLaunchAt: T0 });
      const second = await storage.catalogue.recordCourse(COURSE, { title: 'Agile 2' }, 'token-bbbbbbbbbbbbbbbbbbbb', later(5));
      expect(second).toMatchObject({ title: 'Agile 2', badgeToken: 'token-aaaaaaaaaaaaaaaaaaaa', firstSeenAt: T0, lastLaunchAt: later(5) });
      expect(second.label).toBeUndefined();
      expect(second.lmsUrl).toBeUndefined();
      const found = await storage.catalogue.findCourse(COURSE);
      expect(found).toEqual(second);
      expect(await storage.catalogue.findByBadgeToken('token-aaaaaaaaaaaaaaaaaaaa')).toEqual(second);
      expect(await storage.catalogue.findByBadgeToken('token-bbbbbbbbbbbbbbbbbbbb')).toBeNull();
    });

    it('keeps an LMS title that looks like an operator as plain text', async () => {
      const saved = await storage.catalogue.recordCourse(COURSE, { title: '$title', label: '{"$ne":null}' }, 'token-cccccccccccccccccccc', T0);
      expect(saved.title).toBe('$title');
      expect((await storage.catalogue.findCourse(COURSE))?.label).toBe('{"$ne":null}');
    });

    it('moves the course generation when the title, label or URL changes, and only then', async () => {
      await storage.catalogue.recordCourse(COURSE, { title: 'Agile', label: 'AG1' }, 'token-dddddddddddddddddddd', T0);
      const g1 = await storage.generations.generationOf(COURSE);
      expect(g1).toBeGreaterThan(0);
      await storage.catalogue.recordCourse(COURSE, { title: 'Agile', label: 'AG1' }, 'token-dddddddddddddddddddd', later(1));
      expect(await storage.generations.generationOf(COURSE)).toBe(g1);
      await storage.catalogue.recordCourse(COURSE, { title: 'Agile', label: 'AG2' }, 'token-dddddddddddddddddddd', later(2));
      const g2 = await storage.generations.generationOf(COURSE);
      expect(g2).toBeGreaterThan(g1);
      await storage.catalogue.recordCourse(COURSE, { title: 'Agile', label: 'AG2', lmsUrl: 'https://lms-a.example/c/1' }, 'token-dddddddddddddddddddd', later(3));
      expect(await storage.generations.generationOf(COURSE)).toBeGreaterThan(g2);
    });

    it('lists the deployment courses with their generations, and reports changes since a store time', async () => {
      const other: ContextKey = { ...COURSE, contextId: 'course-202' };
      const start = await storage.catalogue.storeTime();
      await storage.catalogue.recordCourse(COURSE, { title: 'Agile' }, 'token-eeeeeeeeeeeeeeeeeeee', T0);
      await storage.catalogue.recordCourse(other, { title: 'Excel' }, 'token-ffffffffffffffffffff', T0);
      for (const [, neighbour] of NEIGHBOURS) await storage.catalogue.recordCourse(neighbour, { title: 'Elsewhere' }, `token-${neighbour.clientId}-${neighbour.deploymentId}-${neighbour.issuer.length}`, T0);
      const listed = await storage.catalogue.listCourses(DEPLOYMENT);
      expect(listed.map((l) => l.course.title).sort()).toEqual(['Agile', 'Excel']);
      for (const l of listed) expect(l.generation).toBe(await storage.generations.generationOf(l.course.course));
      const { now, changes } = await storage.catalogue.changesSince(DEPLOYMENT, start - 1);
      expect(now).toBeGreaterThanOrEqual(start);
      expect(changes.map((c) => c.contextId).sort()).toEqual(['course-101', 'course-202']);
      for (const c of changes) expect(c.changedAt).toBeGreaterThanOrEqual(start - 1);

      const mark = Math.max(...changes.map((c) => c.changedAt)) + 1;
      expect((await storage.catalogue.changesSince(DEPLOYMENT, mark)).changes).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await storage.reviews.saveReview(review({ ...other, itemId: 'course' }, 'u1', 4), later(1));
      const { changes: next } = await storage.catalogue.changesSince(DEPLOYMENT, mark);
      expect(next.map((c) => c.contextId)).toEqual(['course-202']);
      expect(next[0].generation).toBe(await storage.generations.generationOf(other));
    });

    it('lists every course of the platform for the badge CLI, and no other platform', async () => {
      await storage.catalogue.recordCourse(COURSE, { title: 'Agile' }, 'token-gggggggggggggggggggg', T0);
      await storage.catalogue.recordCourse({ ...COURSE, deploymentId: 'dep-2' }, { title: 'Dep 2' }, 'token-hhhhhhhhhhhhhhhhhhhh', T0);
      await storage.catalogue.recordCourse({ ...COURSE, issuer: 'https://lms-b.example' }, { title: 'B' }, 'token-iiiiiiiiiiiiiiiiiiii', T0);
      const titles = (await storage.catalogue.listPlatformCourses(COURSE)).map((c) => c.title);
      expect(titles.sort()).toEqual(['Agile', 'Dep 2']);
    });

    it('marks the badge as served once', async () => {
      await storage.catalogue.recordCourse(COURSE, { title: 'Agile' }, 'token-jjjjjjjjjjjjjjjjjjjj', T0);
      await storage.catalogue.markBadgeServed(COURSE, later(1));
      await storage.catalogue.markBadgeServed(COURSE, later(2));
      expect((await storage.catalogue.findCourse(COURSE))?.badgeServedAt).toEqual(later(1));
    });

    it('remembers a catalogue placement per deployment', async () => {
      expect(await storage.catalogue.hasPlacement(DEPLOYMENT)).toBe(false);
      await storage.catalogue.recordPlacement(DEPLOYMENT, T0);
      await storage.catalogue.recordPlacement(DEPLOYMENT, later(1));
      expect(await storage.catalogue.hasPlacement(DEPLOYMENT)).toBe(true);
      expect(await storage.catalogue.hasPlacement({ ...DEPLOYMENT, deploymentId: 'dep-2' })).toBe(false);
      expect(await storage.catalogue.hasPlacement({ ...DEPLOYMENT, clientId: 'client-2' })).toBe(false);
    });

    it('counts published reviews and those with an official response', async () => {
      const item: ItemKey = { ...COURSE, itemId: 'course' };
      const a = await storage.reviews.saveReview(review(item, 'u1', 2), T0);
      await storage.reviews.saveReview(review(item, 'u2', 5), T0);
      await storage.reviews.saveReview({ ...review(item, 'u3', 4), status: 'held', holdReasons: ['moderation'] }, T0);
      await storage.reviews.saveReview(review({ ...item, itemId: 'link:x' }, 'u4', 4), T0);
      expect(await storage.catalogue.answerCounts(item)).toEqual({ answered: 0, reviews: 2 });
      await storage.responses.respond(COURSE, a.review.id, { text: 'Thanks', by: { id: 't', name: 'T', role: 'instructor' }, at: later(1) });
      expect(await storage.catalogue.answerCounts(item)).toEqual({ answered: 1, reviews: 2 });
      expect(await storage.catalogue.answerCounts({ ...item, deploymentId: 'dep-2' })).toEqual({ answered: 0, reviews: 0 });
    });

    it('counts buy-in: opened from the catalogue once per visitor, launched afterwards once', async () => {
      await storage.catalogue.recordOpen(COURSE, 'v1', T0);
      await storage.catalogue.recordOpen(COURSE, 'v1', later(1));
      await storage.catalogue.recordOpen(COURSE, 'v2', T0);
      // A launch by someone who never opened it from the catalogue is not buy-in.
      await storage.catalogue.recordCourseLaunch(COURSE, 'v3', later(2));
      // A launch before the open does not count either.
      await storage.catalogue.recordCourseLaunch(COURSE, 'v2', new Date(T0.getTime() - 60_000));
      expect(await storage.catalogue.buyIn(COURSE)).toEqual({ opened: 2, launched: 0 });
      await storage.catalogue.recordCourseLaunch(COURSE, 'v1', later(3));
      await storage.catalogue.recordCourseLaunch(COURSE, 'v1', later(4));
      expect(await storage.catalogue.buyIn(COURSE)).toEqual({ opened: 2, launched: 1 });
      for (const [, neighbour] of NEIGHBOURS) expect(await storage.catalogue.buyIn(neighbour)).toEqual({ opened: 0, launched: 0 });
    });

    it('counts an opened consultation as a change of the course', async () => {
      const g0 = await storage.generations.generationOf(COURSE);
      const created = await storage.consultations.createConsultation(COURSE, { title: 'Next session', brief: 'b', questions: [], status: 'draft' }, T0);
      const g1 = await storage.generations.generationOf(COURSE);
      expect(g1).toBeGreaterThan(g0);
      await storage.consultations.updateConsultation(COURSE, created.id, { title: 'Next session', brief: 'b', questions: [], status: 'open' }, later(1));
      expect(await storage.generations.generationOf(COURSE)).toBeGreaterThan(g1);
    });
  });
}
