import fc from 'fast-check';
import { sentimentOfText } from '../../src/listening/sentiment/text-sentiment';
import { findTopics, type ListeningText } from '../../src/listening/sentiment/topics';

const now = new Date('2027-03-31T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const text = (id: string, body: string, days: number, lang?: 'en' | 'fr'): ListeningText => ({ id, text: body, lang, at: daysAgo(days) });

const corpus: ListeningText[] = [
  text('r1', 'The pace was far too fast. The exercises were great.', 3, 'en'),
  text('r2', 'Great trainer. But the pace was exhausting and the platform crashed twice.', 10, 'en'),
  text('r3', 'The pace suited me perfectly.', 45, 'en'),
  text('r4', 'The availability of the trainer was excellent. I loved the exercises.', 50),
  text('r5', 'Trainer availability was poor, nobody answered the forum.', 5),
  text('r6', 'Les exercices étaient répétitifs et le rythme trop rapide.', 20, 'fr'),
  text('r7', 'Le rythme était parfait.', 70, 'fr'),
];

describe('topics across texts', () => {
  const topics = findTopics(corpus, { now });
  const topic = (label: string) => topics.find((found) => found.label === label);

  it('groups a key phrase across texts, with its count and the ids of the texts that mention it', () => {
    expect(topic('pace')).toMatchObject({ count: 3 });
    expect(topic('pace')!.mentions.map((mention) => mention.id)).toEqual(['r1', 'r2', 'r3']);
    expect(topic('exercises')!.mentions.map((mention) => mention.id).sort()).toEqual(['r1', 'r4']);
  });

  it('gives each topic the share of texts whose sentences about it are negative', () => {
    expect(topic('pace')!.negativeShare).toBeCloseTo(2 / 3);
    expect(topic('pace')!.positiveShare).toBeCloseTo(1 / 3);
    expect(topic('exercises')!.negativeShare).toBe(0);
  });

  it('reads "availability of the trainer" and "trainer availability" as one topic, and drops the word it covers', () => {
    const availability = topics.find((found) => found.key.split(' ').length === 2 && found.label.includes('availability'));
    expect(availability?.count).toBe(2);
    expect(availability?.negativeShare).toBe(0.5);
    expect(topics.some((found) => found.label === 'availability')).toBe(false);
  });

  it('stems French words too, so plurals meet, and keeps the languages apart', () => {
    expect(topic('rythme')).toMatchObject({ count: 2, negativeShare: 0.5 });
    expect(topic('exercices')).toBeUndefined(); // one French text only: below the two-text minimum
  });

  it('counts the trend as texts in the last 30 days against the 30 before', () => {
    expect(topic('pace')!.trend).toEqual({ recent: 2, previous: 1 });
    expect(topic('rythme')!.trend).toEqual({ recent: 1, previous: 0 });
  });

  it('lists the most mentioned topics first, never opinion words, and honours the minimum and the limit', () => {
    expect(topics[0]!.count).toBeGreaterThanOrEqual(topics[topics.length - 1]!.count);
    expect(topics.map((found) => found.label)).not.toEqual(expect.arrayContaining(['great']));
    expect(findTopics(corpus, { now, minTexts: 3 }).map((found) => found.label)).toEqual(['pace', 'trainer']);
    expect(findTopics(corpus, { now, limit: 1 })).toHaveLength(1);
    expect(findTopics([], { now })).toEqual([]);
  });
});

describe('any text', () => {
  it('is scored and grouped without throwing, whatever its characters or length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom('en', 'fr', undefined), (body, lang) => {
        const scored = sentimentOfText(body, lang as 'en' | 'fr' | undefined);
        expect(Number.isFinite(scored.score)).toBe(true);
        findTopics([{ id: 'a', text: body, lang: lang as 'en' | 'fr' | undefined, at: now }], { now, minTexts: 1 });
      }),
      { numRuns: 300 },
    );
    const runOn = 'I do not think it helps, '.repeat(2_000) + 'not not not ne pas ne que '.repeat(2_000);
    const started = Date.now();
    sentimentOfText(runOn, 'en');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
