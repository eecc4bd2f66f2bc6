import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { PlatformReadCache, withCachedPlatformReads, withPlatformWritesSeen } from '../../src/storage/cached-platform-reads';
import type { PlatformRecord, Storage } from '../../src/storage/port';

const key = { issuer: 'https://lms.example', clientId: 'client-1' };
const record = (name: string): PlatformRecord => ({ ...key, name, deploymentIds: ['d1'], frameOrigins: ['https://lms.example'], source: 'manual', registeredAt: new Date(1_700_000_000_000) });

describe('platform reads kept for the launch', () => {
  let raw: Storage;
  let clock: number;
  let cache: PlatformReadCache;
  let launch: Storage;
  let everythingElse: Storage;

  beforeEach(async () => {
    raw = openSqliteStorage({ file: ':memory:' });
    clock = 1_000_000;
    cache = new PlatformReadCache(1_000, () => clock);
    everythingElse = withPlatformWritesSeen(raw, cache);
    launch = withCachedPlatformReads(everythingElse, cache);
    await raw.platforms.savePlatform(record('First'));
  });
  afterEach(async () => raw.close());

  it('answers the launch from the cache for a second, then reads the store again', async () => {
    expect((await launch.platforms.findPlatform(key))?.name).toBe('First');
    // Another process renames it: the launch sees it once the second has passed, everything else at once.
    await raw.platforms.savePlatform(record('Renamed elsewhere'));
    expect((await launch.platforms.findPlatform(key))?.name).toBe('First');
    expect((await everythingElse.platforms.findPlatform(key))?.name).toBe('Renamed elsewhere');
    clock += 999;
    expect((await launch.platforms.listPlatforms()).map((p) => p.name)).toEqual(['Renamed elsewhere']);
    expect((await launch.platforms.findPlatform(key))?.name).toBe('First');
    clock += 1;
    expect((await launch.platforms.findPlatform(key))?.name).toBe('Renamed elsewhere');
  });

  it('sees this process’s writes at once, made through either storage', async () => {
    expect((await launch.platforms.findPlatform(key))?.deactivatedAt).toBeUndefined();
    await everythingElse.platforms.savePlatform({ ...record('First'), deactivatedAt: new Date(clock) });
    expect((await launch.platforms.findPlatform(key))?.deactivatedAt).toEqual(new Date(clock));
    expect(await launch.platforms.addDeployment(key, 'd2')).toBe(true);
    expect((await launch.platforms.findPlatform(key))?.deploymentIds).toEqual(['d1', 'd2']);
    expect(await everythingElse.platforms.addFrameOrigin(key, 'https://school.example')).toBe(true);
    expect((await launch.platforms.listPlatforms())[0].frameOrigins).toEqual(['https://lms.example', 'https://school.example']);
    expect(await everythingElse.platforms.deletePlatform(key)).toBe(true);
    expect(await launch.platforms.findPlatform(key)).toBeNull();
    expect(await launch.platforms.listPlatforms()).toEqual([]);
  });

  it('gives every reader its own copy', async () => {
    const first = (await launch.platforms.findPlatform(key))!;
    (first.deploymentIds as string[]).push('changed by a caller');
    first.registeredAt.setTime(0);
    const second = (await launch.platforms.findPlatform(key))!;
    expect(second.deploymentIds).toEqual(['d1']);
    expect(second.registeredAt).toEqual(new Date(1_700_000_000_000));
  });

  it('keeps no failed read', async () => {
    let fail = true;
    const flaky = new PlatformReadCache(1_000, () => clock);
    const load = jest.fn(async () => {
      if (fail) throw new Error('store unreachable');
      return 'answer';
    });
    await expect(flaky.read('k', load)).rejects.toThrow('store unreachable');
    fail = false;
    await expect(flaky.read('k', load)).resolves.toBe('answer');
    await expect(flaky.read('k', load)).resolves.toBe('answer');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps ltijs’s unencrypted platform and status records only, and forgets them when ltijs writes one', async () => {
    const plugin = launch.ltiDatabase().plugin;
    const writer = everythingElse.ltiDatabase().plugin;
    await writer.Insert(false, 'platform', { platformUrl: key.issuer, clientId: key.clientId, platformName: 'First' });
    await writer.Insert(false, 'platformStatus', { id: 'kid-1', active: true });
    await writer.Insert(false, 'state', { state: 's1', query: {} });
    const rawPlugin = raw.ltiDatabase().plugin;

    expect(await plugin.Get(false, 'platform', { platformUrl: key.issuer, clientId: key.clientId })).toMatchObject([{ platformName: 'First' }]);
    // Changed behind this process's back: the kept record answers until it is a second old.
    await rawPlugin.Modify(false, 'platform', { platformUrl: key.issuer, clientId: key.clientId }, { platformName: 'Elsewhere' });
    expect(await plugin.Get(false, 'platform', { platformUrl: key.issuer, clientId: key.clientId })).toMatchObject([{ platformName: 'First' }]);
    // A state record is never kept: each login has its own.
    await rawPlugin.Delete('state', { state: 's1' });
    expect(await plugin.Get(false, 'state', { state: 's1' })).toBe(false);

    expect(await plugin.Get(false, 'platformStatus', { id: 'kid-1' })).toMatchObject([{ active: true }]);
    // ltijs switching the platform off in this process is seen by the next read.
    await writer.Replace(false, 'platformStatus', { id: 'kid-1' }, { id: 'kid-1', active: false });
    expect(await plugin.Get(false, 'platformStatus', { id: 'kid-1' })).toMatchObject([{ active: false }]);
    expect(await plugin.Get(false, 'platform', { platformUrl: key.issuer, clientId: key.clientId })).toMatchObject([{ platformName: 'Elsewhere' }]);
  });

  it('drops everything past a thousand entries rather than growing with unknown issuers', async () => {
    const bounded = new PlatformReadCache(1_000, () => clock);
    const load = jest.fn(async () => null);
    for (let i = 0; i < 1_000; i++) await bounded.read(`issuer-${i}`, load);
    await bounded.read('issuer-0', load);
    expect(load).toHaveBeenCalledTimes(1_000);
    await bounded.read('issuer-1000', load);
    await bounded.read('issuer-0', load);
    expect(load).toHaveBeenCalledTimes(1_002);
  });
});
