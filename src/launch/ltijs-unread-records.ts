/**
 * The records ltijs writes on every launch that this tool never reads, left out of the store.
 *
 * - `idtoken` and `contexttoken`: the launch's claims (names and e-mail included), kept by ltijs for
 *   its "ltik" routes. In our "ltiaas" mode (lti-provider.ts) the tool's own session carries the
 *   person after the launch and nothing asks ltijs for them: storing them cost two write
 *   transactions per launch and kept personal data for a day for nothing.
 * - `nonce`: ltijs checks a nonce by a read, then an insert (two steps, so two processes can both
 *   accept the same one). launch-checks.ts remembers every nonce in one atomic write, for longer than
 *   any token is accepted, and refuses a replay with the same error (LAUNCH_NONCE_REPLAYED); ltijs's
 *   copy protects nothing more and cost a read and a write per launch.
 *
 * Every other collection (platforms, their status, the tool's keys, login states) goes to the store
 * as before. Only the plugin handed to ltijs is wrapped: the tool's own reads of the store see it all.
 */
import type { LtiDatabasePlugin } from '../storage/port';

const UNREAD = new Set(['idtoken', 'contexttoken', 'nonce']);

export function withoutUnreadLaunchRecords(plugin: LtiDatabasePlugin): LtiDatabasePlugin {
  return {
    setup: () => plugin.setup(),
    Close: () => plugin.Close(),
    Get: async (key, collection, query) => (UNREAD.has(collection) ? false : plugin.Get(key, collection, query)),
    Insert: async (key, collection, item, index) => (UNREAD.has(collection) ? true : plugin.Insert(key, collection, item, index)),
    Replace: async (key, collection, query, item, index) => (UNREAD.has(collection) ? true : plugin.Replace(key, collection, query, item, index)),
    Modify: async (key, collection, query, modification) => (UNREAD.has(collection) ? true : plugin.Modify(key, collection, query, modification)),
    Delete: async (collection, query) => (UNREAD.has(collection) ? true : plugin.Delete(collection, query)),
    ExpireAt: (collection, query, expiresAt) => plugin.ExpireAt(collection, query, expiresAt),
    Encrypt: (data, secret) => plugin.Encrypt(data, secret),
    Decrypt: (data, iv, secret) => plugin.Decrypt(data, iv, secret),
  };
}
