/** The shared rate-limit windows (ports/rate-limits.ts): lv_ prefix, indexes built at open. */
import { Schema } from 'mongoose';
import { baseOptions, defineModel } from './models';

export interface RateLimitDoc {
  /** The key's digest (storage/shared/rate-limit-key.ts), never the key: one window per key, found by _id. */
  _id: string;
  hits: number;
  resetAt: Date;
}

const rateLimitSchema = new Schema<RateLimitDoc>(
  {
    _id: { type: String, required: true },
    hits: { type: Number, required: true },
    resetAt: { type: Date, required: true },
  },
  { ...baseOptions, collection: 'lv_rate_limits' },
);
// The TTL monitor removes a window once it has ended (about a minute late, which changes nothing: the
// next hit on an ended window starts a new one anyway); purgeExpired reads the same index as a range.
rateLimitSchema.index({ resetAt: 1 }, { expireAfterSeconds: 0, name: 'lv_rate_limit_ttl' });

export const RateLimitModel = defineModel<RateLimitDoc>('lv_rate_limit', rateLimitSchema);

/** Also creates the collection. */
export async function createRateLimitIndexes(): Promise<void> {
  await RateLimitModel.createIndexes();
}
