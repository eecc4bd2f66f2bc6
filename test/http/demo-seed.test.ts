/**
 * The demo seed (src/demo/demo-seed.ts) on a real SQLite store: what a fresh `npm start` shows in the
 * demo's other courses, written through the storage ports as real use would have written it.
 */
import { seedDemo } from '../../src/demo/demo-seed';
import { SEED_COURSES } from '../../src/demo/demo-seed-data';
import type { ContextKey, DeploymentKey } from '../../src/context/tenant';
import type { Storage } from '../../src/storage/port';
import { INITIAL_VERSION } from '../../src/storage/ports/course-versions';
import type { ItemKey } from '../../src/storage/ports/reviews';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

const DEPLOYMENT: DeploymentKey = { issuer: 'http://127.0.0.1:3000/platform', clientId: 'learner-voice-demo', deploymentId: '1' };
const NOW = new Date('2027-03-15T10:00:00.000Z');
const course = (contextId: string): ContextKey => ({ ...DEPLOYMENT, contextId });
const item = (contextId: string): ItemKey => ({ ...course(contextId), itemId: 'course' });
const average = (stats: { sum: number; count: number }) => stats.sum / stats.count;

let storage: Storage;
let first: Awaited<ReturnType<typeof seedDemo>>;
let second: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
  storage = openSqliteStorage({ file: ':memory:' });
  first = await seedDemo(storage, DEPLOYMENT, NOW);
  second = await seedDemo(storage, DEPLOYMENT, new Date(NOW.getTime() + 60_000));
});
afterAll(async () => storage.close());

describe('the demo seed', () => {
  it('seeds every demo course once: a second run finds their reviews and adds nothing', async () => {
    const ids = SEED_COURSES.map((c) => c.id);
    expect(first).toEqual({ seeded: ids, skipped: [] });
    expect(second).toEqual({ seeded: [], skipped: ids });
    for (const c of SEED_COURSES) {
      expect(await storage.reviews.countReviewers(item(c.id))).toBe(c.reviews.length);
      expect((await storage.actions.listActions(course(c.id), 10)).length).toBe(c.actions?.length ?? 0);
      expect((await storage.courseVersions.listVersions(course(c.id))).length).toBe(c.actions?.filter((a) => a.version).length ?? 0);
    }
  });

  it('keeps each course’s summary exact, with aspects and the last twelve months', async () => {
    for (const c of SEED_COURSES) {
      const summary = await storage.reviews.summary(item(c.id), NOW);
      const ratings = c.reviews.map((r) => r.rating);
      expect(summary.overall.count).toBe(ratings.length);
      expect(summary.overall.sum).toBe(ratings.reduce((a, b) => a + b, 0));
      expect(summary.last12Months.count).toBe(ratings.length);
      for (const aspect of c.aspects) expect(summary.aspects[aspect]?.count).toBe(c.reviews.filter((r) => r.aspects?.[aspect]).length);
    }
    const agile = await storage.reviews.summary(item('3'), NOW);
    expect(agile.overall.histogram).toEqual([0, 2, 2, 3, 2]);
  });

  it('writes reviews as learners who launched the course would: published, verified, with responses', async () => {
    const page = await storage.reviews.listReviews(item('4'), { sort: 'recent', statuses: ['published', 'held', 'hidden'], limit: 20 });
    expect(page.items).toHaveLength(6);
    expect(page.items.every((r) => r.status === 'published' && r.verified)).toBe(true);
    const answered = page.items.filter((r) => r.response);
    expect(answered.map((r) => r.response?.by.role)).toEqual(['instructor', 'instructor']);
    expect(answered.every((r) => r.response!.at > r.createdAt)).toBe(true);
    const member = await storage.members.findMember(course('4'), '102');
    expect(member?.firstLearnerLaunchAt?.getTime()).toBeLessThan(page.items.find((r) => r.author.id === '102')!.createdAt.getTime());
    expect((await storage.settings.getSettings(course('4')))?.aspects).toEqual(['content', 'materials']);
  });

  it('records a done action with the course version it took effect in, and ratings before and after it', async () => {
    const actions = await storage.actions.listActions(course('3'), 10);
    const done = actions.find((a) => a.status === 'done');
    expect(done?.description).toBe('Replace two lecture hours with a sprint simulation in teams');
    const [version] = await storage.courseVersions.listVersions(course('3'));
    expect(done?.doneInVersion).toBe(version.id);
    expect(done?.reviewIds).toHaveLength(2);

    const figures = await storage.reviews.versionSummaries(item('3'));
    const before = figures.get(INITIAL_VERSION)!;
    const after = figures.get(version.id)!;
    // Both sides above the course's minimum of 3 ratings, so the panel shows before and after.
    expect(before.count).toBe(5);
    expect(after.count).toBe(4);
    expect(average(before)).toBeCloseTo(2.8);
    expect(average(after)).toBeCloseTo(4.5);

    const linked = await storage.actions.actionsForReviews(course('3'), done!.reviewIds);
    expect([...linked.values()].every((list) => list.some((a) => a.id === done!.id))).toBe(true);
    expect(actions.find((a) => a.status === 'planned')?.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('opens one consultation, with its outline, a poll with answers and ideas with votes', async () => {
    const open = await storage.consultations.listConsultations(course('7'), ['open'], { limit: 10 });
    expect(open.items).toHaveLength(1);
    const consultation = open.items[0];
    expect(consultation.title).toBe('An advanced module: what should it cover?');
    expect(consultation.outline).toHaveLength(1);
    expect(consultation.closesOn! > NOW.toISOString().slice(0, 10)).toBe(true);
    const [poll] = await storage.consultations.listPolls(course('7'), consultation.id);
    expect((await storage.consultations.pollResults(course('7'), poll.id))?.respondents).toBe(4);
    const ideas = await storage.consultations.listIdeas(course('7'), { kind: 'idea', consultationId: consultation.id, sort: 'votes', includeHidden: false, limit: 10 });
    expect(ideas.items.map((i) => i.voteCount)).toEqual([3, 2]);
    expect(await storage.consultations.participation(course('7'), consultation.id)).toBe(5);
    for (const other of ['3', '4', '5', '6']) {
      expect((await storage.consultations.listConsultations(course(other), ['draft', 'open', 'closed'], { limit: 10 })).items).toHaveLength(0);
    }
  });

  it('never touches a course of another deployment', async () => {
    const other: ItemKey = { ...item('3'), deploymentId: '2' };
    expect(await storage.reviews.countReviewers(other)).toBe(0);
  });
});
