/**
 * The Listening overview's MongoDB reads without a server: every pipeline matches the full
 * deployment key first (never a partial key), the response figures read the window's monthly
 * documents through their key index, the number of round trips does not grow with the number of
 * courses, and the rows fold per course (the median from the summed histograms).
 */
import { CatalogueCourseModel, CatalogueVisitModel } from '../../src/storage/mongo/catalogue-models';
import { CommentModel, ConsultationModel, IdeaModel } from '../../src/storage/mongo/consultation-models';
import { ReviewModel, SettingsModel } from '../../src/storage/mongo/course-models';
import { LISTENING_MONTHS_INDEX, ListeningMonthModel } from '../../src/storage/mongo/listening-months-models';
import { medianOfHistogram } from '../../src/storage/shared/response-delays';
import { createListeningStore, listeningPipelines, minRatingsOf, participantCounts } from '../../src/storage/mongo/listening-store';
import { ActionModel } from '../../src/storage/mongo/loop-models';
import { MemberModel } from '../../src/storage/mongo/models';

const DEPLOYMENT = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1' };
const WINDOW = { fromMonth: 202907, today: '2030-06-15' };

afterEach(() => jest.restoreAllMocks());

describe('listening pipelines', () => {
  const all = Object.entries(listeningPipelines).map(([name, build]) => [name, (build as (d: typeof DEPLOYMENT, w: typeof WINDOW) => Array<Record<string, any>>)(DEPLOYMENT, WINDOW)] as const);

  it.each(all)('%s starts by matching the whole deployment key', (_name, pipeline) => {
    expect(pipeline[0].$match).toMatchObject(DEPLOYMENT);
  });

  it('reads the response figures as the window of the monthly figures, through their key index (deployment, month)', () => {
    const [keys, options] = ListeningMonthModel.schema.indexes().find(([, o]) => o.name === LISTENING_MONTHS_INDEX)!;
    expect(Object.keys(keys)).toEqual(['issuer', 'clientId', 'deploymentId', 'month', 'contextId']);
    expect(options.unique).toBe(true);
    const pipeline = listeningPipelines.responses(DEPLOYMENT, WINDOW) as Array<Record<string, any>>;
    expect(pipeline[0].$match).toEqual({ ...DEPLOYMENT, month: { $gte: 202907 } });
    expect(pipeline[1].$group).toEqual({ _id: '$contextId', reviews: { $sum: '$reviews' }, answered: { $sum: '$answered' }, delays: { $push: '$delays' } });
  });

  it('refuses a window whose first month is not a YYYYMM month', () => {
    expect(() => listeningPipelines.responses(DEPLOYMENT, { ...WINDOW, fromMonth: 202913 })).toThrow(RangeError);
  });

  it('counts an action overdue only when it has a due date before today', () => {
    const group = (listeningPipelines.actions(DEPLOYMENT, WINDOW) as Array<Record<string, any>>)[1].$group;
    expect(JSON.stringify(group.overdue)).toContain('"$lt":["$dueOn","2030-06-15"]');
    expect((listeningPipelines.actions(DEPLOYMENT, WINDOW) as Array<Record<string, any>>)[0].$match.status).toEqual({ $ne: 'done' });
  });
});

describe('the store', () => {
  interface Chain {
    hint: () => Chain;
    exec: () => Promise<unknown[]>;
  }
  const chain = (rows: unknown[]): Chain => {
    const c: Chain = { hint: () => c, exec: async () => rows };
    return c;
  };
  function stubAggregate(model: { aggregate: (...args: any[]) => any }, rows: unknown[]) {
    return jest.spyOn(model as any, 'aggregate').mockReturnValue(chain(rows) as never);
  }
  function stubFind(model: { find: (...args: any[]) => any }, rows: unknown[]) {
    return jest.spyOn(model as any, 'find').mockReturnValue({ lean: () => ({ exec: async () => rows }) } as never);
  }

  it('makes the same eleven reads for any number of courses and folds their rows per course', async () => {
    const courses = Array.from({ length: 500 }, (_, i) => ({ contextId: `k${i}`, title: `Course ${i}` }));
    const finds = [stubFind(CatalogueCourseModel, courses), stubFind(SettingsModel, [{ contextId: 'k1', settings: JSON.stringify({ minRatings: 7 }) }, { contextId: 'k2', settings: '{broken' }])];
    const reviews = stubAggregate(ReviewModel, [{ _id: 'k1', n: 2 }]);
    // Two months of k1: their histograms are added (a bucket left at 0 by a withdrawn response counts nothing).
    const months = stubAggregate(ListeningMonthModel, [{ _id: 'k1', reviews: 4, answered: 3, delays: [{ '30': 1, '36': 1 }, { '44': 1, '12': 0 }] }]);
    const others = [
      stubAggregate(ActionModel, [{ _id: 'k1', open: 3, overdue: 1 }]),
      stubAggregate(CatalogueVisitModel, [{ _id: 'k1', opened: 3, launched: 1 }]),
      stubAggregate(MemberModel, [{ _id: 'k1', n: 3 }]),
      stubAggregate(CommentModel, [{ _id: { c: 'k1', who: 'L1' } }]),
      stubAggregate(ConsultationModel, [{ _id: { c: 'k1', who: 'L3' } }]),
    ];
    const ideas = jest.spyOn(IdeaModel, 'aggregate');
    ideas.mockReturnValueOnce(chain([{ _id: { c: 'k1', who: 'L1' } }]) as never).mockReturnValueOnce(chain([{ _id: { c: 'k1', who: 'L2' } }]) as never);

    const figures = await createListeningStore().deploymentFigures(DEPLOYMENT, WINDOW);
    expect(figures).toHaveLength(500);
    expect(figures.find((f) => f.course.contextId === 'k1')).toEqual({
      course: { ...DEPLOYMENT, contextId: 'k1' },
      title: 'Course 1',
      minRatings: 7,
      needsAttention: 2,
      reviews: 4,
      answered: 3,
      medianResponseMs: medianOfHistogram(new Map([[30, 1], [36, 1], [44, 1]])),
      actionsOpen: 3,
      actionsOverdue: 1,
      buyIn: { opened: 3, launched: 1 },
      participants: 3,
      learners: 3,
    });
    expect(figures.find((f) => f.course.contextId === 'k2')?.minRatings).toBeUndefined();
    const calls = [...finds, reviews, months, ...others, ideas].reduce((n, spy) => n + spy.mock.calls.length, 0);
    expect(calls).toBe(11);
    for (const spy of finds) expect(spy.mock.calls[0][0]).toEqual(DEPLOYMENT);
  });

  it('narrows every one of the eleven reads to the listed courses, and refuses an id that is not a string', async () => {
    const finds = [stubFind(CatalogueCourseModel, []), stubFind(SettingsModel, [])];
    const aggregates = [ReviewModel, ListeningMonthModel, ActionModel, CatalogueVisitModel, MemberModel, CommentModel, ConsultationModel, IdeaModel].map((m) => stubAggregate(m, []));
    await createListeningStore().deploymentFigures(DEPLOYMENT, WINDOW, ['k1', 'k2']);
    const only = { ...DEPLOYMENT, contextId: { $in: ['k1', 'k2'] } };
    for (const spy of finds) expect(spy.mock.calls[0][0]).toEqual(only);
    const matches = aggregates.flatMap((spy) => spy.mock.calls.map((call) => (call[0] as Array<{ $match?: Record<string, unknown> }>)[0].$match));
    expect(matches).toHaveLength(9);
    for (const match of matches) expect(match).toMatchObject(only);
    await expect(createListeningStore().deploymentFigures(DEPLOYMENT, WINDOW, [{ $ne: null } as unknown as string])).rejects.toThrow(TypeError);
    expect(await createListeningStore().deploymentFigures(DEPLOYMENT, WINDOW, [])).toEqual([]);
  });

  it('refuses a deployment key without a string deployment id instead of matching across deployments', async () => {
    await expect(createListeningStore().deploymentFigures({ ...DEPLOYMENT, deploymentId: undefined as unknown as string }, WINDOW)).rejects.toThrow(TypeError);
  });
});

describe('helpers', () => {
  it('counts each person once per course across the four sources of participation', () => {
    expect(participantCounts([[{ _id: { c: 'a', who: 'x' } }], [{ _id: { c: 'a', who: 'x' } }, { _id: { c: 'a', who: 'y' } }], [], [{ _id: { c: 'b', who: 'x' } }]])).toEqual([
      { contextId: 'a', n: 2 },
      { contextId: 'b', n: 1 },
    ]);
  });
  it('reads a saved minimum from the settings text, and nothing from a broken or absent one', () => {
    expect(minRatingsOf('{"minRatings":5}')).toBe(5);
    expect(minRatingsOf('{oops')).toBeNull();
    expect(minRatingsOf(undefined)).toBeNull();
    expect(minRatingsOf('{"minRatings":"5"}')).toBeNull();
  });
});
