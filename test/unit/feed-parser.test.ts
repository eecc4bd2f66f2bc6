/**
 * Feed parsing (catalogue/external/feed-parser.ts): RSS 2.0, Atom 1.0 and JSON Feed 1.1 fixtures
 * give the same plain-text, capped entries with http(s) links resolved against the feed's URL;
 * hostile documents give a typed error and nothing else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseFeed, type ParseResult } from '../../src/catalogue/external/feed-parser';
import { FEED_LIMITS } from '../../src/catalogue/external/feed-entry';
import { plainText, decodeEntities } from '../../src/catalogue/external/feed-text';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'feeds', name), 'utf8');
const feedOf = (result: ParseResult) => {
  if (!result.ok) throw new Error(`expected a feed, got ${result.error.code}: ${result.error.detail}`);
  return result.feed;
};
const errorOf = (result: ParseResult) => {
  if (result.ok) throw new Error('expected an error');
  return result.error;
};

describe('RSS 2.0', () => {
  const feed = feedOf(parseFeed(fixture('rss.xml'), 'https://mooc.example/feed.xml'));

  it('reads the channel title with entities decoded', () => {
    expect(feed.title).toBe('Open Courses & Co');
  });

  it('keeps items with an http(s) link, resolved against the feed URL, and drops the rest and duplicate guids', () => {
    expect(feed.entries.map((e) => e.url)).toEqual(['https://mooc.example/courses/data-literacy?utm_source=rss&lang=en', 'https://mooc.example/courses/negocier']);
    expect(feed.entries.map((e) => e.key)).toEqual(['course-101', 'https://mooc.example/courses/negocier']);
  });

  it('turns the escaped HTML description into plain text, scripts and tags gone, entities decoded once', () => {
    expect(feed.entries[0].summary).toBe('Read charts critically & ask better questions.');
    expect(feed.entries[1].title).toBe('Négocier avec succès');
    // Inside CDATA the HTML is as written: &amp;lt;b&amp;gt; is the text "&lt;b&gt;", decoded once, never a tag.
    expect(feed.entries[1].summary).toBe('Un cours pour apprendre é é — &lt;b&gt;');
  });

  it('takes the language from the item, else the channel, as a primary subtag, and the date from pubDate', () => {
    expect(feed.entries[0]).toMatchObject({ language: 'en', updatedAt: new Date('2026-11-02T09:00:00Z') });
    expect(feed.entries[1].language).toBe('fr');
    expect(feed.entries[1]).not.toHaveProperty('updatedAt');
  });
});

describe('Atom 1.0', () => {
  const feed = feedOf(parseFeed(fixture('atom.xml'), 'https://vendor.example/feeds/atom.xml'));

  it('uses the alternate link (not self), resolved against the feed URL, and the id as key', () => {
    expect(feed.entries.map((e) => [e.key, e.url])).toEqual([
      ['urn:vendor:course:1', 'https://vendor.example/feeds/catalogue/securite'],
      ['urn:vendor:course:2', 'https://vendor.example/catalogue/leadership'],
    ]);
  });

  it('reads html titles and summaries (or content) as text, xml:lang of entry or feed, updated or published', () => {
    expect(feed.title).toBe('Catalogue du fournisseur');
    expect(feed.entries[0]).toMatchObject({ title: 'Sécurité & conformité', summary: 'Deux jours pour comprendre le RGPD.', language: 'fr', updatedAt: new Date('2026-10-15T08:00:00Z') });
    expect(feed.entries[1]).toMatchObject({ title: 'Leadership basics', summary: 'Lead a team.', language: 'en', updatedAt: new Date('2026-09-01T06:00:00Z') });
  });
});

describe('JSON Feed 1.1', () => {
  const feed = feedOf(parseFeed(fixture('feed.json'), 'https://intranet.example/training/feed.json'));

  it('keeps items with an http(s) url or external_url, numeric ids as keys, and drops the others', () => {
    expect(feed.title).toBe('Intranet training list');
    expect(feed.entries.map((e) => [e.key, e.url])).toEqual([
      ['t-1', 'https://intranet.example/training/excel'],
      ['42', 'https://partner.example/course/42'],
    ]);
  });

  it('makes text of content_html, falls back to the summary for a missing title, and reads languages and dates', () => {
    expect(feed.entries[0]).toMatchObject({ title: 'Excel, advanced', summary: 'Pivot tables Power Query', language: 'en', updatedAt: new Date('2026-11-20T10:00:00Z') });
    expect(feed.entries[1]).toMatchObject({ title: 'Partner course without a title', language: 'fr' });
  });

  it('refuses JSON that is not a JSON Feed', () => {
    expect(errorOf(parseFeed('{"items": []}', 'https://x.example/')).code).toBe('unsupported-format');
    expect(errorOf(parseFeed('{"version": "https://jsonfeed.org/version/1.1", ', 'https://x.example/')).code).toBe('malformed');
  });
});

describe('hostile and broken documents', () => {
  it('refuses an entity bomb (billion laughs) without expanding anything, quickly', () => {
    const started = Date.now();
    const error = errorOf(parseFeed(fixture('entity-bomb.xml'), 'https://x.example/'));
    expect(error.code).toBe('malformed');
    expect(error.detail).toMatch(/entities/);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('refuses an external entity (XXE): no file is ever read', () => {
    const error = errorOf(parseFeed(fixture('xxe.xml'), 'https://x.example/'));
    expect(error.code).toBe('malformed');
    expect(JSON.stringify(error)).not.toMatch(/root:/);
  });

  it('leaves undeclared entity references as text rather than expanding them', () => {
    const feed = feedOf(parseFeed('<rss version="2.0"><channel><item><title>A &unknown; B</title><link>https://x.example/</link></item></channel></rss>', 'https://x.example/'));
    expect(feed.entries[0].title).toBe('A &unknown; B');
  });

  it('reports malformed XML, another XML vocabulary and text that is no feed as typed errors', () => {
    expect(errorOf(parseFeed(fixture('malformed.xml'), 'https://x.example/')).code).toBe('malformed');
    expect(errorOf(parseFeed('<html><body>Login</body></html>', 'https://x.example/')).code).toBe('unsupported-format');
    expect(errorOf(parseFeed('Service unavailable', 'https://x.example/')).code).toBe('unsupported-format');
    expect(errorOf(parseFeed('', 'https://x.example/')).code).toBe('unsupported-format');
  });

  it('refuses nesting deeper than any feed needs', () => {
    const deep = '<rss><channel>' + '<a>'.repeat(200) + '</a>'.repeat(200) + '</channel></rss>';
    expect(parseFeed(deep, 'https://x.example/').ok).toBe(false);
  });

  it('refuses markup no feed has (150,000 attributes, 150,000 elements) before parsing it, and keeps a real-sized one with CDATA HTML', () => {
    const attributes = Array.from({ length: 150_000 }, (_, i) => `a${i}="1"`).join(' ');
    expect(errorOf(parseFeed(`<rss version="2.0"><channel ${attributes}><title>T</title></channel></rss>`, 'https://x.example/')).detail).toMatch(/more than 20000 attributes/);
    const elements = '<x/>'.repeat(150_000);
    expect(errorOf(parseFeed(`<rss version="2.0"><channel><title>T</title>${elements}</channel></rss>`, 'https://x.example/')).detail).toMatch(/more than 100000 elements/);
    // 500 entries whose descriptions are rich HTML in CDATA (its tags and attributes are text, not markup).
    const html = '<p class="intro">Week <a href="https://x.example/w" title="w">one</a></p>'.repeat(40);
    const items = Array.from({ length: 500 }, (_, i) => `<item><title>T${i}</title><link>https://x.example/${i}</link><description><![CDATA[${html}]]></description><guid isPermaLink="false">g${i}</guid></item>`).join('');
    expect(feedOf(parseFeed(`<rss version="2.0"><channel><title>Rich</title>${items}</channel></rss>`, 'https://x.example/')).entries).toHaveLength(500);
  });

  it('never throws, whatever the body', () => {
    for (const body of ['<', '{', '<rss>', '<feed', '\u0000\u0001', '<rss><channel><item><link>https://x</link></item></channel></rss>', '{"version":"https://jsonfeed.org/version/1","items":[null,1,"x",{"url":{}}]}'])
      expect(() => parseFeed(body, 'https://x.example/')).not.toThrow();
  });
});

describe('caps', () => {
  it(`keeps at most ${FEED_LIMITS.entries} entries`, () => {
    const items = Array.from({ length: 700 }, (_, i) => `<item><title>T${i}</title><link>https://x.example/${i}</link></item>`).join('');
    const feed = feedOf(parseFeed(`<rss version="2.0"><channel>${items}</channel></rss>`, 'https://x.example/'));
    expect(feed.entries).toHaveLength(FEED_LIMITS.entries);
    expect(feed.entries[499].url).toBe('https://x.example/499');
  });

  it('caps titles, summaries and keys, and drops over-long links', () => {
    const long = 'word '.repeat(2000);
    const feed = feedOf(
      parseFeed(
        JSON.stringify({
          version: 'https://jsonfeed.org/version/1.1',
          items: [
            { id: 'k'.repeat(5000), url: 'https://x.example/a', title: long, summary: long },
            { id: 'b', url: 'https://x.example/' + 'p'.repeat(3000), title: 'too long a link' },
          ],
        }),
        'https://x.example/',
      ),
    );
    expect(feed.entries).toHaveLength(1);
    const [entry] = feed.entries;
    expect(entry.title.length).toBeLessThanOrEqual(FEED_LIMITS.titleChars);
    expect(entry.summary.length).toBeLessThanOrEqual(FEED_LIMITS.summaryChars);
    expect(entry.summary.endsWith('…')).toBe(true);
    expect(entry.key).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
  });

  it('drops links with credentials or non-http schemes, and resolves protocol-relative ones', () => {
    const items = ['https://user:pw@x.example/', 'data:text/html,hi', 'mailto:a@b.example', '//cdn.example/c', 'vbscript:x']
      .map((link, i) => ({ id: String(i), url: link, title: 'T' }));
    const feed = feedOf(parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items }), 'https://x.example/feed.json'));
    expect(feed.entries.map((e) => e.url)).toEqual(['https://cdn.example/c']);
  });
});

describe('plain text', () => {
  it('drops tags, comments, scripts and styles, collapses white space', () => {
    expect(plainText('<p>One</p><!-- hidden --><style>p{}</style><script>x()</script><p>Two<br>Three</p>', 100)).toBe('One Two Three');
  });

  it('decodes references once, never a NUL, a surrogate or past Unicode', () => {
    expect(decodeEntities('&amp;lt; &#0; &#xD800; &#x110000; &#65; &bogus;')).toBe('&lt; &#0; &#xD800; &#x110000; A &bogus;');
  });

  it('removes control characters and bidirectional overrides, and cuts at a word boundary with an ellipsis', () => {
    expect(plainText('a\u0007b\u202ec\u2066d', 100)).toBe('abcd');
    expect(plainText('alpha beta gamma delta', 12)).toBe('alpha beta…');
  });
});
