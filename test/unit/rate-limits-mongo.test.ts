/**
 * The MongoDB rate-limit windows without a server: what the store sends to the driver (one upserting
 * findOneAndUpdate per hit, keyed by the key's digest, the pipeline untouched by mongoose), and what
 * that pipeline does, evaluated here by the aggregation rules it uses ($cond, $gt, $add, $literal;
 * a missing field compares below any date), on a missing, an open and an ended window.
 */
import { rateLimitDigest } from '../../src/storage/shared/rate-limit-key';
import { RateLimitModel } from '../../src/storage/mongo/rate-limit-models';
import { createRateLimitStore, endedWindowsFilter, hitPipeline } from '../../src/storage/mongo/rate-limit-store';

const NOW = new Date('2031-02-03T10:00:00Z');
const MINUTE = 60_000;
const later = (ms: number) => new Date(NOW.getTime() + ms);

type Doc = Record<string, unknown>;

/** The few aggregation expressions the pipeline uses, as the server evaluates them against `doc`. */
function evaluate(expr: unknown, doc: Doc): unknown {
  if (typeof expr === 'string' && expr.startsWith('$')) return doc[expr.slice(1)];
  if (typeof expr !== 'object' || expr === null || expr instanceof Date) return expr;
  const [op, args] = Object.entries(expr)[0] as [string, unknown[]];
  switch (op) {
    case '$literal':
      return args;
    case '$cond':
      return evaluate(args[0], doc) ? evaluate(args[1], doc) : evaluate(args[2], doc);
    case '$gt': {
      const [a, b] = args.map((arg) => evaluate(arg, doc));
      // BSON order: a missing field or null sorts below every date.
      return a === undefined || a === null ? false : (a as Date).getTime() > (b as Date).getTime();
    }
    case '$add':
      return args.map((arg) => evaluate(arg, doc) as number).reduce((x, y) => x + y, 0);
    default:
      throw new Error(`unexpected operator ${op}`);
  }
}

/** One $set stage applied as the server does: every expression reads the document as it was. */
function applyPipeline(doc: Doc, pipeline: ReturnType<typeof hitPipeline>): Doc {
  return pipeline.reduce((current, stage) => ({ ...current, ...Object.fromEntries(Object.entries(stage.$set).map(([k, v]) => [k, evaluate(v, current)])) }), doc);
}

afterEach(() => jest.restoreAllMocks());

describe('the hit pipeline', () => {
  it('starts a window with one hit on an upserted document (only its _id, from the filter)', () => {
    expect(applyPipeline({ _id: 'd' }, hitPipeline(NOW, MINUTE))).toEqual({ _id: 'd', hits: 1, resetAt: later(MINUTE) });
  });

  it('adds the hit to a window still open, keeping its end', () => {
    expect(applyPipeline({ _id: 'd', hits: 4, resetAt: later(1) }, hitPipeline(NOW, MINUTE))).toEqual({ _id: 'd', hits: 5, resetAt: later(1) });
  });

  it('starts a new window when the stored one ended at or before now', () => {
    expect(applyPipeline({ _id: 'd', hits: 9, resetAt: NOW }, hitPipeline(NOW, MINUTE))).toEqual({ _id: 'd', hits: 1, resetAt: later(MINUTE) });
    expect(applyPipeline({ _id: 'd', hits: 9, resetAt: later(-5) }, hitPipeline(NOW, MINUTE))).toEqual({ _id: 'd', hits: 1, resetAt: later(MINUTE) });
  });

  it('passes both dates as $literal values', () => {
    const [{ $set }] = hitPipeline(NOW, MINUTE);
    expect($set.resetAt).toEqual({ $cond: [{ $gt: ['$resetAt', { $literal: NOW }] }, '$resetAt', { $literal: later(MINUTE) }] });
  });
});

describe('the store over a stubbed driver', () => {
  it('counts a hit with one upserting findOneAndUpdate on the digest of the key, the pipeline untouched, the window after it', async () => {
    const update = jest.spyOn(RateLimitModel.collection, 'findOneAndUpdate').mockResolvedValue({ _id: 'x', hits: 3, resetAt: later(MINUTE) } as never);
    await expect(createRateLimitStore().hit('write:["https://lms.example","c","u-1"]', MINUTE, NOW)).resolves.toEqual({ hits: 3, resetAt: later(MINUTE) });
    expect(update).toHaveBeenCalledTimes(1);
    const [filter, change, options] = update.mock.calls[0] as unknown as [Doc, unknown, Doc];
    expect(filter).toEqual({ _id: rateLimitDigest('write:["https://lms.example","c","u-1"]') });
    expect(JSON.stringify(filter)).not.toContain('u-1');
    expect(change).toEqual(hitPipeline(NOW, MINUTE));
    expect(options).toMatchObject({ upsert: true, returnDocument: 'after' });
  });

  it('runs the hit again once when a racing first hit won the insert', async () => {
    const update = jest
      .spyOn(RateLimitModel.collection, 'findOneAndUpdate')
      .mockRejectedValueOnce(Object.assign(new Error('E11000'), { code: 11000 }))
      .mockResolvedValueOnce({ _id: 'x', hits: 2, resetAt: later(MINUTE) } as never);
    await expect(createRateLimitStore().hit('k', MINUTE, NOW)).resolves.toMatchObject({ hits: 2 });
    expect(update).toHaveBeenCalledTimes(2);
  });

  it('refuses a window length out of range before sending anything', async () => {
    const update = jest.spyOn(RateLimitModel.collection, 'findOneAndUpdate');
    await expect(createRateLimitStore().hit('k', 0, NOW)).rejects.toThrow(RangeError);
    expect(update).not.toHaveBeenCalled();
  });

  it('takes a hit back only from an open window above zero, and resets by digest', async () => {
    const dec = jest.spyOn(RateLimitModel.collection, 'updateOne').mockResolvedValue({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null });
    const del = jest.spyOn(RateLimitModel.collection, 'deleteOne').mockResolvedValue({ acknowledged: true, deletedCount: 1 });
    await createRateLimitStore().decrement('k', NOW);
    await createRateLimitStore().reset('k');
    expect(dec.mock.calls[0][0]).toEqual({ _id: rateLimitDigest('k'), resetAt: { $gt: NOW }, hits: { $gt: 0 } });
    expect(dec.mock.calls[0][1]).toEqual({ $inc: { hits: -1 } });
    expect(del.mock.calls[0][0]).toEqual({ _id: rateLimitDigest('k') });
  });

  it('declares a TTL index on the window end, which the purge reads', () => {
    expect(RateLimitModel.schema.indexes()).toContainEqual([{ resetAt: 1 }, expect.objectContaining({ expireAfterSeconds: 0, name: 'lv_rate_limit_ttl' })]);
    expect(endedWindowsFilter(NOW)).toEqual({ resetAt: { $lte: NOW } });
    expect(RateLimitModel.collection.collectionName).toBe('lv_rate_limits');
  });
});
