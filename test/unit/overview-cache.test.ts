/**
 * The Listening overview kept per deployment (src/listening/overview-cache.ts): served again without
 * reading the figures while nothing changed, assembled again on the first request after a write that
 * moves a course's generation (from this process or another one sharing the SQLite file), at a new
 * day, and in the background once older than its maximum age for the counts no generation tracks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DeploymentKey } from '../../src/context/tenant';
import { courseOverview } from '../../src/listening/course-overview';
import { MAX_COURSES_READ_AGAIN, MAX_DEPLOYMENTS_KEPT, OverviewCache } from '../../src/listening/overview-cache';
import type { Storage } from '../../src/storage/port';
import type { Rating } from '../../src/storage/ports/reviews';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { LISTENING_COURSES, seedListeningCourses } from '../support/listening-courses';

const deployment: DeploymentKey = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1' };
const other: DeploymentKey = { ...deployment, deploymentId: 'd2' };
const course = (contextId: string, d = deployment) => ({ ...d, contextId });

let dir: string;
let storage: Storage;
let clock: { at: Date };
let figureReads: number;
/** The courses each read of the figures asked for (undefined: the whole deployment). */
let readCourses: Array<readonly string[] | undefined>;

const review = (s: Storage, contextId: string, author: string, rating: Rating, d = deployment) =>
  s.reviews.saveReview({ item: { ...course(contextId, d), itemId: 'course' }, author: { id: author, name: author }, rating, aspects: {}, title: '', liked: '', improve: '', status: 'published', holdReasons: [], verified: true }, clock.at);

const rowOf = (kept: Awaited<ReturnType<OverviewCache['overviewOf']>>, contextId: string) => kept.overview.rows.find((r) => r.figures.course.contextId === contextId)!;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lv-overview-cache-'));
  storage = openSqliteStorage({ file: path.join(dir, 'store.sqlite') });
  clock = { at: new Date('2026-12-07T10:00:00Z') };
  await seedListeningCourses(storage, deployment, clock.at);
  figureReads = 0;
  readCourses = [];
  const read = storage.listening.deploymentFigures.bind(storage.listening);
  storage.listening.deploymentFigures = (...args) => {
    figureReads++;
    readCourses.push(args[2]);
    return read(...args);
  };
});
afterEach(async () => {
  await storage.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cacheOf = (s: Storage, maxAgeMs = 60_000, onBackgroundError?: (err: unknown) => void) => new OverviewCache(s, () => clock.at, { maxAgeMs, onBackgroundError });

it('serves the same overview again while nothing changed, reading the figures once', async () => {
  const cache = cacheOf(storage);
  const first = await cache.overviewOf(deployment);
  clock.at = new Date(clock.at.getTime() + 30_000);
  const second = await cache.overviewOf(deployment);
  expect(second).toBe(first);
  expect(second.asOf).toEqual(new Date('2026-12-07T10:00:00Z'));
  expect(figureReads).toBe(1);
});

it('assembles again on the first request after a review, with the review counted', async () => {
  const cache = cacheOf(storage);
  const before = await cache.overviewOf(deployment);
  const agileBefore = rowOf(before, LISTENING_COURSES.agile);
  await review(storage, LISTENING_COURSES.agile, 'newcomer', 1);
  const after = await cache.overviewOf(deployment);
  expect(after.version).toBeGreaterThan(before.version);
  expect(rowOf(after, LISTENING_COURSES.agile).figures.reviews).toBe(agileBefore.figures.reviews + 1);
  expect(rowOf(after, LISTENING_COURSES.agile).trend!.last30.count).toBe(agileBefore.trend!.last30.count + 1);
  // And then keeps that one.
  expect(await cache.overviewOf(deployment)).toBe(after);
  expect(figureReads).toBe(2);
});

it('sees a response and a report (needs attention) at once', async () => {
  const cache = cacheOf(storage);
  const { review: fresh } = await review(storage, LISTENING_COURSES.coach, 'unhappy', 1);
  const before = rowOf(await cache.overviewOf(deployment), LISTENING_COURSES.coach);
  expect(before.figures.needsAttention).toBe(1);
  await storage.responses.respond(course(LISTENING_COURSES.coach), fresh.id, { text: 'Sorry, fixed.', by: { id: 't', name: 'T', role: 'instructor' }, at: clock.at });
  const after = rowOf(await cache.overviewOf(deployment), LISTENING_COURSES.coach);
  expect(after.figures.answered).toBe(before.figures.answered + 1);
  expect(after.figures.needsAttention).toBe(0);
});

it("is not assembled again by another deployment's writes", async () => {
  const cache = cacheOf(storage);
  const first = await cache.overviewOf(deployment);
  await review(storage, 'elsewhere', 'someone', 2, other);
  expect(await cache.overviewOf(deployment)).toBe(first);
  expect(figureReads).toBe(1);
});

it('sees a write made through another connection to the same file (another process)', async () => {
  const cache = cacheOf(storage);
  const before = rowOf(await cache.overviewOf(deployment), LISTENING_COURSES.budget);
  const second = openSqliteStorage({ file: path.join(dir, 'store.sqlite') });
  try {
    await review(second, LISTENING_COURSES.budget, 'from-process-b', 5);
  } finally {
    await second.close();
  }
  const after = rowOf(await cache.overviewOf(deployment), LISTENING_COURSES.budget);
  expect(after.figures.reviews).toBe(before.figures.reviews + 1);
});

it('is assembled again when the day changes (trends and overdue actions count in days)', async () => {
  const cache = cacheOf(storage, 24 * 3_600_000);
  const first = await cache.overviewOf(deployment);
  clock.at = new Date('2026-12-07T23:59:00Z');
  expect(await cache.overviewOf(deployment)).toBe(first);
  clock.at = new Date('2026-12-08T00:01:00Z');
  const next = await cache.overviewOf(deployment);
  expect(next).not.toBe(first);
  expect(next.asOf).toEqual(clock.at);
});

it('past its maximum age, serves the kept overview and assembles a new one in the background (buy-in moves no generation)', async () => {
  const cache = cacheOf(storage, 60_000);
  const first = await cache.overviewOf(deployment);
  const opened = rowOf(first, LISTENING_COURSES.coach).figures.buyIn.opened;
  await storage.catalogue.recordOpen(course(LISTENING_COURSES.coach), 'visitor-9', clock.at);
  clock.at = new Date(clock.at.getTime() + 59_000);
  expect(await cache.overviewOf(deployment)).toBe(first);
  clock.at = new Date(clock.at.getTime() + 2_000);
  // This request gets the kept one at once; the next gets the new one (waiting for it if needed).
  expect(await cache.overviewOf(deployment)).toBe(first);
  const next = await cache.overviewOf(deployment);
  expect(next).not.toBe(first);
  expect(rowOf(next, LISTENING_COURSES.coach).figures.buyIn.opened).toBe(opened + 1);
});

it('shares one assembly between requests arriving together', async () => {
  const cache = cacheOf(storage);
  const all = await Promise.all([cache.overviewOf(deployment), cache.overviewOf(deployment), cache.overviewOf(deployment)]);
  expect(new Set(all).size).toBe(1);
  expect(figureReads).toBe(1);
});

it('reports a failed assembly to the requester, and the next request tries again', async () => {
  const cache = cacheOf(storage);
  const read = storage.listening.deploymentFigures;
  storage.listening.deploymentFigures = () => Promise.reject(new Error('disk gone'));
  await expect(cache.overviewOf(deployment)).rejects.toThrow('disk gone');
  storage.listening.deploymentFigures = read;
  const kept = await cache.overviewOf(deployment);
  expect(rowOf(kept, LISTENING_COURSES.agile)).toBeDefined();
});

it('keeps serving the kept overview when a background assembly fails, and says so', async () => {
  const failures: unknown[] = [];
  const cache = cacheOf(storage, 1_000, (err) => failures.push(err));
  const first = await cache.overviewOf(deployment);
  storage.listening.deploymentFigures = () => Promise.reject(new Error('busy'));
  clock.at = new Date(clock.at.getTime() + 5_000);
  expect(await cache.overviewOf(deployment)).toBe(first);
  await new Promise((resolve) => setImmediate(resolve));
  expect(failures).toHaveLength(1);
});

it('reads again only the courses that changed, and assembles exactly what a read of everything gives', async () => {
  const cache = cacheOf(storage);
  await cache.overviewOf(deployment);
  // Writes of several kinds on two courses, one of them a course the overview had not seen yet.
  const { review: low } = await review(storage, LISTENING_COURSES.budget, 'grumpy', 1);
  await review(storage, 'k-new', 'first', 5);
  await storage.responses.respond(course(LISTENING_COURSES.budget), low.id, { text: 'We hear you.', by: { id: 't', name: 'T', role: 'instructor' }, at: clock.at });
  await storage.actions.createAction({ course: course(LISTENING_COURSES.budget), description: 'Slower pace', dueOn: '2026-12-01', status: 'planned', reviewIds: [low.id], createdBy: { id: 't', name: 'T' }, createdAt: clock.at });
  clock.at = new Date(clock.at.getTime() + 1_000);
  const kept = await cache.overviewOf(deployment);
  expect(readCourses.at(-1)).toEqual(expect.arrayContaining([LISTENING_COURSES.budget, 'k-new']));
  expect(readCourses.at(-1)).toHaveLength(2);
  expect(kept.overview).toEqual(await courseOverview(storage, deployment, clock.at));
  expect(rowOf(kept, 'k-new').figures.reviews).toBe(1);
  expect(rowOf(kept, LISTENING_COURSES.budget).figures.actionsOverdue).toBe(1);
});

it('reads everything again when more courses changed than are worth reading one by one', async () => {
  const cache = cacheOf(storage);
  await cache.overviewOf(deployment);
  for (let i = 0; i <= MAX_COURSES_READ_AGAIN; i++) await review(storage, `many-${i}`, 'someone', 4);
  const kept = await cache.overviewOf(deployment);
  expect(readCourses.at(-1)).toBeUndefined();
  expect(kept.overview.rows).toHaveLength(3 + MAX_COURSES_READ_AGAIN + 1);
});

it('reads the changed courses again after a failed read of them', async () => {
  const cache = cacheOf(storage);
  await cache.overviewOf(deployment);
  await review(storage, LISTENING_COURSES.coach, 'late', 2);
  const read = storage.listening.deploymentFigures;
  storage.listening.deploymentFigures = () => Promise.reject(new Error('locked'));
  await expect(cache.overviewOf(deployment)).rejects.toThrow('locked');
  storage.listening.deploymentFigures = read;
  const kept = await cache.overviewOf(deployment);
  expect(kept.overview).toEqual(await courseOverview(storage, deployment, clock.at));
});

it('keeps the overviews of a bounded number of deployments, the least recently asked going first', async () => {
  const cache = cacheOf(storage);
  const first = await cache.overviewOf(deployment);
  for (let i = 0; i < MAX_DEPLOYMENTS_KEPT - 1; i++) await cache.overviewOf({ ...deployment, deploymentId: `other-${i}` });
  // Asked again: still kept, and now the most recent.
  expect(await cache.overviewOf(deployment)).toBe(first);
  await cache.overviewOf({ ...deployment, deploymentId: 'one-more' });
  expect(await cache.overviewOf(deployment)).toBe(first);
  for (let i = 0; i < MAX_DEPLOYMENTS_KEPT; i++) await cache.overviewOf({ ...deployment, deploymentId: `later-${i}` });
  expect(await cache.overviewOf(deployment)).not.toBe(first);
});

it('past its maximum age reads every course\'s figures again but not the ratings, which generations and days track', async () => {
  const cache = cacheOf(storage, 60_000);
  await cache.overviewOf(deployment);
  let rangeReads = 0;
  const ranges = storage.ratingDays.deploymentRanges.bind(storage.ratingDays);
  storage.ratingDays.deploymentRanges = (...args) => {
    rangeReads++;
    return ranges(...args);
  };
  await storage.catalogue.recordOpen(course(LISTENING_COURSES.budget), 'visitor-1', clock.at);
  clock.at = new Date(clock.at.getTime() + 61_000);
  await cache.overviewOf(deployment);
  const next = await cache.overviewOf(deployment);
  expect(readCourses.at(-1)).toBeUndefined();
  expect(rangeReads).toBe(0);
  expect(next.overview).toEqual(await courseOverview(storage, deployment, clock.at));
});
