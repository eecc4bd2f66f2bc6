/**
 * The contract of Listening mentions (ports/mentions.ts), run unchanged on every adapter: tenancy by
 * the full deployment / course key, one feed per URL, due/claim semantics the worker relies on, a
 * mention stored once per (course, feed, entry) whatever the feed repeats, the newest kept within
 * the per-course bound, the feed's removal taking its mentions, and keywords replaced whole.
 */
import type { ContextKey, DeploymentKey } from '../../src/context/tenant';
import type { Storage } from '../../src/storage/port';
import { MENTION_LIMITS, type NewMention } from '../../src/storage/ports/mentions';

const DEPLOYMENT: DeploymentKey = { issuer: 'https://lms-a.example', clientId: 'client-1', deploymentId: 'dep-1' };
const COURSE: ContextKey = { ...DEPLOYMENT, contextId: 'course-1' };
const NEIGHBOURS: ReadonlyArray<[string, DeploymentKey]> = [
  ['another deployment', { ...DEPLOYMENT, deploymentId: 'dep-2' }],
  ['another client id', { ...DEPLOYMENT, clientId: 'client-2' }],
  ['another platform', { ...DEPLOYMENT, issuer: 'https://lms-b.example' }],
];
const T0 = new Date('2030-03-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function mention(key: string, overrides: Partial<NewMention> = {}): NewMention {
  return {
    contextId: COURSE.contextId,
    entryKey: key,
    title: `Post ${key} about $where`,
    excerpt: 'Excerpt with {"$gt": ""}',
    url: `https://social.example/@a/${key}`,
    publishedAt: at(-60),
    language: 'fr',
    sentimentScore: -1.5,
    sentimentLabel: 'negative',
    keywords: ['Python avancé'],
    ...overrides,
  };
}

export function mentionsContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: listening mentions`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => storage.close());

    const addFeed = async (url = 'https://social.example/tags/python.rss', deployment = DEPLOYMENT) => {
      const feed = await storage.mentions.addFeed({ deployment, title: 'Mastodon #python', url, addedBy: 'admin-1' }, T0);
      if (!feed) throw new Error('feed not added');
      return feed;
    };
    const success = (mentions: NewMention[], minutes = 0) => ({ kind: 'success' as const, at: at(minutes), nextAttemptAt: at(minutes + 360), mentions, etag: '"v1"' });

    it('adds a feed due at once, once per URL and deployment, and lists it only in its own deployment', async () => {
      const feed = await addFeed();
      expect(feed).toMatchObject({ title: 'Mastodon #python', consecutiveFailures: 0, nextAttemptAt: T0, addedAt: T0, addedBy: 'admin-1' });
      expect(await storage.mentions.addFeed({ deployment: DEPLOYMENT, title: 'Again', url: feed.url, addedBy: 'x' }, T0)).toBeNull();
      expect((await storage.mentions.listFeeds(DEPLOYMENT)).map((f) => f.id)).toEqual([feed.id]);
      for (const [, other] of NEIGHBOURS) {
        expect(await storage.mentions.listFeeds(other)).toEqual([]);
        expect(await storage.mentions.removeFeed(other, feed.id)).toBe(false);
      }
    });

    it('lets exactly one claim take a due feed, and keeps it out of the due list until its lease ends', async () => {
      const feed = await addFeed();
      expect((await storage.mentions.dueFeeds(T0, 10)).map((f) => f.id)).toEqual([feed.id]);
      const claims = await Promise.all([storage.mentions.claimFeed(feed.id, T0, at(5)), storage.mentions.claimFeed(feed.id, T0, at(5))]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await storage.mentions.dueFeeds(at(1), 10)).toEqual([]);
      expect((await storage.mentions.dueFeeds(at(5), 10)).map((f) => f.id)).toEqual([feed.id]);
    });

    it('stores each mention once per course, feed and entry, returns only the new ones, and lists them newest first', async () => {
      const feed = await addFeed();
      const first = await storage.mentions.recordFetch(feed.id, success([mention('a', { publishedAt: at(-120) }), mention('b'), mention('b')]));
      expect(first?.map((m) => m.entryKey).sort()).toEqual(['a', 'b']);
      const again = await storage.mentions.recordFetch(feed.id, success([mention('a'), mention('c', { publishedAt: at(10_000) }), mention('a', { contextId: 'course-2' })], 5));
      expect(again?.map((m) => `${m.contextId}/${m.entryKey}`).sort()).toEqual(['course-1/c', 'course-2/a']);
      const listed = await storage.mentions.listMentions(COURSE, 10);
      // c claims a future date: it sorts at when it was found, still the newest here.
      expect(listed.map((m) => m.entryKey)).toEqual(['c', 'b', 'a']);
      expect(listed[1]).toMatchObject({
        course: COURSE, feedId: feed.id, feedTitle: 'Mastodon #python', title: 'Post b about $where', excerpt: 'Excerpt with {"$gt": ""}',
        url: 'https://social.example/@a/b', publishedAt: at(-60), foundAt: T0, language: 'fr', sentimentScore: -1.5, sentimentLabel: 'negative', keywords: ['Python avancé'],
      });
      const state = (await storage.mentions.listFeeds(DEPLOYMENT))[0];
      expect(state).toMatchObject({ lastSuccessAt: at(5), nextAttemptAt: at(365), etag: '"v1"', consecutiveFailures: 0 });
      for (const [, other] of NEIGHBOURS) expect(await storage.mentions.listMentions({ ...other, contextId: COURSE.contextId }, 10)).toEqual([]);
    });

    it('refuses links other than http(s) and caps the texts, whatever the caller sent', async () => {
      const feed = await addFeed();
      const added = await storage.mentions.recordFetch(feed.id, success([
        mention('js', { url: 'javascript:alert(1)' }),
        mention('long', { title: 'x'.repeat(5_000), excerpt: 'y'.repeat(5_000) }),
      ]));
      expect(added?.map((m) => m.entryKey)).toEqual(['long']);
      expect(added?.[0].title).toHaveLength(MENTION_LIMITS.titleChars);
      expect(added?.[0].excerpt).toHaveLength(MENTION_LIMITS.excerptChars);
    });

    it('keeps the newest mentions of a course within the bound, and reports as new only those it kept', async () => {
      const feed = await addFeed();
      const n = MENTION_LIMITS.perCourse;
      await storage.mentions.recordFetch(feed.id, success(Array.from({ length: n }, (_, i) => mention(`new-${i}`, { publishedAt: at(-i) }))));
      const added = await storage.mentions.recordFetch(feed.id, success([mention('old', { publishedAt: at(-100_000) }), mention('newest', { publishedAt: at(1) })], 2));
      expect(added?.map((m) => m.entryKey)).toEqual(['newest']);
      const listed = await storage.mentions.listMentions(COURSE, 1_000);
      expect(listed).toHaveLength(n);
      expect(listed[0].entryKey).toBe('newest');
      expect(listed.map((m) => m.entryKey)).not.toContain(`new-${n - 1}`);
    });

    it('counts failures, keeps validators on a 304, and writes nothing for a removed feed, whose mentions go with it', async () => {
      const feed = await addFeed();
      await storage.mentions.recordFetch(feed.id, success([mention('a')]));
      expect(await storage.mentions.recordFetch(feed.id, { kind: 'failure', at: at(1), nextAttemptAt: at(2), error: 'http-status' })).toEqual([]);
      expect(await storage.mentions.recordFetch(feed.id, { kind: 'failure', at: at(3), nextAttemptAt: at(5), error: 'timeout' })).toEqual([]);
      expect((await storage.mentions.listFeeds(DEPLOYMENT))[0]).toMatchObject({ consecutiveFailures: 2, lastError: 'timeout', nextAttemptAt: at(5), lastSuccessAt: T0 });
      expect(await storage.mentions.recordFetch(feed.id, { kind: 'not-modified', at: at(6), nextAttemptAt: at(400) })).toEqual([]);
      const fresh = (await storage.mentions.listFeeds(DEPLOYMENT))[0];
      expect(fresh).toMatchObject({ consecutiveFailures: 0, etag: '"v1"', lastSuccessAt: at(6) });
      expect(fresh.lastError).toBeUndefined();
      expect(await storage.mentions.removeFeed(DEPLOYMENT, feed.id)).toBe(true);
      expect(await storage.mentions.listMentions(COURSE, 10)).toEqual([]);
      expect(await storage.mentions.recordFetch(feed.id, success([mention('b')]))).toBeNull();
      expect(await storage.mentions.recordFetch(feed.id, { kind: 'failure', at: at(7), nextAttemptAt: at(8), error: 'timeout' })).toBeNull();
    });

    it('replaces a course’s keywords whole, removes them when emptied, and keeps courses and deployments apart', async () => {
      await storage.mentions.setKeywords(COURSE, ['Python avancé', 'formation data'], 'admin-1', T0);
      await storage.mentions.setKeywords({ ...COURSE, contextId: 'course-2' }, ['agile'], 'teacher-2', at(1));
      await storage.mentions.setKeywords(COURSE, ['$where', 'Python avancé'], 'teacher-1', at(2));
      expect(await storage.mentions.findKeywords(COURSE)).toEqual({ course: COURSE, terms: ['$where', 'Python avancé'], updatedAt: at(2), updatedBy: 'teacher-1' });
      expect((await storage.mentions.listKeywords(DEPLOYMENT)).map((k) => [k.course.contextId, k.terms])).toEqual([
        ['course-1', ['$where', 'Python avancé']],
        ['course-2', ['agile']],
      ]);
      for (const [, other] of NEIGHBOURS) {
        expect(await storage.mentions.listKeywords(other)).toEqual([]);
        expect(await storage.mentions.findKeywords({ ...other, contextId: COURSE.contextId })).toBeNull();
      }
      await storage.mentions.setKeywords(COURSE, [], 'admin-1', at(3));
      expect(await storage.mentions.findKeywords(COURSE)).toBeNull();
    });
  });
}
