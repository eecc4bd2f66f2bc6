/**
 * How well the "similar ideas" hint separates related ideas from unrelated ones, measured on pairs
 * labelled by hand in English and French (test/fixtures/similar-ideas/pairs.json). Each pair gets its
 * own course holding the existing idea; the typed title is then looked up through the store's real
 * similarIdeas, on the memory fake and on SQLite (FTS5), which must agree pair by pair. Precision and
 * recall are printed for each language.
 */
import pairsFile from '../fixtures/similar-ideas/pairs.json';
import type { ContextKey } from '../../src/context/tenant';
import type { Storage } from '../../src/storage/port';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

interface LabelledPair {
  typed: string;
  existing: { title: string; description?: string };
  similar: boolean;
}

const LANGUAGES = ['en', 'fr'] as const;
const pairs = pairsFile as unknown as Record<(typeof LANGUAGES)[number], LabelledPair[]>;

/** Hint shown (true) or not for each pair, through the store's own similar-ideas match. */
async function predictions(storage: Storage, language: 'en' | 'fr'): Promise<boolean[]> {
  const shown: boolean[] = [];
  for (const [i, pair] of pairs[language].entries()) {
    const course: ContextKey = { issuer: 'https://lms.example', clientId: 'c', deploymentId: 'd', contextId: `${language}-pair-${i}` };
    await storage.consultations.proposeIdea(
      course,
      {
        kind: 'need',
        consultationId: null,
        author: { id: 'learner-1', name: 'Learner 1', role: 'learner' },
        creditConsent: false,
        title: pair.existing.title,
        description: pair.existing.description ?? '',
        situation: '',
        language,
      },
      new Date('2030-03-01T09:00:00Z'),
    );
    const found = await storage.consultations.similarIdeas(course, { kind: 'need', text: pair.typed, language, limit: 5 });
    shown.push(found.length > 0);
  }
  return shown;
}

function score(labels: boolean[], shown: boolean[]) {
  const truePositives = shown.filter((s, i) => s && labels[i]).length;
  const flagged = shown.filter(Boolean).length;
  const similar = labels.filter(Boolean).length;
  return { precision: flagged ? truePositives / flagged : 1, recall: similar ? truePositives / similar : 1 };
}

describe('similar ideas hint on the labelled pairs', () => {
  it('has at least 40 labelled pairs per language, both kinds represented', () => {
    for (const language of LANGUAGES) {
      expect(pairs[language].length).toBeGreaterThanOrEqual(40);
      expect(pairs[language].filter((p) => p.similar).length).toBeGreaterThanOrEqual(20);
      expect(pairs[language].filter((p) => !p.similar).length).toBeGreaterThanOrEqual(20);
    }
  });

  for (const language of LANGUAGES) {
    it(`in ${language}, SQLite finds similar ideas with precision and recall of at least 0.9 and 0.8`, async () => {
      const sqlite = openSqliteStorage({ file: ':memory:' });
      try {
        const labels = pairs[language].map((p) => p.similar);
        const fromSqlite = await predictions(sqlite, language);
        const { precision, recall } = score(labels, fromSqlite);
        const misses = pairs[language]
          .filter((p, i) => fromSqlite[i] !== p.similar)
          .map((p) => `${p.similar ? 'missed' : 'false alarm'}: “${p.typed}” / “${p.existing.title}”`);
        console.log(`similar ideas (${language}): precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)} on ${labels.length} pairs\n${misses.join('\n')}`);
        expect(precision).toBeGreaterThanOrEqual(0.9);
        expect(recall).toBeGreaterThanOrEqual(0.8);
      } finally {
        await sqlite.close();
      }
    });
  }

  it('a shared stop word or a single common term between otherwise different titles shows no hint', async () => {
    const storage = openSqliteStorage({ file: ':memory:' });
    try {
      const course: ContextKey = { issuer: 'https://lms.example', clientId: 'c', deploymentId: 'd', contextId: 'stop-words' };
      const idea = (title: string, language: 'en' | 'fr') => ({
        kind: 'need' as const, consultationId: null, author: { id: 'l', name: 'L', role: 'learner' as const }, creditConsent: false,
        title, description: '', situation: '', language,
      });
      await storage.consultations.proposeIdea(course, idea('More practical exercises on pivot tables', 'en'), new Date());
      await storage.consultations.proposeIdea(course, idea('Plus d’exercices pratiques sur les tableaux croisés', 'fr'), new Date());
      const similar = (text: string, language: 'en' | 'fr') =>
        storage.consultations.similarIdeas(course, { kind: 'need', text, language, limit: 5 }).then((r) => r.map((i) => i.title));
      expect(await similar('Drop the final exam', 'en')).toEqual([]);
      expect(await similar('More time for the final project', 'en')).toEqual([]);
      expect(await similar('Written exercises for the exam', 'en')).toEqual([]);
      expect(await similar('Supprimer l’examen final', 'fr')).toEqual([]);
      expect(await similar('Plus de temps pour les exercices de groupe', 'fr')).toEqual([]);
      // Two shared terms, or one word typed so far, still find it.
      expect(await similar('pivot table exercises', 'en')).toEqual(['More practical exercises on pivot tables']);
      expect(await similar('piv', 'en')).toEqual(['More practical exercises on pivot tables']);
      expect(await similar('tableaux croisés', 'fr')).toEqual(['Plus d’exercices pratiques sur les tableaux croisés']);
    } finally {
      await storage.close();
    }
  });
});
