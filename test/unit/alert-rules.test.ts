/** Each alert rule alone, on evidence built by hand (listening/alerts/evaluate-course.ts, mention-alert.ts). */
import { DEFAULT_ALERT_RULES, type AlertRules } from '../../src/listening/alerts/alert-rules';
import { evaluateCourse, type CourseEvidence, type RatedReview } from '../../src/listening/alerts/evaluate-course';
import { mentionAlertDraft } from '../../src/listening/alerts/mention-alert';

const COURSE = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1', contextId: 'course-1' };
const NOW = new Date('2031-05-20T12:00:00Z');
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

const only = (rule: keyof AlertRules, overrides: Partial<AlertRules> = {}): AlertRules => {
  const off = Object.fromEntries(Object.entries(DEFAULT_ALERT_RULES).map(([key, value]) => [key, { ...value, enabled: key === rule }])) as unknown as AlertRules;
  return { ...off, ...overrides };
};

const review = (id: string, rating: number, ageDays: number, answered = false): RatedReview => ({ id, rating, ratedAt: daysAgo(ageDays), answered });

const evidence = (overrides: Partial<CourseEvidence> = {}): CourseEvidence => ({ course: COURSE, ratingCount: 0, latest: [], unansweredLow: [], texts: [], ...overrides });

/** Newest first: `recent` ratings then `older` ones, one a day. */
const series = (recent: number[], older: number[]) => [...recent, ...older].map((rating, i) => review(`r${i}`, rating, i));

describe('average drop', () => {
  const rules = only('averageDrop', { averageDrop: { enabled: true, ratings: 5, drop: 0.5 } });

  it('fires when the last N ratings average at least X below the N before, linking the low ones first', () => {
    const latest = series([4, 2, 4, 4, 4], [5, 4, 5, 4, 5]);
    const [alert] = evaluateCourse(evidence({ latest, ratingCount: 12 }), rules, NOW);
    expect(alert).toMatchObject({ kind: 'average-drop', facts: { ratings: 5, before: 4.6, after: 3.6, drop: 1 } });
    expect(alert!.reviewIds[0]).toBe('r1');
    expect(alert!.dedupeKey).toMatch(/^average-drop:.*:2$/);
  });

  it('stays quiet under X, exactly at X it fires, and it needs 2N ratings', () => {
    expect(evaluateCourse(evidence({ latest: series([4, 4, 4, 4, 5], [5, 4, 5, 4, 5]) }), rules, NOW)).toEqual([]);
    const atX = only('averageDrop', { averageDrop: { enabled: true, ratings: 5, drop: 0.4 } });
    expect(evaluateCourse(evidence({ latest: series([4, 4, 4, 4, 4], [5, 4, 5, 4, 4]) }), atX, NOW)).toHaveLength(1);
    expect(evaluateCourse(evidence({ latest: series([1, 1, 1, 1, 1], [5, 5, 5, 5]) }), rules, NOW)).toEqual([]);
  });

  it('names one episode per block of N new ratings', () => {
    const latest = series([1, 1, 1, 1, 1], [5, 5, 5, 5, 5]);
    const key = (ratingCount: number) => evaluateCourse(evidence({ latest, ratingCount }), rules, NOW)[0]!.dedupeKey;
    expect(key(10)).toBe(key(14));
    expect(key(10)).not.toBe(key(15));
  });
});

describe('spike of 1–2 star reviews', () => {
  const rules = only('lowSpike', { lowSpike: { enabled: true, days: 7, minCount: 3, factor: 2 } });

  it('fires on at least minCount low reviews in the period and factor × the mean of the four periods before', () => {
    const latest = [review('a', 1, 1), review('b', 2, 2), review('c', 5, 3), review('d', 1, 6), review('old', 1, 10), review('older', 2, 20)];
    const [alert] = evaluateCourse(evidence({ latest }), rules, NOW);
    expect(alert).toMatchObject({ kind: 'low-spike', reviewIds: ['a', 'b', 'd'], facts: { count: 3, days: 7, baseline: 0.5 } });
  });

  it('stays quiet with fewer than minCount, or when the period before was as bad', () => {
    expect(evaluateCourse(evidence({ latest: [review('a', 1, 1), review('b', 2, 2)] }), rules, NOW)).toEqual([]);
    const steady = [1, 2, 3, 8, 9, 10, 15, 16, 17, 22, 23, 24].map((age, i) => review(`r${i}`, 1, age));
    // 3 in the last week against a mean of 2.25 a week before: under twice.
    expect(evaluateCourse(evidence({ latest: steady }), rules, NOW)).toEqual([]);
  });

  it('raises one alert per period of `days` days', () => {
    const latest = [review('a', 1, 0.1), review('b', 1, 0.2), review('c', 1, 0.3)];
    const key = (at: Date) => evaluateCourse(evidence({ latest }), rules, at)[0]?.dedupeKey;
    expect(key(NOW)).toBeDefined();
    expect(key(new Date(NOW.getTime() + 7 * DAY))).not.toBe(key(NOW));
  });
});

describe('low review unanswered after D days', () => {
  const rules = only('unansweredLow', { unansweredLow: { enabled: true, days: 3 } });

  it('fires once per low review older than D days without a response', () => {
    const unansweredLow = [review('late', 2, 5), review('exactly', 1, 3), review('fresh', 1, 2), review('answered', 1, 9, true), review('fine', 4, 9)];
    const alerts = evaluateCourse(evidence({ unansweredLow }), rules, NOW);
    expect(alerts.map((a) => [a.reviewIds[0], a.facts.days])).toEqual([['late', 5], ['exactly', 3]]);
    expect(new Set(alerts.map((a) => a.dedupeKey)).size).toBe(2);
  });
});

describe('a topic turning negative', () => {
  const rules = only('topicNegative', { topicNegative: { enabled: true, days: 30, minMentions: 3, rise: 0.25 } });
  const text = (id: string, body: string, ageDays: number) => ({ id, text: body, lang: 'en' as const, at: daysAgo(ageDays) });

  it('fires when a topic’s negative share rose by the threshold to at least half', () => {
    const texts = [
      text('n1', 'The exercises were confusing and useless.', 2),
      text('n2', 'Terrible exercises, badly explained.', 5),
      text('n3', 'The exercises are boring and too hard.', 9),
      text('p1', 'The exercises were great and useful.', 40),
      text('p2', 'Excellent exercises, very clear.', 45),
    ];
    const alerts = evaluateCourse(evidence({ texts }), rules, NOW);
    const exercises = alerts.find((a) => a.facts.topic === 'exercises');
    expect(exercises).toMatchObject({ kind: 'topic-negative', facts: { share: 1, previousShare: 0, mentions: 3 } });
    expect(exercises!.reviewIds).toEqual(['n1', 'n2', 'n3']);
  });

  it('stays quiet when the topic was as negative before, or has too few recent mentions', () => {
    const before = [text('o1', 'The exercises were confusing.', 40), text('o2', 'Terrible exercises.', 41)];
    const recent = [text('n1', 'The exercises were confusing and useless.', 2), text('n2', 'Terrible exercises, badly explained.', 5), text('n3', 'Boring exercises.', 7)];
    expect(evaluateCourse(evidence({ texts: [...recent, ...before] }), rules, NOW).filter((a) => a.facts.topic === 'exercises')).toEqual([]);
    expect(evaluateCourse(evidence({ texts: recent.slice(0, 2) }), rules, NOW)).toEqual([]);
  });
});

describe('rules switched off', () => {
  it('raise nothing, whatever the evidence', () => {
    const off = only('negativeMention', { negativeMention: { enabled: false } });
    const latest = series([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [5, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
    expect(evaluateCourse(evidence({ latest, unansweredLow: latest }), off, NOW)).toEqual([]);
  });
});

describe('a new mention with negative sentiment', () => {
  const mention = { course: COURSE, mentionId: 'm-1', url: 'https://forum.example/t/1', title: 'About the course', text: 'This training was a waste of time, terrible.', at: NOW };

  it('raises a draft for a negative mention, one key per mention, keeping only an http(s) link', () => {
    const draft = mentionAlertDraft(mention, DEFAULT_ALERT_RULES, NOW);
    expect(draft).toMatchObject({ kind: 'negative-mention', facts: { title: 'About the course', url: 'https://forum.example/t/1' } });
    expect(mentionAlertDraft({ ...mention, mentionId: 'm-2' }, DEFAULT_ALERT_RULES, NOW)!.dedupeKey).not.toBe(draft!.dedupeKey);
    expect(mentionAlertDraft({ ...mention, url: 'javascript:alert(1)' }, DEFAULT_ALERT_RULES, NOW)!.facts.url).toBe('');
  });

  it('raises nothing for a positive mention or when the rule is off', () => {
    expect(mentionAlertDraft({ ...mention, text: 'A wonderful, excellent training.' }, DEFAULT_ALERT_RULES, NOW)).toBeNull();
    expect(mentionAlertDraft(mention, only('averageDrop'), NOW)).toBeNull();
  });
});
