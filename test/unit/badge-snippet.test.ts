/** The HTML pasted into an LMS course summary: the badge image in a link to the public page, all escaped. */
import { badgeSnippet } from '../../src/catalogue/badge/badge-snippet';

const TOKEN = 'Zk3_vQ9-xYw2LmN8pRt4sA';
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('badge snippet', () => {
  it('links the badge image to the public page, in a new tab, in the course language', () => {
    expect(badgeSnippet({ baseUrl: 'https://voice.example.edu/', token: TOKEN, title: 'Excel for accountants', locale: 'fr' })).toBe(
      `<a href="https://voice.example.edu/badge/${TOKEN}" target="_blank" rel="noopener">` +
        `<img src="https://voice.example.edu/badge/${TOKEN}.svg?lang=fr" alt="Notes des apprenants pour Excel for accountants" width="160" height="20"></a>`,
    );
  });

  it('names the course in alt without figures, which would go stale in pasted HTML', () => {
    const html = badgeSnippet({ baseUrl: 'https://voice.example.edu', token: TOKEN, title: '  Excel\n  for accountants ', locale: 'en' });
    expect(/alt="([^"]*)"/.exec(html)![1]).toBe('Learner ratings for Excel for accountants');
    expect(html).not.toMatch(/\d\.\d|out of 5/);
  });

  it('escapes a hostile title so that it stays inside its attribute', () => {
    const title = `"><script>alert(1)</script><img src=x onerror='alert(2)'> & co`;
    const html = badgeSnippet({ baseUrl: 'https://voice.example.edu', token: TOKEN, title, locale: 'en' });
    expect(html).not.toMatch(/<script|<img src=x|onerror='/);
    expect(html.match(/</g)).toHaveLength(3);
    expect(unescape(/alt="([^"]*)"/.exec(html)![1])).toBe(`Learner ratings for ${title}`);
  });

  it('refuses a token the catalogue would not have issued', () => {
    expect(() => badgeSnippet({ baseUrl: 'https://voice.example.edu', token: 'x" onerror="alert(1)', title: 'T', locale: 'en' })).toThrow('not a badge token');
  });
});
