/**
 * The grade outbox worker without a platform: a fake gradebook records (or refuses, or holds) each
 * send, the clock is a variable, and the store is SQLite in memory (the project's fast fake, with
 * the real claim semantics). Passes are driven with runOnce(); nothing here waits on a timer.
 */
import type { ContextKey } from '../../src/context/tenant';
import type { Logger } from '../../src/http/logger';
import type { Gradebook } from '../../src/launch/gradebook';
import { gradeOutboxSettings, type GradeOutboxSettings } from '../../src/launch/grade-outbox-schedule';
import { GradeOutboxWorker } from '../../src/launch/grade-outbox-worker';
import type { Storage } from '../../src/storage/port';
import type { GradeOutboxStore, ScoreToQueue } from '../../src/storage/ports/grade-outbox';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

const COURSE: ContextKey = { issuer: 'https://lms-a.example', clientId: 'c1', deploymentId: 'd1', contextId: 'course-1' };
const ELSEWHERE: ContextKey = { issuer: 'https://lms-b.example', clientId: 'c9', deploymentId: 'd9', contextId: 'course-9' };
const T0 = new Date('2031-05-01T08:00:00Z');
const SETTINGS: GradeOutboxSettings = { tickMs: 30_000, batch: 10, sendTimeoutMs: 5_000, leaseMs: 120_000 };
const target = { lineItemsUrl: 'https://lms-a.example/lineitems', scopes: ['score', 'lineitem'], resourceLinkId: 'link-1' };

interface Send {
  readonly userId: string;
  readonly label: string;
  readonly course: ContextKey;
}

/** A gradebook that records each send and answers as `answer` says (accept by default). */
function fakeGradebook(answer: (send: Send) => Promise<void> = async () => undefined) {
  const sends: Send[] = [];
  const gradebook: Pick<Gradebook, 'sendFullCredit'> = {
    sendFullCredit: (course, _target, userId, label) => {
      const send = { course, userId, label };
      sends.push(send);
      return answer(send);
    },
  };
  return { gradebook, sends };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const quietLogger = () => ({ error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() }) as unknown as Logger & { error: jest.Mock; warn: jest.Mock };

let storage: Storage;
let clock: Date;
const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
beforeEach(() => {
  storage = openSqliteStorage({ file: ':memory:' });
  clock = T0;
  queued = 0;
});
afterEach(async () => storage.close());

let queued = 0;
/** A score due now, each one queued a millisecond after the previous one (the oldest is sent first). */
const queue = (userId: string, overrides: Partial<ScoreToQueue> = {}) => {
  const dueAt = new Date(clock.getTime() - 1_000 + ++queued);
  return storage.gradeOutbox.enqueueScore({ course: COURSE, userId, reason: 'review', target, locale: 'en', createdAt: dueAt, nextAttemptAt: dueAt, ...overrides });
};

function worker(gradebook: Pick<Gradebook, 'sendFullCredit'>, options: { settings?: Partial<GradeOutboxSettings>; store?: GradeOutboxStore; logger?: Logger } = {}) {
  return new GradeOutboxWorker({
    store: options.store ?? storage.gradeOutbox,
    gradebook,
    settings: { ...SETTINGS, ...options.settings },
    logger: options.logger ?? quietLogger(),
    now: () => clock,
  });
}

describe('the grade outbox worker', () => {
  it('sends the due scores of every platform, names the column in each score\'s language, and removes what was accepted', async () => {
    await queue('ada');
    await queue('camille', { course: ELSEWHERE, locale: 'fr' });
    await queue('later', { nextAttemptAt: new Date(T0.getTime() + 60_000) });
    const { gradebook, sends } = fakeGradebook();

    expect(await worker(gradebook).runOnce()).toBe(2);
    expect(sends).toEqual([
      { course: COURSE, userId: 'ada', label: 'Feedback given' },
      { course: ELSEWHERE, userId: 'camille', label: 'Avis donné' },
    ]);
    expect(await storage.gradeOutbox.countPending()).toBe(1);
  });

  it('after a refusal retries at the next pass, then backs off (1 minute after the second refusal)', async () => {
    await queue('ada');
    const logger = quietLogger();
    const refusing = fakeGradebook(async () => {
      throw new Error('HTTP 500');
    });
    const sender = worker(refusing.gradebook, { logger });
    expect(await sender.runOnce()).toBe(0);
    expect(await storage.gradeOutbox.pendingScores(COURSE)).toMatchObject([{ attempts: 1, lastError: 'HTTP 500', nextAttemptAt: T0 }]);
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ attempts: 1, err: 'HTTP 500' }), expect.stringContaining('refused'));

    await sender.runOnce();
    expect(await storage.gradeOutbox.pendingScores(COURSE)).toMatchObject([{ attempts: 2, nextAttemptAt: new Date(T0.getTime() + 60_000) }]);
    advance(59_999);
    await sender.runOnce();
    expect(refusing.sends).toHaveLength(2);

    advance(1);
    const accepting = fakeGradebook();
    expect(await worker(accepting.gradebook).runOnce()).toBe(1);
    expect(await storage.gradeOutbox.countPending()).toBe(0);
  });

  it('counts a platform that does not answer within the time limit as a refusal', async () => {
    await queue('ada');
    const silent = fakeGradebook(() => new Promise<void>(() => undefined));
    expect(await worker(silent.gradebook, { settings: { sendTimeoutMs: 5 } }).runOnce()).toBe(0);
    expect(await storage.gradeOutbox.pendingScores(COURSE)).toMatchObject([{ attempts: 1, lastError: 'no answer from the platform within 5 ms' }]);
  });

  it('leaves alone the scores another process holds, until their lease runs out', async () => {
    await queue('ada');
    await storage.gradeOutbox.claimDueScores('other-process', clock, SETTINGS.leaseMs, 10);
    const { gradebook, sends } = fakeGradebook();
    const sender = worker(gradebook);
    expect(await sender.runOnce()).toBe(0);
    advance(SETTINGS.leaseMs);
    expect(await sender.runOnce()).toBe(1);
    expect(sends.map((s) => s.userId)).toEqual(['ada']);
  });

  it('takes batch after batch while the platform accepts, and stops at a batch it refused whole', async () => {
    for (const userId of ['a', 'b', 'c', 'd', 'e']) await queue(userId);
    const accepting = fakeGradebook();
    expect(await worker(accepting.gradebook, { settings: { batch: 2 } }).runOnce()).toBe(5);

    for (const userId of ['f', 'g', 'h', 'i', 'j']) await queue(userId);
    const refusing = fakeGradebook(async () => {
      throw new Error('HTTP 503');
    });
    expect(await worker(refusing.gradebook, { settings: { batch: 2 } }).runOnce()).toBe(0);
    expect(refusing.sends).toHaveLength(2);
  });

  it('joins a pass under way instead of starting a second one', async () => {
    await queue('ada');
    const held = deferred();
    const { gradebook, sends } = fakeGradebook(() => held.promise);
    const sender = worker(gradebook);
    const first = sender.runOnce();
    const second = sender.runOnce();
    expect(second).toBe(first);
    held.resolve();
    expect(await first).toBe(1);
    expect(sends).toHaveLength(1);
  });

  it('on stop, waits for the send in flight to be recorded and releases the claimed scores it did not try', async () => {
    for (const userId of ['a', 'b', 'c']) await queue(userId);
    const held = deferred();
    const reached = deferred();
    const { gradebook, sends } = fakeGradebook(() => {
      reached.resolve();
      return held.promise;
    });
    const sender = worker(gradebook);
    const pass = sender.runOnce();
    await reached.promise;
    let stopped = false;
    const stopping = sender.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    held.resolve();
    await stopping;
    expect(await pass).toBe(1);
    expect(sends.map((s) => s.userId)).toEqual(['a']);
    // b and c are free again, due now, untried: another process takes them at once.
    const rest = await storage.gradeOutbox.claimDueScores('other-process', clock, SETTINGS.leaseMs, 10);
    expect(rest.map((s) => `${s.userId}:${s.attempts}`).sort()).toEqual(['b:0', 'c:0']);
    expect(await sender.runOnce()).toBe(0);
  });

  it('gives up waiting for a send that outlasts the wait it was given on stop, and a second stop joins the first', async () => {
    await queue('ada');
    const reached = deferred();
    const hung = fakeGradebook(() => {
      reached.resolve();
      return new Promise<void>(() => undefined);
    });
    const sender = worker(hung.gradebook, { settings: { sendTimeoutMs: 3_600_000 } });
    void sender.runOnce();
    await reached.promise;
    const first = sender.stop(5);
    expect(sender.stop()).toBe(first);
    await first;
    // Still claimed: should this process end now, the lease runs out and another sends it.
    expect(await storage.gradeOutbox.claimDueScores('other-process', clock, SETTINGS.leaseMs, 10)).toEqual([]);
  });

  it('survives a store that fails while recording: the pass ends quietly and the claim runs out', async () => {
    await queue('ada');
    const logger = quietLogger();
    const failing: GradeOutboxStore = { ...storage.gradeOutbox, removeScore: async () => Promise.reject(new Error('disk I/O error')) };
    const { gradebook } = fakeGradebook();
    await expect(worker(gradebook, { store: failing, logger }).runOnce()).resolves.toBe(0);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), 'grade outbox pass failed');
    expect(await storage.gradeOutbox.claimDueScores('other-process', clock, SETTINGS.leaseMs, 10)).toEqual([]);
    advance(SETTINGS.leaseMs);
    expect(await storage.gradeOutbox.claimDueScores('other-process', clock, SETTINGS.leaseMs, 10)).toHaveLength(1);
  });

  it('gives each worker its own owner name', () => {
    const { gradebook } = fakeGradebook();
    expect(worker(gradebook).owner).not.toBe(worker(gradebook).owner);
    expect(worker(gradebook).owner).toContain(`:${process.pid}:`);
  });
});

describe('the grade outbox worker timer', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('is not woken by a nudge until started (tests and CLIs drive it themselves)', () => {
    const { gradebook } = fakeGradebook();
    const idle = worker(gradebook);
    idle.nudge();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('once started, runs a pass at once, at every tick, and soon after a nudge; stopped, it runs no more', async () => {
    const sent = [deferred(), deferred(), deferred()];
    const { gradebook, sends } = fakeGradebook(async () => sent[sends.length - 1].resolve());
    const sender = worker(gradebook);
    await queue('first');
    sender.start();
    await sent[0].promise;
    await sender.runOnce();

    await queue('nudged');
    sender.nudge();
    await jest.advanceTimersByTimeAsync(0);
    await sent[1].promise;
    await sender.runOnce();

    await queue('ticked');
    await jest.advanceTimersByTimeAsync(SETTINGS.tickMs);
    await sent[2].promise;
    await sender.stop();
    expect(sends.map((s) => s.userId)).toEqual(['first', 'nudged', 'ticked']);

    await queue('after stop');
    sender.nudge();
    await jest.advanceTimersByTimeAsync(SETTINGS.tickMs * 3);
    expect(jest.getTimerCount()).toBe(0);
    expect(sends).toHaveLength(3);
  });
});

describe('grade outbox settings', () => {
  it('lease a claim for the whole batch sent at the time limit, plus a minute', () => {
    expect(gradeOutboxSettings({ enabled: true, tickSeconds: 30, batch: 10, sendTimeoutSeconds: 30 })).toEqual({ tickMs: 30_000, batch: 10, sendTimeoutMs: 30_000, leaseMs: 360_000 });
  });
});
