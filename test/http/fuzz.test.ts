/**
 * Property-based fuzzing of every route a stranger or a launched user can reach (issue 9): generated
 * malformed requests go over real HTTP to the real app (SQLite :memory:, a registered Moodle-shaped
 * platform, live learner, instructor and deep-linking sessions), and every answer must be a non-5xx
 * within a bound, with no unhandled rejection or uncaught exception, the process still answering,
 * and the heap not growing between the first third and the end of the run.
 *
 *   FUZZ_RUNS=2000   requests in all (the default: about 50 s of fuzzing on two busy cores, CI-safe)
 *   FUZZ_SEED=1234   replay a run (the seed is printed)
 *   FUZZ_BOUND_MS    the answer-time bound per request (default 2000)
 *   FUZZ_REPORT=f    also write the failures, with their full inputs, to the JSON file f
 *
 * What is sent is generated in test/support/fuzz-plans.ts (routes) and fuzz-inputs.ts (values).
 */
import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import pino from 'pino';
import { curlOf, FuzzClient } from '../support/fuzz-client';
import { everyPlan } from '../support/fuzz-plans';
import { startGarbagePlatform, type GarbagePlatform } from '../support/garbage-platform';
import { LiveSessions } from '../support/live-sessions';
import { watchCrashes } from '../support/real-process';
import { openSession, reviewIds, settingsForm } from '../support/review-session';
import { startHarness, type Harness } from '../support/tool-harness';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const BOUND_MS = Number(process.env.FUZZ_BOUND_MS ?? 2000);
/** Heap (after a full GC) may grow this much between the first third and the end of the run. */
const HEAP_GROWTH_BOUND = 48 * 1024 * 1024;

jest.setTimeout(Math.max(120_000, RUNS * 60));

/** A full GC on demand: the flag is set at run time, and gc() is read from a fresh context. */
const gc: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

function heapAfterGc(): NodeJS.MemoryUsage {
  gc();
  gc();
  return process.memoryUsage();
}

const logLines: string[] = [];
const logger = pino(
  { level: 'error', base: undefined },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      if (logLines.length < 50) logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

let h: Harness;
let garbage: GarbagePlatform;
let client: FuzzClient;
// Jest also sees a crash (its own handler fails the test); ours ties it to the request in flight.
let crashWatch: ReturnType<typeof watchCrashes>;
let sessions: LiveSessions;
const realReviewIds: string[] = [];
const realContribution = { contributionIds: [] as string[], commentIds: [] as string[], reuseIds: [] as string[] };

beforeAll(async () => {
  crashWatch = watchCrashes((kind, err) => client?.crashed(kind, err));
  h = await startHarness({ env: { TRUST_PROXY: 'loopback', CONTRIBUTION_MAX_BYTES: String(64 * 1024) }, logger });
  garbage = await startGarbagePlatform();
  client = new FuzzClient(h.baseUrl, {
    boundMs: BOUND_MS,
    // A platform that answers badly is the platform's failure: the catalogue's 502 (REGISTRATION_PLATFORM_ERROR).
    allowed5xx: (req, outcome) => req.route.endsWith('/lti/register') && outcome.status === 502 && outcome.code === 'REGISTRATION_PLATFORM_ERROR',
    drainLog: () => logLines.splice(0),
  });
  sessions = new LiveSessions(h);
  // Panels open to learners, and a real review to act on.
  const teacher = await openSession(h, { instructor: true });
  await teacher.post('/settings', settingsForm({ contributionsEnabled: 'on' }));
  const learner = await openSession(h, {});
  await learner.post('/reviews', { rating: '4', title: 'Fine', liked: 'Examples', improve: 'Pace' });
  realReviewIds.push(...reviewIds((await teacher.get('/reviews')).text));
  // A contribution with a comment and a recorded reuse, so that the contribution routes reach records.
  const shared = await learner.post('/contributions/share', { title: 'Fuzz target', text: 'A tip to act on.', licence: 'cc-by-4.0', credit: 'name', consent: '1' });
  const contributionId = /\/contributions\/([0-9a-f-]{36})/.exec(shared.headers.location ?? '')![1];
  await learner.post(`/contributions/${contributionId}/comments`, { comment: 'A comment to act on.' });
  const course = { issuer: h.platform.issuer, clientId: h.platform.clientId, deploymentId: h.platform.deploymentId, contextId: h.platform.course.id };
  const version = await h.storage.courseVersions.createVersion({ course, label: 'Fuzz session', startsOn: '2027-01-01', createdAt: new Date(), createdBy: { id: 'x', name: 'X' } });
  await teacher.post(`/contributions/${contributionId}/reuse`, { target: `version:${version.id}` });
  const [comments, reuses] = await Promise.all([h.storage.contributions.listComments(course, contributionId, ['published'], 10), h.storage.contributions.listReuses(course, contributionId)]);
  realContribution.contributionIds.push(contributionId);
  realContribution.commentIds.push(...comments.map((c) => c.id));
  realContribution.reuseIds.push(...reuses.map((r) => r.id));
  if (!comments.length || !reuses.length) throw new Error('the fuzz run needs a comment and a reuse to act on');
});

afterAll(async () => {
  crashWatch?.stop();
  await garbage?.close();
  await h?.close();
});

describe('fuzzing the public and session routes', () => {
  it('when thousands of malformed requests arrive, then each gets a non-5xx answer in time, nothing crashes and the heap does not grow', async () => {
    const everything = everyPlan({ h, garbage, sessions, realReviewIds, realContribution });
    const started = Date.now();
    let peakRss = 0;
    let firstThird: NodeJS.MemoryUsage | undefined;
    let run = 0;
    const baseline = heapAfterGc();
    let generating = 0;
    let lastEnd = performance.now();
    await fc.assert(
      fc.asyncProperty(everything, async (plan) => {
        run++;
        const t0 = performance.now();
        generating += t0 - lastEnd;
        const request = await plan.build();
        generating += performance.now() - t0;
        await client.send(request);
        garbage.clear();
        lastEnd = performance.now();
        if (run % 100 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (run === Math.floor(RUNS / 3)) firstThird = heapAfterGc();
        // Every failure is recorded (and reported below) rather than stopping the run at the first.
        return true;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const last = heapAfterGc();
    peakRss = Math.max(peakRss, last.rss);
    const health = await client.send({ route: 'GET /healthz', method: 'GET', path: '/healthz' });

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const growth = last.heapUsed - (firstThird?.heapUsed ?? last.heapUsed);
    const failures = [...client.failures.values()];
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    const summary = [
      `fuzz: seed ${SEED} (FUZZ_SEED), ${RUNS} runs (FUZZ_RUNS), bound ${BOUND_MS} ms, ${seconds} s, ${sessions.opened} sessions launched`,
      `requests sent: ${client.sent}; statuses: 2xx ${client.byClass['2xx']}, 3xx ${client.byClass['3xx']}, 4xx ${client.byClass['4xx']}, 5xx ${client.byClass['5xx']}, no answer ${client.byClass.none}`,
      `crashes (unhandled rejections / uncaught exceptions): ${client.crashes.length}; answer times: median ${client.percentile(0.5)} ms, p99 ${client.percentile(0.99)} ms, slowest ${client.slowest.ms} ms (${client.slowest.route})`,
      `time generating and building requests: ${(generating / 1000).toFixed(1)} s; heap after GC before the run ${mb(baseline.heapUsed)}`,
      `heap after GC: ${mb(firstThird?.heapUsed ?? 0)} at one third, ${mb(last.heapUsed)} at the end (growth ${mb(growth)}); peak RSS ${mb(peakRss)}`,
      `by route: ${[...client.byRoute].map(([r, n]) => `${r} ${n}`).join('; ')}`,
      `distinct failures: ${failures.length}`,
      ...failures.map((f) =>
        [`- [${f.kind}] ${f.key} ×${f.count}; routes: ${[...f.routes].slice(0, 8).join(', ')}${f.routes.size > 8 ? ` (+${f.routes.size - 8})` : ''}`, `    ${curlOf(f.request)}`, ...(f.request.note ? [`    note: ${f.request.note}`] : []), ...f.log.slice(0, 1).map((l) => `    log: ${l.slice(0, 400).trim()}`)].join('\n'),
      ),
    ].join('\n');
    process.stdout.write(`\n${summary}\n`);
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(failures.map((f) => ({ ...f, routes: [...f.routes], curl: curlOf(f.request), request: { ...f.request, body: f.request.body?.toString('latin1') } })), null, 2));

    expect(health.status).toBe(200);
    expect(failures.map((f) => f.key)).toEqual([]);
    expect(client.crashes).toEqual([]);
    expect(growth).toBeLessThan(HEAP_GROWTH_BOUND);
  });
});
