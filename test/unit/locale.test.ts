import { localeFrom, localeFromAcceptLanguage } from '../../src/context/locale';

describe('locale of a launch', () => {
  it.each([
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['fr_FR', 'fr'],
    ['FR', 'fr'],
    ['en', 'en'],
    ['en-GB', 'en'],
    ['de', 'en'],
    [undefined, 'en'],
    [42, 'en'],
  ])('%s gives %s', (tag, expected) => {
    expect(localeFrom(tag)).toBe(expected);
  });

  it('follows the preferred supported language of Accept-Language', () => {
    expect(localeFromAcceptLanguage('de-DE,fr;q=0.8,en;q=0.5')).toBe('fr');
    expect(localeFromAcceptLanguage('en;q=0.3, fr-CH;q=0.9')).toBe('fr');
    expect(localeFromAcceptLanguage(undefined)).toBe('en');
  });
});
