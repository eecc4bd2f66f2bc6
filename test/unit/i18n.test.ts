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

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('fr', 'register.deployment', { deployment: '7' })).toBe('Identifiant de déploiement\u202f: 7');
    expect(translate('en', 'register.deployment')).toBe('Deployment id: {deployment}');
  });
});
