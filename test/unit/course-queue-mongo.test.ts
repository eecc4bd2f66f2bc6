/** Counted writes of one course take turns inside the process (src/storage/mongo/course-queue.ts). */
import { inCourseQueue, queuedCourses } from '../../src/storage/mongo/course-queue';

const courseA = { issuer: 'https://lms.example.edu', clientId: 'c', deploymentId: 'd', contextId: 'A' };
const courseB = { ...courseA, contextId: 'B' };

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void } {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('the per-course queue of counted writes', () => {
  it('starts a course\'s next write only once the previous one has settled, failed or not, in arrival order', async () => {
    const events: string[] = [];
    const first = deferred();
    const a1 = inCourseQueue(courseA, async () => {
      events.push('a1 start');
      await first.promise;
      events.push('a1 end');
    });
    const a2 = inCourseQueue(courseA, async () => {
      events.push('a2');
      return 2;
    });
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['a1 start']);
    first.reject(new Error('write conflict'));
    await expect(a1).rejects.toThrow('write conflict');
    await expect(a2).resolves.toBe(2);
    expect(events).toEqual(['a1 start', 'a2']);
  });

  it('lets two courses write at the same time, and forgets a course once its writes are done', async () => {
    const gate = deferred();
    const events: string[] = [];
    const a = inCourseQueue(courseA, async () => {
      events.push('a');
      await gate.promise;
    });
    const b = inCourseQueue(courseB, async () => {
      events.push('b');
    });
    await b;
    expect(events).toEqual(['a', 'b']);
    gate.resolve();
    await a;
    await new Promise((r) => setImmediate(r));
    expect(queuedCourses()).toBe(0);
  });
});
