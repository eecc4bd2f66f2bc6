/**
 * The storage contract: every adapter of src/storage/port.ts must pass this suite unchanged.
 * Usage, in an adapter's test file: storageContract('sqlite', async () => openSqliteStorage(...)).
 */
import type { LaunchContext } from '../../src/context/launch-context';
import type { ContextKey, PlatformKey, ResourceLinkKey } from '../../src/context/tenant';
import type { LaunchSession, LtiDatabasePlugin, PlatformRecord, Storage } from '../../src/storage/port';
import type { OidcLogin } from '../../src/storage/ports/oidc-logins';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const LMS_A: PlatformKey = { issuer: 'https://lms-a.example', clientId: 'client-1' };
/** Same LMS, second registration of the tool. */
const LMS_A2: PlatformKey = { issuer: 'https://lms-a.example', clientId: 'client-2' };
/** Another LMS that happens to hand out the same client id. */
const LMS_B: PlatformKey = { issuer: 'https://lms-b.example', clientId: 'client-1' };

const T0 = new Date('2030-01-15T10:00:00.000Z');
const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);

function platformRecord(key: PlatformKey, overrides: Partial<PlatformRecord> = {}): PlatformRecord {
  return {
    ...key,
    name: `LMS ${key.issuer} ${key.clientId}`,
    deploymentIds: ['dep-1'],
    frameOrigins: [key.issuer],
    source: 'manual',
    productFamily: 'moodle',
    registeredAt: T0,
    ...overrides,
  };
}

function course(platform: PlatformKey, contextId = 'course-101', deploymentId = 'dep-1'): ContextKey {
  return { ...platform, deploymentId, contextId };
}

function launchContext(link: ResourceLinkKey, userId = 'user-1'): LaunchContext {
  return {
    link,
    messageType: 'LtiResourceLinkRequest',
    userId,
    userName: 'Ada Lovelace',
    givenName: 'Ada',
    familyName: 'Lovelace',
    email: 'ada@example.org',
    roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
    role: 'learner',
    locale: 'fr',
    contextTitle: 'Analytical Engines 101',
    contextLabel: 'AE101',
    resourceLinkTitle: 'Course reviews',
    panel: 'reviews',
    platformName: 'Moodle',
    productFamily: 'moodle',
    services: { namesRolesUrl: 'https://lms-a.example/nrps', gradeScopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'] },
    custom: { panel: 'reviews', nested: { depth: 2, list: [1, 'two', true] } },
  };
}

function launchSession(id: string, createdAt: Date, expiresAt: Date, platform: PlatformKey = LMS_A): LaunchSession {
  return {
    id,
    context: launchContext({ ...course(platform), resourceLinkId: 'link-1' }),
    csrfSecret: `csrf-${id}`,
    createdAt,
    expiresAt,
  };
}

function pluginOf(storage: Storage): LtiDatabasePlugin {
  return storage.ltiDatabase().plugin;
}

const KEY = 'contract-suite-encryption-key-0123456789';

export function storageContract(label: string, open: () => Promise<Storage>): void {
  describe(label, () => {
    let storage: Storage;

    beforeEach(async () => {
      storage = await open();
    });

    afterEach(async () => {
      await storage.close();
    });

    describe('platforms', () => {
      it('finds a saved platform by its issuer and client id, with every field intact', async () => {
        const record = platformRecord(LMS_A, { deploymentIds: ['dep-1', 'dep-2'], frameOrigins: ['https://a.example', 'https://b.example'] });
        await storage.platforms.savePlatform(record);
        expect(await storage.platforms.findPlatform(LMS_A)).toEqual(record);
      });

      it('does not find a platform that was never saved', async () => {
        expect(await storage.platforms.findPlatform(LMS_A)).toBeNull();
      });

      it('keeps a platform saved without a product family without one', async () => {
        const { productFamily: _omitted, ...withoutFamily } = platformRecord(LMS_A, { source: 'dynamic' });
        await storage.platforms.savePlatform(withoutFamily);
        const found = await storage.platforms.findPlatform(LMS_A);
        expect(found?.productFamily).toBeUndefined();
        expect(found?.source).toBe('dynamic');
      });

      it('when a platform is saved again, the new record replaces the old one entirely', async () => {
        await storage.platforms.savePlatform(platformRecord(LMS_A, { deploymentIds: ['dep-1', 'dep-2'], frameOrigins: ['https://old.example'] }));
        const replacement = platformRecord(LMS_A, {
          name: 'Renamed',
          deploymentIds: ['dep-3'],
          frameOrigins: [],
          source: 'dynamic',
          productFamily: 'canvas',
          registeredAt: at(DAY),
        });
        await storage.platforms.savePlatform(replacement);
        expect(await storage.platforms.findPlatform(LMS_A)).toEqual(replacement);
        expect(await storage.platforms.listPlatforms()).toHaveLength(1);
      });

      it('keeps when an admin deactivated a platform, and forgets it when saved without', async () => {
        const deactivated = platformRecord(LMS_A, { deactivatedAt: at(DAY) });
        await storage.platforms.savePlatform(deactivated);
        expect(await storage.platforms.findPlatform(LMS_A)).toEqual(deactivated);
        const { deactivatedAt: _omitted, ...active } = deactivated;
        await storage.platforms.savePlatform(active);
        expect((await storage.platforms.findPlatform(LMS_A))?.deactivatedAt).toBeUndefined();
        expect((await storage.platforms.listPlatforms())[0]).toEqual(active);
      });

      it('treats the same issuer with another client id, and another issuer with the same client id, as different platforms', async () => {
        await storage.platforms.savePlatform(platformRecord(LMS_A, { name: 'A1' }));
        await storage.platforms.savePlatform(platformRecord(LMS_A2, { name: 'A2' }));
        await storage.platforms.savePlatform(platformRecord(LMS_B, { name: 'B' }));
        expect((await storage.platforms.findPlatform(LMS_A))?.name).toBe('A1');
        expect((await storage.platforms.findPlatform(LMS_A2))?.name).toBe('A2');
        expect((await storage.platforms.findPlatform(LMS_B))?.name).toBe('B');
      });

      it('lists every saved platform, and nothing when none is registered', async () => {
        expect(await storage.platforms.listPlatforms()).toEqual([]);
        const records = [platformRecord(LMS_B), platformRecord(LMS_A), platformRecord(LMS_A2, { deploymentIds: ['x', 'y'] })];
        for (const r of records) await storage.platforms.savePlatform(r);
        const byKey = (a: PlatformKey, b: PlatformKey) => `${a.issuer} ${a.clientId}`.localeCompare(`${b.issuer} ${b.clientId}`);
        const listed = await storage.platforms.listPlatforms();
        expect([...listed].sort(byKey)).toEqual([...records].sort(byKey));
      });

      it('deleting a platform removes only that platform and reports it; deleting an unknown one reports false', async () => {
        await storage.platforms.savePlatform(platformRecord(LMS_A));
        await storage.platforms.savePlatform(platformRecord(LMS_A2));
        expect(await storage.platforms.deletePlatform(LMS_A)).toBe(true);
        expect(await storage.platforms.findPlatform(LMS_A)).toBeNull();
        expect(await storage.platforms.findPlatform(LMS_A2)).not.toBeNull();
        expect(await storage.platforms.deletePlatform(LMS_A)).toBe(false);
        expect(await storage.platforms.deletePlatform(LMS_B)).toBe(false);
      });

      it('a platform deleted then saved again does not get back its old deployments or origins', async () => {
        await storage.platforms.savePlatform(platformRecord(LMS_A, { deploymentIds: ['dep-1'], frameOrigins: ['https://old.example'] }));
        await storage.platforms.addDeployment(LMS_A, 'dep-2');
        await storage.platforms.deletePlatform(LMS_A);
        await storage.platforms.savePlatform(platformRecord(LMS_A, { deploymentIds: ['dep-9'], frameOrigins: [] }));
        const found = await storage.platforms.findPlatform(LMS_A);
        expect(found?.deploymentIds).toEqual(['dep-9']);
        expect(found?.frameOrigins).toEqual([]);
      });

      it('adds a deployment once, however many times it is added, keeping the earlier ones in order', async () => {
        await storage.platforms.savePlatform(platformRecord(LMS_A, { deploymentIds: ['dep-1'] }));
        expect(await storage.platforms.addDeployment(LMS_A, 'dep-2')).toBe(true);
        expect(await storage.platforms.addDeployment(LMS_A, 'dep-2')).toBe(true);
        expect(await storage.platforms.addDeployment(LMS_A, 'dep-1')).toBe(true);
        expect(await storage.platforms.addDeployment(LMS_A, 'dep-3')).toBe(true);
        expect((await storage.platforms.findPlatform(LMS_A))?.deploymentIds).toEqual(['dep-1', 'dep-2', 'dep-3']);
      });

      it('adding a deployment to an unknown platform reports false and registers nothing', async () => {
        await storage.platforms.savePlatform(platformRecord(LMS_A));
        expect(await storage.platforms.addDeployment(LMS_A2, 'dep-2')).toBe(false);
        expect(await storage.platforms.findPlatform(LMS_A2)).toBeNull();
        expect((await storage.platforms.findPlatform(LMS_A))?.deploymentIds).toEqual(['dep-1']);
      });

      it('adds a frame origin once, however many times it is added, and only to the named platform', async () => {
        await storage.platforms.savePlatform(platformRecord(LMS_A, { frameOrigins: [] }));
        await storage.platforms.savePlatform(platformRecord(LMS_A2, { frameOrigins: [] }));
        expect(await storage.platforms.addFrameOrigin(LMS_A, 'https://moodle.example')).toBe(true);
        expect(await storage.platforms.addFrameOrigin(LMS_A, 'https://moodle.example')).toBe(true);
        expect(await storage.platforms.addFrameOrigin(LMS_A, 'https://cdn.example')).toBe(true);
        expect((await storage.platforms.findPlatform(LMS_A))?.frameOrigins).toEqual(['https://moodle.example', 'https://cdn.example']);
        expect((await storage.platforms.findPlatform(LMS_A2))?.frameOrigins).toEqual([]);
      });

      it('adding a frame origin to an unknown platform reports false', async () => {
        expect(await storage.platforms.addFrameOrigin(LMS_B, 'https://lms-b.example')).toBe(false);
        expect(await storage.platforms.listPlatforms()).toEqual([]);
      });

      it('concurrent additions of different deployments are all kept', async () => {
        await storage.platforms.savePlatform(platformRecord(LMS_A, { deploymentIds: [] }));
        const ids = Array.from({ length: 10 }, (_, i) => `dep-${i}`);
        await Promise.all(ids.map((id) => storage.platforms.addDeployment(LMS_A, id)));
        expect([...((await storage.platforms.findPlatform(LMS_A))?.deploymentIds ?? [])].sort()).toEqual([...ids].sort());
      });
    });

    describe('sessions', () => {
      it('finds a session before it expires, with its launch context intact', async () => {
        const session = launchSession('s-1', T0, at(HOUR));
        await storage.sessions.createSession(session);
        expect(await storage.sessions.findSession('s-1', at(30 * MINUTE))).toEqual(session);
      });

      it('sessions expire: a session is not found at or after its expiry time', async () => {
        await storage.sessions.createSession(launchSession('s-1', T0, at(HOUR)));
        expect(await storage.sessions.findSession('s-1', at(HOUR - 1))).not.toBeNull();
        expect(await storage.sessions.findSession('s-1', at(HOUR))).toBeNull();
        expect(await storage.sessions.findSession('s-1', at(DAY))).toBeNull();
      });

      it('does not find a session id that was never created', async () => {
        await storage.sessions.createSession(launchSession('s-1', T0, at(HOUR)));
        expect(await storage.sessions.findSession('s-2', T0)).toBeNull();
      });

      it('a deleted session is no longer found, and deleting an unknown session is harmless', async () => {
        await storage.sessions.createSession(launchSession('s-1', T0, at(HOUR)));
        await storage.sessions.createSession(launchSession('s-2', T0, at(HOUR)));
        await storage.sessions.deleteSession('s-1');
        await storage.sessions.deleteSession('never-existed');
        expect(await storage.sessions.findSession('s-1', T0)).toBeNull();
        expect(await storage.sessions.findSession('s-2', T0)).not.toBeNull();
      });
    });

    describe('nonces', () => {
      const inAnHour = () => new Date(Date.now() + HOUR);

      it('accepts a nonce the platform has not used before', async () => {
        expect(await storage.nonces.rememberNonce(LMS_A, 'n-1', inAnHour())).toBe(true);
      });

      it('when the same nonce is used twice by one platform, the second is refused', async () => {
        expect(await storage.nonces.rememberNonce(LMS_A, 'n-1', inAnHour())).toBe(true);
        expect(await storage.nonces.rememberNonce(LMS_A, 'n-1', inAnHour())).toBe(false);
        expect(await storage.nonces.rememberNonce(LMS_A, 'n-2', inAnHour())).toBe(true);
      });

      it('the same nonce used by two platforms is accepted for each (other issuer, or same issuer with another client id)', async () => {
        expect(await storage.nonces.rememberNonce(LMS_A, 'shared', inAnHour())).toBe(true);
        expect(await storage.nonces.rememberNonce(LMS_A2, 'shared', inAnHour())).toBe(true);
        expect(await storage.nonces.rememberNonce(LMS_B, 'shared', inAnHour())).toBe(true);
        expect(await storage.nonces.rememberNonce(LMS_B, 'shared', inAnHour())).toBe(false);
      });

      it('when 20 launches race with the same nonce, exactly one is accepted', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, () => storage.nonces.rememberNonce(LMS_A, 'raced', inAnHour())));
        expect(results.filter((accepted) => accepted)).toHaveLength(1);
      });

      it('accepts a nonce again once its earlier record has expired', async () => {
        expect(await storage.nonces.rememberNonce(LMS_A, 'n-1', new Date(Date.now() - 1000))).toBe(true);
        expect(await storage.nonces.rememberNonce(LMS_A, 'n-1', inAnHour())).toBe(true);
        expect(await storage.nonces.rememberNonce(LMS_A, 'n-1', inAnHour())).toBe(false);
      });

      it('a refused replay does not extend the life of the earlier record', async () => {
        const now = Date.now();
        expect(await storage.nonces.rememberNonce(LMS_A, 'n-1', new Date(now + HOUR))).toBe(true);
        expect(await storage.nonces.rememberNonce(LMS_A, 'n-1', new Date(now + 100 * DAY))).toBe(false);
        await storage.purgeExpired(new Date(now + 2 * HOUR));
        expect(await storage.nonces.rememberNonce(LMS_A, 'n-1', new Date(now + HOUR))).toBe(true);
      });
    });

    describe('oidc logins', () => {
      const inAnHour = () => new Date(Date.now() + HOUR);
      const login = (state: string, expiresAt: Date): OidcLogin => ({
        state,
        issuer: LMS_A.issuer,
        clientId: LMS_A.clientId,
        nonce: `nonce-of-${state}`,
        params: { loginHint: '4', ltiMessageHint: '{"cmid":1}', deploymentId: '1', targetLinkUri: 'https://tool.example/lti/launch' },
        authUrl: 'https://lms.example/auth?state=' + state,
        storageTarget: '_parent',
        createdAt: new Date(Date.now() - 1000),
        expiresAt,
      });

      it('finds a saved login by its state, with every field as saved', async () => {
        const saved = login('s-1', inAnHour());
        await storage.oidcLogins.saveLogin(saved);
        expect(await storage.oidcLogins.findLogin('s-1', new Date())).toEqual(saved);
        expect(await storage.oidcLogins.findLogin('s-2', new Date())).toBeNull();
      });

      it('a login is used once: the second use finds nothing, though it can still be looked up', async () => {
        await storage.oidcLogins.saveLogin(login('s-1', inAnHour()));
        expect((await storage.oidcLogins.useLogin('s-1', new Date()))?.nonce).toBe('nonce-of-s-1');
        expect(await storage.oidcLogins.useLogin('s-1', new Date())).toBeNull();
        expect(await storage.oidcLogins.findLogin('s-1', new Date())).not.toBeNull();
      });

      it('when 20 launches race to use one login, exactly one gets it', async () => {
        await storage.oidcLogins.saveLogin(login('raced', inAnHour()));
        const results = await Promise.all(Array.from({ length: 20 }, () => storage.oidcLogins.useLogin('raced', new Date())));
        expect(results.filter((r) => r !== null)).toHaveLength(1);
      });

      it('an expired login is neither found nor used, and purging removes it', async () => {
        const now = Date.now();
        await storage.oidcLogins.saveLogin(login('old', new Date(now + 1000)));
        expect(await storage.oidcLogins.findLogin('old', new Date(now + 2000))).toBeNull();
        expect(await storage.oidcLogins.useLogin('old', new Date(now + 2000))).toBeNull();
        await storage.purgeExpired(new Date(now + 2000));
        expect(await storage.oidcLogins.findLogin('old', new Date(now))).toBeNull();
      });
    });

    describe('course members', () => {
      const COURSE = course(LMS_A);

      it("a person's first launch in a course records them with one launch", async () => {
        const member = await storage.members.recordLaunch(COURSE, 'u-1', 'Ada', 'learner', T0);
        const expected = {
          course: COURSE,
          userId: 'u-1',
          name: 'Ada',
          role: 'learner',
          firstLaunchAt: T0,
          lastLaunchAt: T0,
          firstLearnerLaunchAt: T0,
          launchCount: 1,
        };
        expect(member).toEqual(expected);
        expect(await storage.members.findMember(COURSE, 'u-1')).toEqual(expected);
      });

      it('later launches keep the first launch date and count every launch, updating name, role and last date', async () => {
        await storage.members.recordLaunch(COURSE, 'u-1', 'Ada', 'learner', T0);
        await storage.members.recordLaunch(COURSE, 'u-1', 'Ada L.', 'learner', at(HOUR));
        const third = await storage.members.recordLaunch(COURSE, 'u-1', 'Ada Lovelace', 'instructor', at(DAY));
        expect(third).toMatchObject({ name: 'Ada Lovelace', role: 'instructor', firstLaunchAt: T0, lastLaunchAt: at(DAY), launchCount: 3 });
        expect(await storage.members.findMember(COURSE, 'u-1')).toEqual(third);
      });

      it('records the first launch as a learner, and only the first', async () => {
        const asInstructor = await storage.members.recordLaunch(COURSE, 'u-1', 'Ada', 'instructor', T0);
        expect(asInstructor.firstLearnerLaunchAt).toBeUndefined();
        expect((await storage.members.findMember(COURSE, 'u-1'))?.firstLearnerLaunchAt).toBeUndefined();
        expect((await storage.members.recordLaunch(COURSE, 'u-1', 'Ada', 'learner', at(HOUR))).firstLearnerLaunchAt).toEqual(at(HOUR));
        expect((await storage.members.recordLaunch(COURSE, 'u-1', 'Ada', 'learner', at(2 * HOUR))).firstLearnerLaunchAt).toEqual(at(HOUR));
        expect((await storage.members.recordLaunch(COURSE, 'u-1', 'Ada', 'instructor', at(3 * HOUR))).firstLearnerLaunchAt).toEqual(at(HOUR));
        expect((await storage.members.findMember(COURSE, 'u-1'))?.firstLearnerLaunchAt).toEqual(at(HOUR));
      });

      it('the same context id on two platforms, or on two deployments, stays separate', async () => {
        const sameIdElsewhere = [course(LMS_A2), course(LMS_B), course(LMS_A, 'course-101', 'dep-2')];
        await storage.members.recordLaunch(COURSE, 'u-1', 'On A', 'learner', T0);
        await storage.members.recordLaunch(COURSE, 'u-2', 'Also on A', 'learner', T0);
        for (const [i, other] of sameIdElsewhere.entries()) {
          await storage.members.recordLaunch(other, 'u-1', `Elsewhere ${i}`, 'instructor', at(HOUR));
        }
        expect(await storage.members.countMembers(COURSE)).toBe(2);
        expect(await storage.members.findMember(COURSE, 'u-1')).toMatchObject({ name: 'On A', role: 'learner', launchCount: 1 });
        for (const [i, other] of sameIdElsewhere.entries()) {
          expect(await storage.members.countMembers(other)).toBe(1);
          expect(await storage.members.findMember(other, 'u-1')).toMatchObject({ course: other, name: `Elsewhere ${i}`, launchCount: 1 });
          expect(await storage.members.findMember(other, 'u-2')).toBeNull();
        }
      });

      it('counts each person once per course, and nobody in a course without launches', async () => {
        await storage.members.recordLaunch(COURSE, 'u-1', 'Ada', 'learner', T0);
        await storage.members.recordLaunch(COURSE, 'u-1', 'Ada', 'learner', at(1));
        await storage.members.recordLaunch(COURSE, 'u-2', 'Bob', 'instructor', at(2));
        await storage.members.recordLaunch(course(LMS_A, 'course-202'), 'u-3', 'Cy', 'learner', at(3));
        expect(await storage.members.countMembers(COURSE)).toBe(2);
        expect(await storage.members.countMembers(course(LMS_A, 'course-999'))).toBe(0);
        expect(await storage.members.findMember(COURSE, 'u-3')).toBeNull();
      });

      it('concurrent launches by one person are all counted', async () => {
        await Promise.all(Array.from({ length: 10 }, (_, i) => storage.members.recordLaunch(COURSE, 'u-1', 'Ada', 'learner', at(i))));
        expect((await storage.members.findMember(COURSE, 'u-1'))?.launchCount).toBe(10);
      });
    });

    describe('maintenance', () => {
      it('purging removes sessions and nonces expired at the given time and keeps the live ones', async () => {
        const now = Date.now();
        await storage.sessions.createSession(launchSession('short', new Date(now), new Date(now + HOUR)));
        await storage.sessions.createSession(launchSession('long', new Date(now), new Date(now + 3 * HOUR)));
        await storage.nonces.rememberNonce(LMS_A, 'short', new Date(now + HOUR));
        await storage.nonces.rememberNonce(LMS_A, 'long', new Date(now + 3 * HOUR));

        await storage.purgeExpired(new Date(now + 2 * HOUR));

        // Read at `now`, when both sessions were still valid: only a deleted one can be missing.
        expect(await storage.sessions.findSession('short', new Date(now))).toBeNull();
        expect(await storage.sessions.findSession('long', new Date(now))).not.toBeNull();
        // Both nonces are still live by the clock: only a purged one can be accepted again.
        expect(await storage.nonces.rememberNonce(LMS_A, 'short', new Date(now + HOUR))).toBe(true);
        expect(await storage.nonces.rememberNonce(LMS_A, 'long', new Date(now + HOUR))).toBe(false);
      });

      it('answers a ping while open and refuses once closed', async () => {
        await expect(storage.ping()).resolves.toBeUndefined();
        await storage.close();
        await expect(storage.ping()).rejects.toThrow();
      });
    });

    /*
     * Adapters whose ltijs records live in ltijs's own database (MongoDB through ltijs's mongoose
     * layer) return { url } instead of a plugin; for them these tests have nothing to check.
     */
    describe('ltijs database plugin', () => {
      const PLATFORM_DOC = {
        platformName: 'Moodle',
        platformUrl: 'https://lms-a.example',
        clientId: 'client-1',
        authEndpoint: 'https://lms-a.example/auth',
        kid: 'kid-1',
        authConfig: { method: 'JWK_SET', key: 'https://lms-a.example/jwks' },
      };

      it('sets up and closes as ltijs expects', async () => {
        const plugin = pluginOf(storage);
        await expect(plugin.setup()).resolves.toBe(true);
        await expect(plugin.Close()).resolves.toBe(true);
      });

      it('returns false, not an empty list, when nothing matches', async () => {
        const plugin = pluginOf(storage);
        expect(await plugin.Get(false, 'platform')).toBe(false);
        expect(await plugin.Get(false, 'platform', { platformUrl: 'https://nowhere.example' })).toBe(false);
        await plugin.Insert(false, 'platform', PLATFORM_DOC);
        expect(await plugin.Get(false, 'platform', { platformUrl: 'https://nowhere.example' })).toBe(false);
        expect(await plugin.Get(false, 'platformStatus')).toBe(false);
      });

      it('gives back an inserted document as a plain object with its creation time, without internal fields', async () => {
        const plugin = pluginOf(storage);
        const before = Date.now();
        await plugin.Insert(false, 'platform', PLATFORM_DOC);
        const found = await plugin.Get(false, 'platform', { platformUrl: PLATFORM_DOC.platformUrl, clientId: PLATFORM_DOC.clientId });
        expect(found).toEqual([{ ...PLATFORM_DOC, createdAt: expect.any(Number) }]);
        const [doc] = found as Record<string, unknown>[];
        expect(doc.createdAt as number).toBeGreaterThanOrEqual(before);
        expect(doc).not.toHaveProperty('_id');
        expect(doc).not.toHaveProperty('__v');
      });

      it('without a query, gives back every document of that collection only, oldest first', async () => {
        const plugin = pluginOf(storage);
        await plugin.Insert(false, 'platform', { ...PLATFORM_DOC, kid: 'k1' });
        await plugin.Insert(false, 'platform', { ...PLATFORM_DOC, clientId: 'client-2', kid: 'k2' });
        await plugin.Insert(false, 'platformStatus', { id: 'k1', active: true });
        const all = (await plugin.Get(false, 'platform')) as Record<string, unknown>[];
        expect(all.map((d) => d.kid)).toEqual(['k1', 'k2']);
      });

      it('matches every field of a query, including booleans and numbers, by value and type', async () => {
        const plugin = pluginOf(storage);
        await plugin.Insert(false, 'platformStatus', { id: 'k1', active: false, rank: 5 });
        await plugin.Insert(false, 'platformStatus', { id: 'k2', active: true, rank: 6 });
        const ids = async (query: Record<string, unknown>) => {
          const found = await plugin.Get(false, 'platformStatus', query);
          return found === false ? [] : found.map((d) => d.id);
        };
        expect(await ids({ active: false })).toEqual(['k1']);
        expect(await ids({ active: true })).toEqual(['k2']);
        expect(await ids({ id: 'k1', active: true })).toEqual([]);
        expect(await ids({ rank: 6 })).toEqual(['k2']);
        expect(await ids({ rank: '6' })).toEqual([]);
        expect(await ids({ id: 'k1', rank: 5, active: false })).toEqual(['k1']);
      });

      it('Replace swaps the matching document for the new one, and inserts when nothing matches', async () => {
        const plugin = pluginOf(storage);
        const query = { id: 'k1' };
        await plugin.Replace(false, 'platformStatus', query, { id: 'k1', active: false });
        expect(await plugin.Get(false, 'platformStatus', query)).toEqual([{ id: 'k1', active: false, createdAt: expect.any(Number) }]);
        await plugin.Replace(false, 'platformStatus', query, { id: 'k1', active: true });
        expect(await plugin.Get(false, 'platformStatus', query)).toEqual([{ id: 'k1', active: true, createdAt: expect.any(Number) }]);
        expect(await plugin.Get(false, 'platformStatus')).toHaveLength(1);
      });

      it('Modify sets the given fields of the matching document and keeps the others; with no match it changes nothing', async () => {
        const plugin = pluginOf(storage);
        await plugin.Insert(false, 'platform', PLATFORM_DOC);
        const query = { platformUrl: PLATFORM_DOC.platformUrl, clientId: PLATFORM_DOC.clientId };
        await plugin.Modify(false, 'platform', query, { platformName: 'Renamed', authConfig: { method: 'RSA_KEY', key: 'PEM' } });
        expect(await plugin.Get(false, 'platform', query)).toEqual([
          { ...PLATFORM_DOC, platformName: 'Renamed', authConfig: { method: 'RSA_KEY', key: 'PEM' }, createdAt: expect.any(Number) },
        ]);
        await plugin.Modify(false, 'platform', { platformUrl: 'https://nowhere.example' }, { platformName: 'Ghost' });
        expect(await plugin.Get(false, 'platform', { platformName: 'Ghost' })).toBe(false);
        expect(await plugin.Get(false, 'platform')).toHaveLength(1);
      });

      it('Delete removes every matching document and only those', async () => {
        const plugin = pluginOf(storage);
        await plugin.Insert(false, 'idtoken', { iss: 'https://lms-a.example', clientId: 'c1', user: 'u1' });
        await plugin.Insert(false, 'idtoken', { iss: 'https://lms-a.example', clientId: 'c2', user: 'u1' });
        await plugin.Insert(false, 'idtoken', { iss: 'https://lms-a.example', clientId: 'c1', user: 'u2' });
        await plugin.Insert(false, 'contexttoken', { contextId: 'x', user: 'u1' });
        await plugin.Delete('idtoken', { user: 'u1' });
        expect(await plugin.Get(false, 'idtoken', { user: 'u1' })).toBe(false);
        expect(await plugin.Get(false, 'idtoken', { user: 'u2' })).toHaveLength(1);
        expect(await plugin.Get(false, 'contexttoken', { user: 'u1' })).toHaveLength(1);
      });

      it('stores an encrypted item as its index plus ciphertext and gives it back decrypted', async () => {
        const plugin = pluginOf(storage);
        const index = { kid: 'kid-1', platformUrl: 'https://lms-a.example', clientId: 'client-1' };
        const secret = '-----BEGIN RSA PRIVATE KEY-----\nsecret-material\n-----END RSA PRIVATE KEY-----';
        await plugin.Insert(KEY, 'privatekey', { key: secret, kid: 'kid-1' }, index);

        expect(await plugin.Get(KEY, 'privatekey', { kid: 'kid-1' })).toEqual([{ key: secret, kid: 'kid-1', createdAt: expect.any(Number) }]);
        const raw = (await plugin.Get(false, 'privatekey', { kid: 'kid-1' })) as Record<string, unknown>[];
        expect(raw).toHaveLength(1);
        expect(raw[0]).toMatchObject({ ...index, iv: expect.any(String), data: expect.any(String) });
        expect(JSON.stringify(raw)).not.toContain('secret-material');
        expect(await plugin.Get(KEY, 'privatekey', { kid: 'kid-2' })).toBe(false);
      });

      it('refuses an encrypted insert without an index', async () => {
        const plugin = pluginOf(storage);
        await expect(plugin.Insert(KEY, 'privatekey', { key: 'k' })).rejects.toThrow();
      });

      it('does not decrypt with another key', async () => {
        const plugin = pluginOf(storage);
        await plugin.Insert(KEY, 'publickey', { key: 'PUBLIC', kid: 'k' }, { kid: 'k' });
        await expect(plugin.Get('some-other-key-entirely-0123456789', 'publickey', { kid: 'k' })).rejects.toThrow();
      });

      it('an encrypted Replace inserts, then replaces, the document found by its index', async () => {
        const plugin = pluginOf(storage);
        const query = { platformUrl: 'https://lms-a.example', clientId: 'client-1', scopes: 'scope-a' };
        await plugin.Replace(KEY, 'accesstoken', query, { token: { access_token: 'first', expires_in: 3600 } }, query);
        await plugin.Replace(KEY, 'accesstoken', query, { token: { access_token: 'second', expires_in: 3600 } }, query);
        const found = await plugin.Get(KEY, 'accesstoken', query);
        expect(found).toEqual([{ token: { access_token: 'second', expires_in: 3600 }, createdAt: expect.any(Number) }]);
      });

      it('an encrypted Modify changes the first field of the modification inside the ciphertext', async () => {
        const plugin = pluginOf(storage);
        await plugin.Insert(KEY, 'publickey', { key: 'OLD', kid: 'k', note: 'kept' }, { kid: 'k', platformUrl: 'https://lms-a.example' });
        await plugin.Modify(KEY, 'publickey', { kid: 'k' }, { key: 'NEW' });
        expect(await plugin.Get(KEY, 'publickey', { kid: 'k' })).toEqual([{ key: 'NEW', kid: 'k', note: 'kept', createdAt: expect.any(Number) }]);
        expect(await plugin.Get(false, 'publickey', { platformUrl: 'https://lms-a.example' })).toHaveLength(1);
      });

      it('Encrypt and Decrypt round-trip, with a fresh iv each time', async () => {
        const plugin = pluginOf(storage);
        const a = await plugin.Encrypt('hello, world', KEY);
        const b = await plugin.Encrypt('hello, world', KEY);
        expect(a.iv).not.toBe(b.iv);
        expect(a.data).not.toBe(b.data);
        expect(await plugin.Decrypt(a.data, a.iv, KEY)).toBe('hello, world');
        expect(await plugin.Decrypt(b.data, b.iv, KEY)).toBe('hello, world');
      });

      it('purging removes expired ltijs records and keeps those that never expire', async () => {
        const plugin = pluginOf(storage);
        await plugin.Insert(false, 'nonce', { nonce: 'n-1' });
        await plugin.Insert(false, 'platform', PLATFORM_DOC);
        await storage.purgeExpired(new Date(Date.now() + 2 * DAY));
        expect(await plugin.Get(false, 'nonce', { nonce: 'n-1' })).toBe(false);
        expect(await plugin.Get(false, 'platform')).toHaveLength(1);
      });
    });
  });
}
