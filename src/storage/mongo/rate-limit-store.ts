import type { UpdateQuery } from 'mongoose';
import type { RateLimitStore } from '../ports/rate-limits';
import { checkWindowMs, rateLimitDigest } from '../shared/rate-limit-key';
import { retryOnceOnDuplicateKey } from './errors';
import { RateLimitModel, type RateLimitDoc } from './rate-limit-models';

/**
 * A hit as ONE update pipeline, so that it is a single atomic findOneAndUpdate on the window's
 * document: when the stored window is still open at `now` the hit joins it, otherwise (ended, or no
 * document: a missing resetAt compares below any date) a new window starts with this hit. Both $cond
 * read the document as it was before the stage. Dates go through $literal: every value in a pipeline
 * is an expression, and nothing from outside should ever be read as one.
 */
export function hitPipeline(now: Date, windowMs: number): { $set: Record<string, unknown> }[] {
  const open = { $gt: ['$resetAt', { $literal: now }] };
  return [
    {
      $set: {
        hits: { $cond: [open, { $add: ['$hits', 1] }, 1] },
        resetAt: { $cond: [open, '$resetAt', { $literal: new Date(now.getTime() + windowMs) }] },
      },
    },
  ];
}

/** Ended windows, as one range of the TTL index (purgeExpired; the TTL monitor does the same lazily). */
export const endedWindowsFilter = (now: Date) => ({ resetAt: { $lte: now } });

export function createRateLimitStore(): RateLimitStore {
  return {
    async hit(key, windowMs, now) {
      // mongoose sends update pipelines uncast, but types pipelines only for updateOne/updateMany.
      const update = hitPipeline(now, checkWindowMs(windowMs)) as unknown as UpdateQuery<RateLimitDoc>;
      // Two first hits racing on a new key both miss and both insert: the loser's retry joins the winner's window.
      const doc = await retryOnceOnDuplicateKey(() =>
        RateLimitModel.findOneAndUpdate({ _id: rateLimitDigest(key) }, update, { upsert: true, returnDocument: 'after', setDefaultsOnInsert: false, updatePipeline: true })
          .lean<RateLimitDoc>()
          .exec(),
      );
      return { hits: doc.hits, resetAt: new Date(doc.resetAt) };
    },
    async peek(key, now) {
      const doc = await RateLimitModel.findOne({ _id: rateLimitDigest(key), resetAt: { $gt: now } }).lean<RateLimitDoc>().exec();
      return doc ? { hits: doc.hits, resetAt: new Date(doc.resetAt) } : null;
    },
    async decrement(key, now) {
      await RateLimitModel.updateOne({ _id: rateLimitDigest(key), resetAt: { $gt: now }, hits: { $gt: 0 } }, { $inc: { hits: -1 } }).exec();
    },
    async reset(key) {
      await RateLimitModel.deleteOne({ _id: rateLimitDigest(key) }).exec();
    },
  };
}
