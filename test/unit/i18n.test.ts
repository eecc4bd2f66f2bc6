import { ERROR_CODES } from '../../src/http/errors';
import { catalogueKeys, translate } from '../../src/i18n/translate';

describe('translations', () => {
  it('has every English key in French and no French key that English lacks', () => {
    const en = new Set(catalogueKeys('en'));
    const fr = new Set(catalogueKeys('fr'));
    expect([...en].filter((k) => !fr.has(k))).toEqual([]);
    expect([...fr].filter((k) => !en.has(k))).toEqual([]);
  });

  it('has no empty text in either language', () => {
    for (const locale of ['en', 'fr'] as const) {
      const empty = catalogueKeys(locale).filter((k) => translate(locale, k as never).trim() === '');
      expect(empty).toEqual([]);
    }
  });

  it('documents every error code with a title, a message and a hint in both languages', () => {
    const keys = new Set(catalogueKeys('en'));
    const missing = ERROR_CODES.flatMap((code) => ['title', 'message', 'hint'].map((part) => `error.${code}.${part}`)).filter((k) => !keys.has(k));
    expect(missing).toEqual([]);
  });

  it('never finds a key or a placeholder on Object.prototype', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(translate('fr', name as never)).toBe(name);
      expect(translate('en', `moderation.action.${name}` as never)).toBe(`moderation.action.${name}`);
    }
    expect(translate('en', 'no such key {constructor}' as never)).toBe('no such key {constructor}');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('fr', 'register.deployment', { deployment: '7' })).toBe('Identifiant de déploiement\u202f: 7');
    expect(translate('en', 'register.deployment')).toBe('Deployment id: {deployment}');
  });
});

describe('numbers and plurals as each language writes them', () => {
  it('writes decimals and thousands the French way in French and the English way in English', () => {
    expect(translate('fr', 'reviews.stars.label', { n: 4.5 })).toBe('4,5 étoiles sur 5');
    expect(translate('en', 'reviews.stars.label', { n: 4.5 })).toBe('4.5 out of 5 stars');
    expect(translate('fr', 'reviews.staff.responseRate', { reviewed: 1234, learners: 2000, percent: 62 })).toBe('1\u202f234 apprenants sur les 2\u202f000 inscrits ont donné leur avis sur ce cours (62\u202f%).');
  });

  it('picks the singular with Intl.PluralRules: 0 and 1 in French, only 1 in English', () => {
    expect(translate('en', 'reviews.summary.bar', { stars: 1, count: 1, percent: 50 })).toBe('1 star: 1 rating (50%)');
    expect(translate('en', 'reviews.summary.bar', { stars: 2, count: 0, percent: 0 })).toBe('2 stars: 0 ratings (0%)');
    expect(translate('fr', 'reviews.summary.bar', { stars: 1, count: 0, percent: 0 })).toMatch(/^1 étoile\s:\s0 note \(0\s%\)$/);
    expect(translate('fr', 'reviews.stars.label', { n: 1 })).toBe('1 étoile sur 5');
    expect(translate('en', 'reviews.staff.reviewCount', { reviewed: 1 })).toBe('1 learner has reviewed this course.');
    expect(translate('fr', 'reviews.staff.reviewCount', { reviewed: 3 })).toBe('3 apprenants ont donné leur avis sur ce cours.');
  });

  it('shows a key that is not in the catalogue as itself, never an inherited property', () => {
    expect(translate('en', 'constructor' as never)).toBe('constructor');
    expect(translate('fr', '__proto__' as never)).toBe('__proto__');
  });

  it('every catalogue text parses as a message in both languages', () => {
    for (const locale of ['en', 'fr'] as const) {
      const broken = catalogueKeys(locale).filter((key) => {
        const text = translate(locale, key as never, { count: 2, n: 2, days: 2, rating: 2, baseline: 1, stars: 2, reviewed: 2, learners: 3, needed: 2, minutes: 5, percent: 10, query: 'q', average: 4, answered: 1, reviews: 2, opened: 2, launched: 1 });
        return /\{\w+,\s*plural/.test(text);
      });
      expect(broken).toEqual([]);
    }
  });
});

describe('French typography', () => {
  /** A sign that French sets apart, not part of a URL, a command or an ICU placeholder. */
  const HIGH_SIGN = /([:;!?%»])/g;
  const exempt = (text: string, index: number) => {
    const around = text.slice(Math.max(0, index - 8), index + 3);
    return /:\/\//.test(around) || /https?:/.test(text.slice(Math.max(0, index - 5), index + 1)) || (text[index] === '?' && /[\w/]\?[\w{]/.test(around));
  };

  it('sets a narrow no-break space (U+202F) before : ; ! ? % and », and after «, in every French text', () => {
    const offending: string[] = [];
    for (const key of catalogueKeys('fr')) {
      const text = translate('fr', key as never);
      for (const match of text.matchAll(HIGH_SIGN)) {
        const index = match.index!;
        if (exempt(text, index)) continue;
        if (text[index - 1] !== '\u202f') offending.push(`${key}: …${text.slice(Math.max(0, index - 12), index + 2)}…`);
      }
      for (const match of text.matchAll(/«/g)) if (text[match.index! + 1] !== '\u202f') offending.push(`${key}: …${text.slice(match.index!, match.index! + 12)}…`);
    }
    expect(offending).toEqual([]);
  });
});

describe('formatted texts kept for the next page', () => {
  it('gives the same text the second time, tells a number from the same digits as text, and never mixes arguments up', () => {
    const first = translate('fr', 'catalogue.rating.summary', { average: '4,5', count: 1234 });
    expect(first).toBe('4,5 sur 5 (1\u202f234 notes)');
    expect(translate('fr', 'catalogue.rating.summary', { average: '4,5', count: 1234 })).toBe(first);
    // {answered} is formatted as a number in the page's language; the same digits as text are left as they are.
    const asNumber = translate('fr', 'catalogue.answers.answered', { answered: 1234, reviews: 2 });
    const asText = translate('fr', 'catalogue.answers.answered', { answered: '1234', reviews: 2 });
    expect(asNumber).toContain('1\u202f234');
    expect(asText).toContain('1234');
    expect(asText).not.toBe(asNumber);
    expect(translate('en', 'catalogue.results.countFor', { count: 1, query: 'python' })).toBe('1 training matches “python”.');
    expect(translate('en', 'catalogue.results.countFor', { count: 1, query: 'rust' })).toBe('1 training matches “rust”.');
  });

  it('formats a long argument every time rather than keeping it', () => {
    const long = 'x'.repeat(500);
    expect(translate('en', 'catalogue.results.countFor', { count: 3, query: long })).toBe(`3 trainings match “${long}”.`);
    expect(translate('en', 'catalogue.results.countFor', { count: 3, query: long + 'y' })).toBe(`3 trainings match “${long}y”.`);
  });
});
