import { DEFAULT_SETTINGS } from '../../src/panels/settings/settings-defaults';
import { authorLabel, average, normaliseText, parseReviewInput, reviewWindowFor, visibilityFor } from '../../src/panels/reviews/review-rules';
import type { CourseMember } from '../../src/storage/port';

const course = { issuer: 'https://lms.example', clientId: 'c', deploymentId: '1', contextId: '2' };
const member = (firstLearnerLaunchAt?: Date): CourseMember => ({
  course,
  userId: 'u',
  name: 'U',
  role: 'learner',
  firstLaunchAt: firstLearnerLaunchAt ?? new Date(0),
  lastLaunchAt: new Date(),
  firstLearnerLaunchAt,
  launchCount: 1,
});

describe('when learners may review', () => {
  const now = new Date('2026-06-15T12:00:00Z');
  it('any time by default', () => {
    expect(reviewWindowFor(DEFAULT_SETTINGS, null, now)).toEqual({ open: true });
  });
  it('from a date (UTC midnight)', () => {
    const s = { ...DEFAULT_SETTINGS, reviewWindow: { mode: 'after-date' as const, date: '2026-06-16' } };
    expect(reviewWindowFor(s, null, now)).toEqual({ open: false, reason: 'not-before-date', date: '2026-06-16' });
    expect(reviewWindowFor(s, null, new Date('2026-06-16T00:00:00Z')).open).toBe(true);
  });
  it('once N days have passed since the first launch as a learner', () => {
    const s = { ...DEFAULT_SETTINGS, reviewWindow: { mode: 'after-days' as const, days: 7 } };
    expect(reviewWindowFor(s, member(new Date('2026-06-10T12:00:00Z')), now)).toMatchObject({ open: false, reason: 'not-enough-days' });
    expect(reviewWindowFor(s, member(new Date('2026-06-08T12:00:00Z')), now).open).toBe(true);
    // Someone who never launched as a learner starts counting now.
    expect(reviewWindowFor(s, null, now).open).toBe(false);
  });
});

describe('reading the review form', () => {
  it('accepts a rating with optional texts and the aspects the course asks', () => {
    const { input, problems } = parseReviewInput({ rating: '4', title: '  Good  ', liked: 'a\r\nb', aspect_content: '5', aspect_workload: '2' }, ['content']);
    expect(problems).toEqual([]);
    expect(input).toEqual({ rating: 4, aspects: { content: 5 }, title: 'Good', liked: 'a\nb', improve: '' });
  });
  it('lists every problem at once', () => {
    const { input, problems } = parseReviewInput({ rating: '0', title: 'x'.repeat(121), aspect_content: '7' }, ['content']);
    expect(input).toBeUndefined();
    expect(problems.map((p) => p.field)).toEqual(['rating', 'aspect_content', 'title']);
  });
  it('removes control characters but keeps line breaks', () => {
    expect(normaliseText('a\u0000b\u0007c\nd\te')).toBe('abc\nd\te');
  });
});

describe('what a viewer sees', () => {
  it('hides the summary and texts from learners below the minimum, never from staff', () => {
    expect(visibilityFor(DEFAULT_SETTINGS, false, 2)).toEqual({ summary: false, texts: false, belowMinimum: true });
    expect(visibilityFor(DEFAULT_SETTINGS, false, 3)).toEqual({ summary: true, texts: true, belowMinimum: false });
    expect(visibilityFor(DEFAULT_SETTINGS, true, 0)).toEqual({ summary: true, texts: true, belowMinimum: false });
  });
  it('shows texts to staff only, or to nobody, as the course decides', () => {
    expect(visibilityFor({ ...DEFAULT_SETTINGS, textVisibility: 'staff' }, false, 10).texts).toBe(false);
    expect(visibilityFor({ ...DEFAULT_SETTINGS, textVisibility: 'nobody' }, false, 10)).toMatchObject({ summary: true, texts: false });
  });
  it('names authors as the course decides; staff always see full names', () => {
    const review = { author: { id: 'u', name: 'Élodie Brûlé', givenName: 'Élodie', familyName: 'Brûlé' }, authorNumber: 7 };
    const pseudonym = (n: number) => `Learner ${n}`;
    expect(authorLabel(review, { ...DEFAULT_SETTINGS, authorDisplay: 'full' }, false, pseudonym)).toBe('Élodie Brûlé');
    expect(authorLabel(review, { ...DEFAULT_SETTINGS, authorDisplay: 'first-initial' }, false, pseudonym)).toBe('Élodie B.');
    expect(authorLabel(review, { ...DEFAULT_SETTINGS, authorDisplay: 'pseudonym' }, false, pseudonym)).toBe('Learner 7');
    expect(authorLabel(review, { ...DEFAULT_SETTINGS, authorDisplay: 'pseudonym' }, true, pseudonym)).toBe('Élodie Brûlé');
    expect(authorLabel({ author: { id: 'x', name: 'Madonna' }, authorNumber: 2 }, DEFAULT_SETTINGS, false, pseudonym)).toBe('Madonna');
  });
  it('names an author whose platform shared no name by pseudonym, to staff too, and never by LMS id', () => {
    const pseudonym = (n: number) => `Learner ${n}`;
    const nameless = { author: { id: '6', name: '' }, authorNumber: 12 };
    // Written before nameless launches were handled: the LMS id stored as the name.
    const legacy = { author: { id: '6', name: '6' }, authorNumber: 12 };
    for (const review of [nameless, legacy]) {
      for (const authorDisplay of ['full', 'first-initial', 'pseudonym'] as const) {
        for (const staff of [false, true]) expect(authorLabel(review, { ...DEFAULT_SETTINGS, authorDisplay }, staff, pseudonym)).toBe('Learner 12');
      }
    }
  });
  it('rounds averages to one decimal', () => {
    expect(average({ count: 3, sum: 13 })).toBe(4.3);
    expect(average({ count: 0, sum: 0 })).toBeNull();
  });
});
