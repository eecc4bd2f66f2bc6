/**
 * The one-time fill of the MongoDB daily buckets, checked without a server: $merge needs a unique
 * index on exactly its `on` fields (or the server refuses the pipeline), days are UTC like the
 * writes', and a second process that finds the marker does not fill again.
 */
import { RatingDayModel, RATING_DAYS_COLLECTION, RATING_DAYS_COURSE_INDEX, RATING_DAYS_DEPLOYMENT_INDEX } from '../../src/storage/mongo/rating-days-models';
import { createRatingDaysStore, deploymentRangesPipeline, fillRatingDays, ratingDaysFillPipeline } from '../../src/storage/mongo/rating-days-store';
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

describe("the overview's ranges on MongoDB", () => {
  afterEach(() => jest.restoreAllMocks());
  const deployment = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd-1' };
  const ranges = [
    { from: 20310110, to: 20310116 },
    { from: 20310103, to: 20310109 },
  ];

  it('reads one range of lv_days_deployment and sums per course and range on the server', () => {
    const pipeline = deploymentRangesPipeline(deployment, ranges) as Array<Record<string, any>>;
    expect(pipeline[0]).toEqual({ $match: { issuer: deployment.issuer, clientId: 'c1', deploymentId: 'd-1', day: { $gte: 20310103, $lte: 20310116 } } });
    const [keys] = RatingDayModel.schema.indexes().find(([, o]) => o.name === RATING_DAYS_DEPLOYMENT_INDEX)!;
    expect(Object.keys(keys).slice(0, 4)).toEqual(['issuer', 'clientId', 'deploymentId', 'day']);
    expect(pipeline[1].$project.range.$switch.branches).toEqual([
      { case: { $and: [{ $gte: ['$day', 20310110] }, { $lte: ['$day', 20310116] }] }, then: 0 },
      { case: { $and: [{ $gte: ['$day', 20310103] }, { $lte: ['$day', 20310109] }] }, then: 1 },
    ]);
    expect(pipeline[3]).toEqual({ $group: { _id: { c: '$contextId', r: '$range' }, count: { $sum: '$count' }, sum: { $sum: '$sum' } } });
  });

  it('reads listed courses as ranges of lv_days_course, and refuses an id that is not a string', async () => {
    const pipeline = deploymentRangesPipeline(deployment, ranges, ['k1', 'k2']) as Array<Record<string, any>>;
    expect(pipeline[0]).toEqual({ $match: { issuer: deployment.issuer, clientId: 'c1', deploymentId: 'd-1', contextId: { $in: ['k1', 'k2'] }, day: { $gte: 20310103, $lte: 20310116 } } });
    const hint = jest.fn().mockReturnThis();
    jest.spyOn(RatingDayModel, 'aggregate').mockReturnValue({ hint, exec: jest.fn().mockResolvedValue([]) } as never);
    await createRatingDaysStore().deploymentRanges(deployment, ranges, ['k1']);
    expect(hint).toHaveBeenCalledWith(RATING_DAYS_COURSE_INDEX);
    expect(() => deploymentRangesPipeline(deployment, ranges, [{ $gt: '' } as unknown as string])).toThrow(TypeError);
  });

  it("dates each course's total its range's last day, by day then course, with the index named", async () => {
    const hint = jest.fn().mockReturnThis();
    const exec = jest.fn().mockResolvedValue([
      { _id: { c: 'b', r: 0 }, count: 2, sum: 9 },
      { _id: { c: 'a', r: 1 }, count: 1, sum: 3 },
      { _id: { c: 'a', r: 0 }, count: 0, sum: 0 },
    ]);
    jest.spyOn(RatingDayModel, 'aggregate').mockReturnValue({ hint, exec } as never);
    const rows = await createRatingDaysStore().deploymentRanges(deployment, ranges);
    expect(hint).toHaveBeenCalledWith(RATING_DAYS_DEPLOYMENT_INDEX);
    expect(rows.map((r) => [r.day, r.course.contextId, r.stats])).toEqual([
      [20310109, 'a', { count: 1, sum: 3 }],
      [20310116, 'b', { count: 2, sum: 9 }],
    ]);
  });
});
