import type { NonceStore } from '../port';
import { isDuplicateKeyError } from './errors';
import { expiredFilter, nonceFilter } from './keys';
import { NonceModel } from './models';

/*
 * Atomicity comes from the unique (issuer, clientId, nonce) index, never from a read-then-write:
 * of two concurrent inserts exactly one succeeds. The only subtlety is an expired record the TTL
 * monitor has not removed yet (it runs about once a minute): such a record must not block reuse.
 */
export function createNonceStore(clock: () => Date = () => new Date()): NonceStore {
  return {
    async rememberNonce(platform, nonce, expiresAt) {
      const key = nonceFilter(platform, nonce);
      try {
        await NonceModel.create({ ...key, expiresAt });
        return true;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      return takeOverExpired(key, expiresAt, clock());
    },
  };
}

/**
 * Claims the nonce when its existing record has expired. The filter requires the expiry to have
 * passed, so of two callers racing here only the first matches: it moves expiresAt into the future
 * and the second finds nothing. Upsert covers the TTL monitor deleting the record between our failed
 * insert and this update: the insert then goes through, and if a concurrent caller inserted first,
 * the unique index refuses ours (the filter is not a plain equality, so the server does not retry it).
 */
async function takeOverExpired(
  key: ReturnType<typeof nonceFilter>,
  expiresAt: Date,
  now: Date,
): Promise<boolean> {
  try {
    const claimed = await NonceModel.findOneAndUpdate(
      { ...key, ...expiredFilter(now) },
      { $set: { expiresAt } },
      { upsert: true, returnDocument: 'after', setDefaultsOnInsert: false },
    )
      .lean()
      .exec();
    return claimed !== null;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}
