/** The rules of closing the loop, without I/O. */
import type { CourseVersion } from '../../src/storage/ports/course-versions';
import { needsAttention, ratingsAfterSave, versionChange } from '../../src/storage/shared/review-loop';
import { retryDelayMs } from '../../src/launch/grade-outbox-schedule';
import { beforeAfter, currentVersionId, parseActionForm, parseResponseText, parseVersionForm, suggestsThanks } from '../../src/panels/reviews/loop/loop-rules';

const course = { issuer: 'i', clientId: 'c', deploymentId: 'd', contextId: 'x' };
const version = (id: string, startsOn: string): CourseVersion => ({ id, course, label: id, startsOn, createdAt: new Date(0), createdBy: { id: 't', name: 'T' } });

describe('the current course version', () => {
  const versions = [version('spring', '2030-03-01'), version('autumn', '2030-09-01')];
  it('is the initial one before any version starts', () => expect(currentVersionId(versions, new Date('2030-02-28T23:00:00Z'))).toBe('initial'));
  it('is the latest one that has started, from its first day', () => {
    expect(currentVersionId(versions, new Date('2030-03-01T00:00:00Z'))).toBe('spring');
    expect(currentVersionId(versions, new Date('2031-01-01T00:00:00Z'))).toBe('autumn');
  });
});

describe('before and after a done action', () => {
  const versions = [version('v2', '2030-03-01'), version('v3', '2030-09-01')];
  const figures = new Map([
    ['initial', { count: 3, sum: 6, histogram: [1, 1, 1, 0, 0] as [number, number, number, number, number] }],
    ['v2', { count: 1, sum: 4, histogram: [0, 0, 0, 1, 0] as [number, number, number, number, number] }],
    ['v3', { count: 2, sum: 9, histogram: [0, 0, 0, 1, 1] as [number, number, number, number, number] }],
  ]);
  it('adds up the versions before the one the action was done in, against that one and the later ones', () => {
    const split = beforeAfter(versions, figures, 'v2', 3)!;
    expect(split.before).toEqual({ count: 3, sum: 6, histogram: [1, 1, 1, 0, 0] });
    expect(split.after).toEqual({ count: 3, sum: 13, histogram: [0, 0, 0, 2, 1] });
    expect([split.beforeShown, split.afterShown]).toEqual([true, true]);
  });
  it('hides a side below the minimum number of ratings, and an empty side always', () => {
    expect(beforeAfter(versions, figures, 'v3', 4)).toMatchObject({ beforeShown: true, afterShown: false });
    expect(beforeAfter(versions, figures, 'initial', 0)).toMatchObject({ beforeShown: false, afterShown: true });
  });
  it('has nothing to say about an unknown version', () => expect(beforeAfter(versions, figures, 'gone', 0)).toBeNull());
});

describe('version ratings of a review', () => {
  it('set the current version on a new or changed rating, and leave earlier versions alone', () => {
    expect(ratingsAfterSave(new Map(), null, 2, 'initial')).toEqual(new Map([['initial', 2]]));
    expect(ratingsAfterSave(new Map([['initial', 2]]), 2, 4, 'v2')).toEqual(new Map([['initial', 2], ['v2', 4]]));
    expect(ratingsAfterSave(new Map([['initial', 2]]), 2, 2, 'v2')).toEqual(new Map([['initial', 2]]));
  });
  it('move per-version figures only for published reviews', () => {
    const ratings = new Map([['initial', 2], ['v2', 4]] as const);
    expect(versionChange(null, { status: 'published', ratings })).toEqual(
      new Map([
        ['initial', { count: 1, sum: 2, histogram: [0, 1, 0, 0, 0] }],
        ['v2', { count: 1, sum: 4, histogram: [0, 0, 0, 1, 0] }],
      ]),
    );
    expect(versionChange({ status: 'published', ratings }, { status: 'hidden', ratings }).get('v2')).toEqual({ count: -1, sum: -4, histogram: [0, 0, 0, -1, 0] });
    expect(versionChange({ status: 'held', ratings }, { status: 'held', ratings }).size).toBe(0);
  });
});

describe('needs attention', () => {
  const base = { status: 'published' as const, reportCount: 0, ratedAt: 100 };
  it('flags low ratings and ratings moved down until a response comes after the rating', () => {
    expect(needsAttention({ ...base, rating: 2 })).toBe(true);
    expect(needsAttention({ ...base, rating: 2, responseAt: 150 })).toBe(false);
    expect(needsAttention({ ...base, rating: 4, previousRating: 5 })).toBe(true);
    expect(needsAttention({ ...base, rating: 4, previousRating: 5, responseAt: 50 })).toBe(true);
    expect(needsAttention({ ...base, rating: 4, previousRating: 3 })).toBe(false);
  });
  it('flags open reports in any status, and nothing else on held or hidden reviews', () => {
    expect(needsAttention({ ...base, status: 'held', rating: 1 })).toBe(false);
    expect(needsAttention({ ...base, status: 'hidden', rating: 5, reportCount: 1 })).toBe(true);
  });
});

describe('instructor forms', () => {
  it('read a response, refusing an empty one', () => {
    expect(parseResponseText({ text: '  Thanks \r\n a lot ' }).text).toBe('Thanks \n a lot');
    expect(parseResponseText({ text: ' ' }).problems).toEqual([{ field: 'text', problem: 'response-required' }]);
  });
  it('read an action, listing every problem at once', () => {
    expect(parseActionForm({ description: 'Fix', status: 'planned', reviews: ['a', 'a', 'b'], dueOn: '2030-01-31' }, true).form).toEqual({ description: 'Fix', status: 'planned', reviewIds: ['a', 'b'], dueOn: '2030-01-31' });
    const { problems } = parseActionForm({ description: '', status: 'later', dueOn: '2030-02-30' }, true);
    expect(problems.map((p) => p.problem).sort()).toEqual(['date-invalid', 'description-required', 'reviews-required', 'status-invalid']);
  });
  it('read a version with a real date', () => {
    expect(parseVersionForm({ label: 'Spring', startsOn: '2030-03-01' }).form).toEqual({ label: 'Spring', startsOn: '2030-03-01' });
    expect(parseVersionForm({ label: 'Spring', startsOn: '2030-13-01' }).problems).toHaveLength(1);
  });
  it('offer a thank-you text for 4 and 5 stars only', () => expect([1, 2, 3, 4, 5].map(suggestsThanks)).toEqual([false, false, false, true, true]));
});

describe('grade retries', () => {
  it('retry at once after the first refusal, then back off up to an hour', () => {
    expect([0, 1, 2, 3, 10].map(retryDelayMs)).toEqual([0, 60_000, 120_000, 240_000, 3_600_000]);
  });
});
