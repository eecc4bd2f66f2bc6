/**
 * The MongoDB monthly listening figures without a server: the update of a write's change ($inc of
 * the counts and of one `delays.<bucket>` field, upserted on the unique key), the documents the fill
 * makes from stored reviews (counted as their creation counts them), and the fill's once-only marker.
 */
import { ReviewModel } from '../../src/storage/mongo/course-models';
import { createListeningMonthIndexes, ListeningMonthModel, LISTENING_MONTHS_INDEX } from '../../src/storage/mongo/listening-months-models';
import { applyListeningMonths, fillListeningMonths, listeningMonthUpdates, monthDocsOf } from '../../src/storage/mongo/listening-months-store';
import { delayBucket } from '../../src/storage/shared/response-delays';

const course = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1', contextId: 'k1' };
const HOUR = 3_600_000;

afterEach(() => jest.restoreAllMocks());

describe('a write’s change', () => {
  it('is one $inc per month on the whole unique key, the bucket as a field of `delays`', () => {
    const updates = listeningMonthUpdates(course, [
      { month: 203103, reviews: 1, answered: 1, delays: new Map([[36, 1]]) },
      { month: 203104, reviews: 0, answered: -1, delays: new Map([[12, -1]]) },
    ]);
    expect(updates).toEqual([
      { filter: { ...course, month: 203103 }, update: { $inc: { reviews: 1, answered: 1, 'delays.36': 1 } } },
      { filter: { ...course, month: 203104 }, update: { $inc: { reviews: 0, answered: -1, 'delays.12': -1 } } },
    ]);
    const [keys, options] = ListeningMonthModel.schema.indexes().find(([, o]) => o.name === LISTENING_MONTHS_INDEX)!;
    expect(options.unique).toBe(true);
    expect(Object.keys(updates[0].filter).sort()).toEqual(Object.keys(keys).sort());
  });

  it('is upserted inside the write’s session', async () => {
    const updateOne = jest.spyOn(ListeningMonthModel, 'updateOne').mockReturnValue({ exec: async () => ({}) } as never);
    const session = { id: 'session' } as never;
    await applyListeningMonths(course, [{ month: 203103, reviews: 1, answered: 0, delays: new Map() }], session);
    expect(updateOne).toHaveBeenCalledWith({ ...course, month: 203103 }, { $inc: { reviews: 1, answered: 0 } }, { upsert: true, session });
  });

  it('refuses a course key that is not strings rather than matching a partial key', () => {
    expect(() => listeningMonthUpdates({ ...course, contextId: { $ne: 'x' } as unknown as string }, [{ month: 203103, reviews: 1, answered: 0, delays: new Map() }])).toThrow();
  });
});

describe('the fill from stored reviews', () => {
  const at = new Date('2031-03-31T23:30:00Z');
  const review = (over: Record<string, unknown> = {}) => ({ ...course, status: 'published' as const, createdAt: at, response: null, ...over });

  it('counts published reviews per course and UTC month, answered ones in the bucket of their delay', () => {
    const docs = [...monthDocsOf([review(), review({ response: { at: new Date(at.getTime() + 10 * HOUR) } }), review({ status: 'hidden' }), review({ createdAt: new Date('2031-04-01T00:00:00Z') })]).values()];
    expect(docs).toEqual([
      { ...course, month: 203103, reviews: 2, answered: 1, delays: { [delayBucket(10 * HOUR)]: 1 } },
      { ...course, month: 203104, reviews: 1, answered: 0, delays: {} },
    ]);
  });

  it('fills once: a process that finds the marker leaves the documents alone', async () => {
    const find = jest.spyOn(ReviewModel, 'find').mockReturnValue({ lean: () => ({ cursor: () => [review()] }) } as never);
    const bulkWrite = jest.spyOn(ListeningMonthModel, 'bulkWrite').mockResolvedValue({} as never);
    const insertOne = jest.spyOn(ListeningMonthModel.collection, 'insertOne').mockResolvedValueOnce({ acknowledged: true, insertedId: 'x' } as never);
    await fillListeningMonths();
    expect(find.mock.calls[0][0]).toEqual({ status: 'published' });
    expect(bulkWrite).toHaveBeenCalledTimes(1);
    expect(bulkWrite.mock.calls[0][0]).toEqual([
      { replaceOne: { filter: { ...course, month: 203103 }, replacement: { ...course, month: 203103, reviews: 1, answered: 0, delays: {} }, upsert: true } },
    ]);
    insertOne.mockRejectedValueOnce(Object.assign(new Error('E11000 duplicate key error'), { code: 11000 }));
    await fillListeningMonths();
    expect(find).toHaveBeenCalledTimes(1);
  });

  it('releases the marker when the fill fails, so the next start fills', async () => {
    jest.spyOn(ReviewModel, 'find').mockImplementation(() => {
      throw new Error('network');
    });
    jest.spyOn(ListeningMonthModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: 'x' } as never);
    const deleteOne = jest.spyOn(ListeningMonthModel.collection, 'deleteOne').mockResolvedValue({ acknowledged: true, deletedCount: 1 } as never);
    await expect(fillListeningMonths()).rejects.toThrow('network');
    expect(deleteOne).toHaveBeenCalledWith({ _id: 'lv_listening_months_fill' });
  });
});

describe('the indexes at open', () => {
  it('builds the key index and drops the reviews’ retired listening index, whether or not it is there', async () => {
    const create = jest.spyOn(ListeningMonthModel, 'createIndexes').mockResolvedValue(undefined as never);
    const drop = jest.spyOn(ReviewModel.collection, 'dropIndex').mockResolvedValueOnce({} as never);
    await createListeningMonthIndexes();
    expect(create).toHaveBeenCalled();
    expect(drop).toHaveBeenCalledWith('lv_review_listening');
    for (const code of [26, 27]) {
      drop.mockRejectedValueOnce(Object.assign(new Error('not found'), { code }));
      await expect(createListeningMonthIndexes()).resolves.toBeUndefined();
    }
    drop.mockRejectedValueOnce(Object.assign(new Error('not primary'), { code: 10107 }));
    await expect(createListeningMonthIndexes()).rejects.toThrow('not primary');
  });
});
