import { fillHoles, holedPageBytes, holeMarker, splitHoles } from '../../src/http/holed-page';
import { SharedPageCache } from '../../src/panels/reviews/shared-page-cache';

describe('holed pages', () => {
  it('split at markers and fill each hole, nested pages and repeated holes included', () => {
    const page = splitHoles(`<p>${holeMarker('csrf')}</p><ul>${holeMarker('votes', 'r-1')}${holeMarker('votes', 'r_2')}</ul>é`);
    const inner = splitHoles(`<li>${holeMarker('csrf')}</li>`);
    const out = fillHoles(page, (hole) => (hole.name === 'csrf' ? Buffer.from('tok') : hole.arg === 'r-1' ? inner : ''));
    expect(out.toString()).toBe('<p>tok</p><ul><li>tok</li></ul>é');
  });

  it('refuse to serve a page with a hole nobody fills', () => {
    const page = splitHoles(`a${holeMarker('own')}b`);
    expect(() => fillHoles(page, () => undefined)).toThrow(/no filling for hole own/);
  });

  it('only take id-like arguments, so a marker cannot be broken open by what it carries', () => {
    expect(() => holeMarker('votes', 'a~b')).toThrow();
    expect(() => holeMarker('votes', '<x>')).toThrow();
  });

  it('leave alone text that looks like a marker without this process’s secret prefix', () => {
    const forged = 'lvhole000000000000000000000000csrf~~ and lvholecsrf~~';
    const page = splitHoles(`<p>${forged}</p>`);
    expect(page).toHaveLength(1);
    expect(fillHoles(page, () => 'X').toString()).toBe(`<p>${forged}</p>`);
  });
});

describe('the shared page cache', () => {
  it('builds once for concurrent misses on one key', async () => {
    const cache = new SharedPageCache<number>(10);
    let builds = 0;
    const build = async () => {
      builds++;
      await new Promise((r) => setTimeout(r, 10));
      return 42;
    };
    const values = await Promise.all([cache.get('k', build), cache.get('k', build), cache.get('k', build)]);
    expect(values).toEqual([42, 42, 42]);
    expect(builds).toBe(1);
    expect(await cache.get('k', build)).toBe(42);
    expect(builds).toBe(1);
  });

  it('drops the least recently used entry beyond its capacity', async () => {
    const cache = new SharedPageCache<string>(2);
    await cache.get('a', async () => 'A');
    await cache.get('b', async () => 'B');
    await cache.get('a', async () => 'A2'); // a is now the most recent
    await cache.get('c', async () => 'C'); // b goes
    expect(cache.size).toBe(2);
    expect(await cache.get('a', async () => 'rebuilt')).toBe('A');
    expect(await cache.get('b', async () => 'rebuilt')).toBe('rebuilt');
  });

  it('does not keep a failed build: the next request tries again', async () => {
    const cache = new SharedPageCache<string>(2);
    await expect(cache.get('k', async () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.get('k', async () => 'ok')).toBe('ok');
  });

  it('drops the least recently used entries beyond its byte budget, and never keeps a page larger than it', async () => {
    const cache = new SharedPageCache<string>(100, { maxBytes: 10, weigh: (v) => v.length });
    await cache.get('a', async () => 'aaaa');
    await cache.get('b', async () => 'bbbb');
    await cache.get('a', async () => 'rebuilt'); // a is now the most recent
    await cache.get('c', async () => 'cccc'); // 12 bytes: b goes
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(8);
    expect(await cache.get('b', async () => 'b2')).toBe('b2');
    expect(await cache.get('big', async () => 'x'.repeat(11))).toBe('x'.repeat(11));
    expect(await cache.get('big', async () => 'again')).toBe('again');
    expect(cache.bytes).toBeLessThanOrEqual(10);
  });

  it('drops a page as soon as the same page is kept at a newer version, and frees its bytes', async () => {
    const cache = new SharedPageCache<string>(100, { maxBytes: 1_000, weigh: (v) => v.length });
    const line = (version: number, day = 20261207) => ({ group: 'course-1/recent', order: [day, version] });
    await cache.get('course-1/recent@1', async () => 'page one', line(1));
    await cache.get('course-2/recent@1', async () => 'other', { group: 'course-2/recent', order: [20261207, 1] });
    await cache.get('course-1/recent@2', async () => 'page two', line(2));
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe('other'.length + 'page two'.length);
    expect(await cache.get('course-1/recent@1', async () => 'rebuilt', line(1))).toBe('rebuilt');
    // That late rebuild of the older version was served, not kept: the newer page stays.
    expect(await cache.get('course-1/recent@2', async () => 'not again', line(2))).toBe('page two');
    // A new day supersedes too, whatever the generation.
    await cache.get('course-1/recent@2/next-day', async () => 'tomorrow', line(0, 20261208));
    expect(await cache.get('course-1/recent@2', async () => 'evicted', line(2))).toBe('evicted');
    expect(cache.size).toBe(2);
  });

  it('keeps a page whose build started before a newer one but finished after it out of the cache', async () => {
    const cache = new SharedPageCache<string>(10);
    let release!: () => void;
    const slow = cache.get('v1', () => new Promise<string>((resolve) => (release = () => resolve('old'))), { group: 'g', order: [1] });
    await cache.get('v2', async () => 'new', { group: 'g', order: [2] });
    release();
    expect(await slow).toBe('old');
    expect(cache.size).toBe(1);
    expect(await cache.get('v2', async () => 'rebuilt', { group: 'g', order: [2] })).toBe('new');
  });

  it('forgets a lineage whose page the LRU pushed out, so its next page is kept', async () => {
    const cache = new SharedPageCache<string>(1);
    await cache.get('a@2', async () => 'A2', { group: 'a', order: [2] });
    await cache.get('b@1', async () => 'B1', { group: 'b', order: [1] });
    await cache.get('a@1', async () => 'A1', { group: 'a', order: [1] });
    expect(await cache.get('a@1', async () => 'again', { group: 'a', order: [1] })).toBe('A1');
  });

  it('weighs a holed page by its text parts', () => {
    expect(holedPageBytes(splitHoles(`<p>é${holeMarker('sid')}abc</p>`))).toBe(Buffer.byteLength('<p>é') + Buffer.byteLength('abc</p>'));
  });
});
