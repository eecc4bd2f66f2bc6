/**
 * The one-time fill of the MongoDB daily buckets, checked without a server: $merge needs a unique
 * index on exactly its `on` fields (or the server refuses the pipeline), days are UTC like the
 * writes', and a second process that finds the marker does not fill again.
 */
import { RatingDayModel, RATING_DAYS_COLLECTION, RATING_DAYS_COURSE_INDEX } from '../../src/storage/mongo/rating-days-models';
import { fillRatingDays, ratingDaysFillPipeline } from '../../src/storage/mongo/rating-days-store';
import { ReviewModel } from '../../src/storage/mongo/course-models';

describe('filling the daily buckets from stored reviews', () => {
  afterEach(() => jest.restoreAllMocks());

  it('merges on the fields of the unique (course, day) index, counting published reviews on their UTC day', () => {
    const pipeline = ratingDaysFillPipeline() as Array<Record<string, any>>;
    const merge = pipeline[pipeline.length - 1].$merge;
    expect(merge.into).toBe(RATING_DAYS_COLLECTION);
    const [keys, options] = RatingDayModel.schema.indexes().find(([, o]) => o.name === RATING_DAYS_COURSE_INDEX)!;
    expect(options.unique).toBe(true);
    expect([...merge.on].sort()).toEqual(Object.keys(keys).sort());
    expect(pipeline[0]).toEqual({ $match: { status: 'published' } });
    expect(pipeline[1].$group._id.day.$toInt.$dateToString).toEqual({ format: '%Y%m%d', date: '$ratedAt', timezone: 'UTC' });
  });

  it('fills once: a process that finds the marker leaves the buckets alone', async () => {
    const aggregate = jest.spyOn(ReviewModel, 'aggregate').mockReturnValue({ exec: async () => [] } as never);
    const insertOne = jest.spyOn(RatingDayModel.collection, 'insertOne').mockResolvedValueOnce({ acknowledged: true, insertedId: 'x' } as never);
    await fillRatingDays();
    expect(aggregate).toHaveBeenCalledTimes(1);
    insertOne.mockRejectedValueOnce(Object.assign(new Error('E11000 duplicate key error'), { code: 11000 }));
    await fillRatingDays();
    expect(aggregate).toHaveBeenCalledTimes(1);
  });

  it('releases the marker when the fill fails, so the next start fills', async () => {
    jest.spyOn(ReviewModel, 'aggregate').mockReturnValue({ exec: async () => Promise.reject(new Error('network')) } as never);
    jest.spyOn(RatingDayModel.collection, 'insertOne').mockResolvedValue({ acknowledged: true, insertedId: 'x' } as never);
    const deleteOne = jest.spyOn(RatingDayModel.collection, 'deleteOne').mockResolvedValue({ acknowledged: true, deletedCount: 1 } as never);
    await expect(fillRatingDays()).rejects.toThrow('network');
    expect(deleteOne).toHaveBeenCalledWith({ _id: 'lv_rating_days_fill' });
  });
});
