/**
 * Several instances behave as one (issue 14, "Scale out"): two real tool processes on one SQLite file
 * in WAL mode (test/support/two-processes.ts), each request sent to the process a load balancer might
 * pick. What one process counts or changes, the other sees at once: rate limits (counted in the store,
 * not per process) and the learners' shared reviews page (keyed by the course's generation, read from
 * the store on every view). Grade outbox claims: see the note at the end.
 */
import type { Browser } from '../support/browser';
import { startTwoProcesses, type TwoProcesses } from '../support/two-processes';

let two: TwoProcesses;
beforeAll(async () => {
  two = await startTwoProcesses();
}, 120_000);
afterAll(async () => {
  await two?.close();
}, 20_000);

/** The session's CSRF token, read from its reviews page as a browser would (any process: the session is the store's). */
async function csrfToken(browser: Browser, base: string): Promise<string> {
  const page = await browser.get(`${base}/reviews`);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? /name="csrf-token" content="([^"]+)"/.exec(page.text)?.[1];
  if (page.status !== 200 || !token) throw new Error(`no reviews page with a form (${page.status})`);
  return token;
}

it('when a review is posted through process A, then the learners’ page served by process B shows it on its next view', async () => {
  const teacher = await two.launch('instructor');
  const teacherOnA = two.a.browser();
  const settings = { _csrf: await csrfToken(teacherOnA, teacher), reviewsEnabled: 'on', consumerGroupEnabled: 'on', textVisibility: 'everyone', moderation: 'immediate', authorDisplay: 'first-initial', minRatings: '0', windowMode: 'any' };
  expect((await teacherOnA.post(`${teacher}/settings`, settings)).status).toBe(303);

  // B renders the course's page first, so that it holds a shared copy of the page without the review.
  const reader = await two.launch('frenchLearner');
  const readerOnB = two.b.browser();
  const before = await readerOnB.get(`${reader}/reviews`);
  expect(before.status).toBe(200);
  expect(before.text).not.toContain('Posted through A');

  const writer = await two.launch('learner');
  const writerOnA = two.a.browser();
  const posted = await writerOnA.post(`${writer}/reviews`, { _csrf: await csrfToken(writerOnA, writer), rating: '4', title: 'Posted through A', liked: 'Clear examples', improve: 'More exercises' });
  expect(posted.status).toBe(303);

  const after = await readerOnB.get(`${reader}/reviews`);
  expect(after.status).toBe(200);
  expect(after.text).toContain('Posted through A');
}, 60_000);

it('when a learner writes through both processes, then the write limit counts each write once: the 31st in the minute is refused by either process', async () => {
  const writer = await two.launch('frenchLearner');
  const [onA, onB] = [two.a.browser(), two.b.browser()];
  const token = await csrfToken(onB, writer);
  const statuses: number[] = [];
  for (let i = 0; i < 30; i++) {
    const res = await (i % 2 === 0 ? onA : onB).post(`${writer}/reviews`, { _csrf: token, rating: String((i % 5) + 1), title: `Write ${i}` });
    statuses.push(res.status);
  }
  // Counted per process, each would have seen 15 writes of its allowance of 30.
  expect(statuses).toEqual(Array(30).fill(303));
  for (const process of [onA, onB]) {
    const refused = await process.post(`${writer}/reviews`, { _csrf: token, rating: '5', title: 'One too many' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  }
  // Reads are never limited.
  expect((await onB.get(`${writer}/reviews`)).status).toBe(200);
}, 60_000);

it('when one person’s writes hit both processes at once, then exactly the limit is let through in all', async () => {
  // A person with no write yet; whatever the route answers a teaching assistant's post, the limiter counts it first.
  const writer = await two.launch('teachingAssistant');
  const [onA, onB] = [two.a.browser(), two.b.browser()];
  const token = await csrfToken(onA, writer);
  const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? onA : onB).post(`${writer}/reviews`, { _csrf: token, rating: '3', title: `Burst ${i}` })));
  const statuses = burst.map((res) => res.status);
  expect(statuses.filter((status) => status === 429)).toHaveLength(10);
  expect(statuses.filter((status) => status !== 429).every((status) => status < 500)).toBe(true);
}, 60_000);

it('logged no error on either process (a store busy with the other process’s writes would show here)', () => {
  for (const instance of [two.a, two.b]) {
    const errors = instance.process.stdout().split('\n').filter((line) => /"level":(50|60)/.test(line));
    expect(errors).toEqual([]);
  }
});

// Outbox claims across processes are proven where the claim lives: two real Node processes claim 400
// scores from one SQLite file at once and none is claimed twice (test/storage/grade-outbox-sqlite.test.ts),
// and two workers on one store deliver each credit once through real launches (test/http/review-credit.test.ts).
