/**
 * The platform records every launch reads, kept for a second in this process, for the launch only.
 *
 * A launch reads its platform five times: the login guard lists the platforms, ltijs reads the
 * platform record and its status at the login and again at the id_token, and the launch checks read
 * our record of it (deployments, frame origins, state). Platforms change when an admin registers,
 * edits, activates or removes one: a few times a year. Kept for a second, at hundreds of launches a
 * second nearly every read is answered here (about 0.4 ms of a launch's store reads and parsing).
 *
 * What this process changes is seen at once: every write through the wrapped store or ltijs's plugin
 * to the platform records empties the cache before it runs and again once it is done (so a read that
 * started before the write cannot keep the old record). A change made by another process (the admin
 * CLI, another instance) is seen within CACHE_MS: a platform deactivated there may still complete a
 * launch that starts in the next second, as a launch already past its checks would anyway.
 *
 * Every read gets its own copy: callers (ltijs among them) may change what they are given.
 */
import type { LtiDatabaseConfig, LtiDatabasePlugin, PlatformStore, Storage } from './port';

export const CACHE_MS = 1_000;
/** Unknown issuers are kept too (a miss is a read as well); past this many entries all are dropped. */
const MAX_ENTRIES = 1_000;
/** ltijs's collections read at every login and launch (the platform, whether it is active), read unencrypted. */
const LTIJS_PLATFORM_COLLECTIONS = new Set(['platform', 'platformStatus']);

export class PlatformReadCache {
  private readonly entries = new Map<string, { readonly at: number; readonly value: Promise<unknown> }>();

  constructor(
    private readonly ttlMs = CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The read's answer, from the cache while it is younger than the TTL; a failed read is not kept. */
  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.entries.get(key);
    const value = hit && now - hit.at < this.ttlMs ? (hit.value as Promise<T>) : this.load(key, now, load);
    return value.then((found) => structuredClone(found));
  }

  /** Runs a write with the cache emptied before and after it. */
  async write<T>(run: () => Promise<T>): Promise<T> {
    this.entries.clear();
    try {
      return await run();
    } finally {
      this.entries.clear();
    }
  }

  private load<T>(key: string, now: number, load: () => Promise<T>): Promise<T> {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const value = load();
    const entry = { at: now, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}

/**
 * The storage for the launch: its platform reads (ours and ltijs's) answered through the cache, its
 * platform writes emptying it.
 */
export function withCachedPlatformReads(storage: Storage, cache: PlatformReadCache): Storage {
  return wrapped(storage, cache, true);
}

/**
 * The storage for everything else (the read API's token checks, the admin pages, the registry):
 * reads go to the store as before, so nothing but the launch ever sees a record a second old, and
 * writes empty the cache, so the launch sees this process's changes at once.
 */
export function withPlatformWritesSeen(storage: Storage, cache: PlatformReadCache): Storage {
  return wrapped(storage, cache, false);
}

function wrapped(storage: Storage, cache: PlatformReadCache, cachedReads: boolean): Storage {
  const platforms = cachedPlatformStore(storage.platforms, cache, cachedReads);
  const ltiDatabase = (): LtiDatabaseConfig => {
    const config = storage.ltiDatabase();
    return { ...config, plugin: cachedLtiPlugin(config.plugin, cache, cachedReads) };
  };
  // Methods run on the store itself (a #private field needs `this` to be it), one bound copy each.
  const bound = new Map<PropertyKey, { readonly method: unknown; readonly bound: unknown }>();
  return new Proxy(storage, {
    get(target, property) {
      if (property === 'platforms') return platforms;
      if (property === 'ltiDatabase') return ltiDatabase;
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      const known = bound.get(property);
      if (known?.method === value) return known.bound;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      bound.set(property, { method: value, bound: method });
      return method;
    },
  });
}

function cachedPlatformStore(store: PlatformStore, cache: PlatformReadCache, cachedReads: boolean): PlatformStore {
  return {
    findPlatform: (key) => (cachedReads ? cache.read(`platform\n${key.issuer}\n${key.clientId}`, () => store.findPlatform(key)) : store.findPlatform(key)),
    listPlatforms: () => (cachedReads ? cache.read('platforms', () => store.listPlatforms()) : store.listPlatforms()),
    savePlatform: (record) => cache.write(() => store.savePlatform(record)),
    deletePlatform: (key) => cache.write(() => store.deletePlatform(key)),
    addDeployment: (key, deploymentId) => cache.write(() => store.addDeployment(key, deploymentId)),
    addFrameOrigin: (key, origin) => cache.write(() => store.addFrameOrigin(key, origin)),
  };
}

function cachedLtiPlugin(plugin: LtiDatabasePlugin, cache: PlatformReadCache, cachedReads: boolean): LtiDatabasePlugin {
  const cached = (collection: string) => LTIJS_PLATFORM_COLLECTIONS.has(collection);
  const written = <T>(collection: string, run: () => Promise<T>) => (cached(collection) ? cache.write(run) : run());
  return {
    setup: () => plugin.setup(),
    Close: () => plugin.Close(),
    Get: (key, collection, query) =>
      cachedReads && key === false && cached(collection) ? cache.read(`ltijs\n${collection}\n${JSON.stringify(query ?? {})}`, () => plugin.Get(key, collection, query)) : plugin.Get(key, collection, query),
    Insert: (key, collection, item, index) => written(collection, () => plugin.Insert(key, collection, item, index)),
    Replace: (key, collection, query, item, index) => written(collection, () => plugin.Replace(key, collection, query, item, index)),
    Modify: (key, collection, query, modification) => written(collection, () => plugin.Modify(key, collection, query, modification)),
    Delete: (collection, query) => written(collection, () => plugin.Delete(collection, query)),
    ExpireAt: (collection, query, expiresAt) => written(collection, () => plugin.ExpireAt(collection, query, expiresAt)),
    Encrypt: (data, secret) => plugin.Encrypt(data, secret),
    Decrypt: (data, iv, secret) => plugin.Decrypt(data, iv, secret),
  };
}
