/**
 * The contract of external catalogue sources (ports/external-sources.ts), run unchanged on every
 * adapter (sqlite.test.ts, mongo.test.ts): tenancy by the full deployment key, one source per URL,
 * due/claim/lease semantics the worker relies on across processes, entries replaced whole on
 * success and kept on 304 or failure, and a version that moves with every change of what the
 * catalogue would index.
 */
import type { DeploymentKey } from '../../src/context/tenant';
import type { Storage } from '../../src/storage/port';
import type { ExternalSourceInput, StoredFeedEntry } from '../../src/storage/ports/external-sources';

const DEPLOYMENT: DeploymentKey = { issuer: 'https://lms-a.example', clientId: 'client-1', deploymentId: 'dep-1' };
const NEIGHBOURS: ReadonlyArray<[string, DeploymentKey]> = [
  ['another deployment', { ...DEPLOYMENT, deploymentId: 'dep-2' }],
  ['another client id', { ...DEPLOYMENT, clientId: 'client-2' }],
  ['another platform', { ...DEPLOYMENT, issuer: 'https://lms-b.example' }],
];
const T0 = new Date('2030-03-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function source(overrides: Partial<ExternalSourceInput> = {}): ExternalSourceInput {
  return { deployment: DEPLOYMENT, name: 'MOOC catalogue', url: 'https://mooc.example/feed.xml', language: 'en', addedBy: 'admin-1', ...overrides };
}

function entries(n: number, prefix = 'e'): StoredFeedEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `${prefix}-${i}`,
    title: `Course ${prefix} ${i}`,
    summary: i % 2 ? 'A summary with $dollar and {braces}' : '',
    url: `https://mooc.example/${prefix}/${i}`,
    ...(i === 0 ? { language: 'fr', updatedAt: at(-60) } : {}),
  }));
}

export function externalSourcesContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: external catalogue sources`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => storage.close());
    const store = () => storage.externalSources;

    it('adds a source that is due at once, lists and finds it only in its own deployment', async () => {
      const added = await store().addSource(source(), T0);
      expect(added).toMatchObject({ name: 'MOOC catalogue', url: 'https://mooc.example/feed.xml', language: 'en', addedBy: 'admin-1', addedAt: T0, nextAttemptAt: T0, consecutiveFailures: 0, entryCount: 0, deployment: DEPLOYMENT });
      expect(added?.id).toMatch(/^[A-Za-z0-9_-]{8,}$/);
      expect(await store().listSources(DEPLOYMENT)).toEqual([added]);
      expect(await store().findSource(DEPLOYMENT, added!.id)).toEqual(added);
      for (const [, other] of NEIGHBOURS) {
        expect(await store().listSources(other)).toEqual([]);
        expect(await store().findSource(other, added!.id)).toBeNull();
        expect(await store().removeSource(other, added!.id)).toBe(false);
      }
      expect(await store().listSources(DEPLOYMENT)).toHaveLength(1);
    });

    it('refuses a second source with the same URL in one deployment, and allows it in another', async () => {
      expect(await store().addSource(source(), T0)).not.toBeNull();
      expect(await store().addSource(source({ name: 'Again' }), at(1))).toBeNull();
      expect(await store().addSource(source({ deployment: NEIGHBOURS[0][1] }), at(1))).not.toBeNull();
      expect(await store().listSources(DEPLOYMENT)).toHaveLength(1);
    });

    it('lists sources in the order they were added', async () => {
      const first = await store().addSource(source({ url: 'https://a.example/1' }), at(0));
      const second = await store().addSource(source({ url: 'https://a.example/2' }), at(5));
      expect((await store().listSources(DEPLOYMENT)).map((s) => s.id)).toEqual([first!.id, second!.id]);
    });

    it('gives due sources of every deployment, longest waiting first, up to the limit', async () => {
      const a = await store().addSource(source({ url: 'https://a.example/1' }), at(2));
      const b = await store().addSource(source({ url: 'https://a.example/2', deployment: NEIGHBOURS[2][1] }), at(1));
      await store().addSource(source({ url: 'https://a.example/3' }), at(10));
      expect((await store().dueSources(at(5), 10)).map((s) => s.id)).toEqual([b!.id, a!.id]);
      expect((await store().dueSources(at(5), 1)).map((s) => s.id)).toEqual([b!.id]);
      expect(await store().dueSources(at(0), 10)).toEqual([]);
    });

    it('lets exactly one of several claims take a due source, and leases it until the lease ends', async () => {
      const s = await store().addSource(source(), T0);
      const claims = await Promise.all([1, 2, 3].map(() => store().claimSource(s!.id, at(1), at(3))));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store().dueSources(at(2), 10)).toEqual([]);
      expect(await store().findSource(DEPLOYMENT, s!.id)).toMatchObject({ lastAttemptAt: at(1), nextAttemptAt: at(3) });
      // A worker that died mid-fetch: the lease ends and the source is due again.
      expect((await store().dueSources(at(3), 10)).map((x) => x.id)).toEqual([s!.id]);
      expect(await store().claimSource(s!.id, at(3), at(5))).toBe(true);
      expect(await store().claimSource('no-such-source', at(3), at(5))).toBe(false);
    });

    it('replaces all entries on a success, keeps them on a 304 and on a failure, and counts failures', async () => {
      const s = await store().addSource(source(), T0);
      expect(await store().recordFetch(s!.id, { kind: 'success', at: at(1), nextAttemptAt: at(361), entries: entries(3), etag: '"v1"', lastModified: 'Wed, 21 Oct 2015 07:28:00 GMT' })).toBe(true);
      expect(await store().listEntries(DEPLOYMENT)).toEqual(entries(3).map((e) => ({ ...e, sourceId: s!.id })));
      expect(await store().findSource(DEPLOYMENT, s!.id)).toMatchObject({ lastSuccessAt: at(1), etag: '"v1"', lastModified: 'Wed, 21 Oct 2015 07:28:00 GMT', entryCount: 3, nextAttemptAt: at(361) });

      expect(await store().recordFetch(s!.id, { kind: 'failure', at: at(400), nextAttemptAt: at(401), error: 'timeout' })).toBe(true);
      expect(await store().recordFetch(s!.id, { kind: 'failure', at: at(401), nextAttemptAt: at(403), error: 'http-status' })).toBe(true);
      const failing = await store().findSource(DEPLOYMENT, s!.id);
      expect(failing).toMatchObject({ lastError: 'http-status', consecutiveFailures: 2, lastSuccessAt: at(1), lastAttemptAt: at(401), nextAttemptAt: at(403), entryCount: 3, etag: '"v1"' });
      expect(await store().listEntries(DEPLOYMENT)).toHaveLength(3);

      expect(await store().recordFetch(s!.id, { kind: 'not-modified', at: at(410), nextAttemptAt: at(770), etag: '"v1"' })).toBe(true);
      const fresh = await store().findSource(DEPLOYMENT, s!.id);
      expect(fresh).toMatchObject({ consecutiveFailures: 0, lastSuccessAt: at(410), entryCount: 3, etag: '"v1"', lastModified: 'Wed, 21 Oct 2015 07:28:00 GMT' });
      expect(fresh).not.toHaveProperty('lastError');
      expect(await store().listEntries(DEPLOYMENT)).toHaveLength(3);

      expect(await store().recordFetch(s!.id, { kind: 'success', at: at(800), nextAttemptAt: at(1160), entries: entries(2, 'new') })).toBe(true);
      expect((await store().listEntries(DEPLOYMENT)).map((e) => e.key)).toEqual(['new-0', 'new-1']);
      const replaced = await store().findSource(DEPLOYMENT, s!.id);
      expect(replaced).toMatchObject({ entryCount: 2 });
      expect(replaced).not.toHaveProperty('etag');
    });

    it('lists the entries of the deployment only, each source contiguous and in feed order', async () => {
      const a = await store().addSource(source({ url: 'https://a.example/1' }), T0);
      const b = await store().addSource(source({ url: 'https://a.example/2' }), at(1));
      const other = await store().addSource(source({ deployment: NEIGHBOURS[1][1] }), T0);
      await store().recordFetch(a!.id, { kind: 'success', at: at(2), nextAttemptAt: at(9), entries: entries(3, 'a') });
      await store().recordFetch(b!.id, { kind: 'success', at: at(2), nextAttemptAt: at(9), entries: entries(2, 'b') });
      await store().recordFetch(other!.id, { kind: 'success', at: at(2), nextAttemptAt: at(9), entries: entries(4, 'x') });
      const listed = await store().listEntries(DEPLOYMENT);
      expect(listed).toHaveLength(5);
      const bySource = (id: string) => listed.filter((e) => e.sourceId === id).map((e) => e.key);
      expect(bySource(a!.id)).toEqual(['a-0', 'a-1', 'a-2']);
      expect(bySource(b!.id)).toEqual(['b-0', 'b-1']);
      const firstOfB = listed.findIndex((e) => e.sourceId === b!.id);
      expect(listed.slice(firstOfB, firstOfB + 2).every((e) => e.sourceId === b!.id)).toBe(true);
    });

    it('removes a source with its entries, and records nothing for a removed source', async () => {
      const s = await store().addSource(source(), T0);
      await store().recordFetch(s!.id, { kind: 'success', at: at(1), nextAttemptAt: at(9), entries: entries(2) });
      expect(await store().removeSource(DEPLOYMENT, s!.id)).toBe(true);
      expect(await store().removeSource(DEPLOYMENT, s!.id)).toBe(false);
      expect(await store().listEntries(DEPLOYMENT)).toEqual([]);
      expect(await store().recordFetch(s!.id, { kind: 'success', at: at(2), nextAttemptAt: at(9), entries: entries(2) })).toBe(false);
      expect(await store().recordFetch(s!.id, { kind: 'failure', at: at(2), nextAttemptAt: at(9), error: 'timeout' })).toBe(false);
      expect(await store().listEntries(DEPLOYMENT)).toEqual([]);
      expect(await store().listSources(DEPLOYMENT)).toEqual([]);
    });

    it("lets an admin's refresh claim a source that is not due, but never one a fetch holds", async () => {
      const s = await store().addSource(source(), T0);
      await store().recordFetch(s!.id, { kind: 'success', at: at(1), nextAttemptAt: at(361), entries: [] });
      expect(await store().claimSource(s!.id, at(5), at(7))).toBe(false);
      expect(await store().claimSource(s!.id, at(5), at(7), { evenIfNotDue: true })).toBe(true);
      // Held until at(7), by the worker or by another refresh.
      expect(await store().claimSource(s!.id, at(6), at(8), { evenIfNotDue: true })).toBe(false);
      expect(await store().claimSource(s!.id, at(6), at(8))).toBe(false);
      await store().recordFetch(s!.id, { kind: 'not-modified', at: at(6), nextAttemptAt: at(366) });
      expect(await store().claimSource(s!.id, at(6), at(8), { evenIfNotDue: true })).toBe(true);
      // A lease that ran out (its process died) no longer holds it.
      expect(await store().claimSource(s!.id, at(9), at(11), { evenIfNotDue: true })).toBe(true);
    });

    it('moves the version on add, remove and success only, and only for that deployment', async () => {
      const version = (d: DeploymentKey = DEPLOYMENT) => store().sourcesVersion(d);
      expect(await version()).toBe(0);
      const s = await store().addSource(source(), T0);
      const v1 = await version();
      expect(v1).toBeGreaterThan(0);
      await store().addSource(source(), T0); // duplicate: refused
      expect(await version()).toBe(v1);
      await store().claimSource(s!.id, at(1), at(2));
      await store().recordFetch(s!.id, { kind: 'failure', at: at(1), nextAttemptAt: at(2), error: 'timeout' });
      await store().recordFetch(s!.id, { kind: 'not-modified', at: at(2), nextAttemptAt: at(3) });
      expect(await version()).toBe(v1);
      await store().recordFetch(s!.id, { kind: 'success', at: at(3), nextAttemptAt: at(4), entries: entries(1) });
      const v2 = await version();
      expect(v2).toBeGreaterThan(v1);
      for (const [, other] of NEIGHBOURS) expect(await version(other)).toBe(0);
      await store().removeSource(DEPLOYMENT, s!.id);
      expect(await version()).toBeGreaterThan(v2);
    });

    it('never matches an id that is not a string', async () => {
      const s = await store().addSource(source(), T0);
      const hostile = { $ne: null } as unknown as string;
      expect(await store().findSource(DEPLOYMENT, hostile)).toBeNull();
      expect(await store().removeSource(DEPLOYMENT, hostile)).toBe(false);
      expect(await store().listSources(DEPLOYMENT)).toHaveLength(1);
      expect(s).not.toBeNull();
    });
  });
}
