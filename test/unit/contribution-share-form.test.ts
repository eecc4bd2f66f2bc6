/** The share form's reading, alone: links, consent, choices and limits, with messages at the fields. */
import { translator } from '../../src/i18n/translate';
import { readShareForm, webLink } from '../../src/panels/contributions/share-form';

const t = translator('en');
const form = (overrides: Record<string, unknown> = {}) => readShareForm({ title: 'Tip', text: 'Text', licence: 'cc-by-4.0', credit: 'name', consent: '1', ...overrides }, t);
const fieldsWithProblems = (overrides: Record<string, unknown>) => {
  const read = form(overrides);
  return read.ok ? [] : read.problems.map((p) => p.field);
};

describe('share form', () => {
  it('keeps http and https links and refuses every other kind', () => {
    expect(webLink('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
    expect(webLink('http://example.org')).toBe('http://example.org/');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.org', '//example.org', 'https://user:pw@example.org', 'https://exa mple.org', 'https://example.org/\n', 'example.org', `https://example.org/${'a'.repeat(2000)}`])
      expect([bad, webLink(bad)]).toEqual([bad, undefined]);
  });

  it('reads a complete form, trimmed, with the credit and consent choices', () => {
    expect(form({ title: '  Tip  ', credit: 'anonymous', creditEditConsent: 'on' })).toEqual({
      ok: true,
      fields: { title: 'Tip', text: 'Text', link: undefined, licence: 'cc-by-4.0', consentToReuse: true, creditByName: false, creditEditConsent: true },
    });
  });

  it('names each field that is wrong: missing, too long, unknown choice, no consent, bad link', () => {
    expect(fieldsWithProblems({ title: '', text: 'x'.repeat(4001), licence: 'gpl', credit: 'maybe', consent: undefined, link: 'javascript:x' })).toEqual(['title', 'text', 'link', 'licence', 'consent', 'credit']);
    expect(fieldsWithProblems({ title: ['array'], text: { object: true } })).toEqual(['title', 'text']);
  });
});
