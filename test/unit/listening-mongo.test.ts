/**
 * The Listening overview's MongoDB reads without a server: every pipeline matches the full
 * deployment key first (never a partial key), the review reads are hinted to an index whose prefix is
 * what they match, the number of round trips does not grow with the number of courses, the median
 * arithmetic picks the middle of each course's sorted delays, and the rows fold per course.
 */
import { CatalogueCourseModel, CatalogueVisitModel } from '../../src/storage/mongo/catalogue-models';
import { CommentModel, ConsultationModel, IdeaModel } from '../../src/storage/mongo/consultation-models';
import { REVIEW_LISTENING_INDEX, ReviewModel, SettingsModel } from '../../src/storage/mongo/course-models';
import { createListeningStore, listeningPipelines, minRatingsOf, participantCounts } from '../../src/storage/mongo/listening-store';
import { ActionModel } from '../../src/storage/mongo/loop-models';
import { MemberModel } from '../../src/storage/mongo/models';

const DEPLOYMENT = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1' };
const WINDOW = { since: new Date('2029-06-15T00:00:00Z'), today: '2030-06-15' };

afterEach(() => jest.restoreAllMocks());

describe('listening pipelines', () => {
  const all = Object.entries(listeningPipelines).map(([name, build]) => [name, (build as (d: typeof DEPLOYMENT, w: typeof WINDOW) => Array<Record<string, any>>)(DEPLOYMENT, WINDOW)] as const);

  it.each(all)('%s starts by matching the whole deployment key', (_name, pipeline) => {
    expect(pipeline[0].$match).toMatchObject(DEPLOYMENT);
  });

  it('reads the response figures as the window of a published range, through an index starting with those fields', () => {
    const [keys] = ReviewModel.schema.indexes().find(([, o]) => o.name === REVIEW_LISTENING_INDEX)!;
    expect(Object.keys(keys).slice(0, 5)).toEqual(['issuer', 'clientId', 'deploymentId', 'status', 'createdAt']);
    for (const pipeline of [listeningPipelines.responses(DEPLOYMENT, WINDOW), listeningPipelines.medians(DEPLOYMENT, WINDOW)] as Array<Array<Record<string, any>>>) {
      expect(pipeline[0].$match).toMatchObject({ status: 'published', createdAt: { $gte: WINDOW.since } });
    }
  });

  it('takes the middle delay of an odd count and the two middle ones of an even count', () => {
    const stage = (listeningPipelines.medians(DEPLOYMENT, WINDOW) as Array<Record<string, any>>).find((s) => s.$project?.low)!.$project;
    // A small evaluator of the operators the stage uses, over a course's sorted delays.
    const evaluate = (expr: any, delays: number[]): any => {
      if (expr === '$delays') return delays;
      if (typeof expr === 'number') return expr;
      const [op, args] = Object.entries(expr)[0] as [string, any];
      const v = (Array.isArray(args) ? args : [args]).map((a: any) => evaluate(a, delays));
      switch (op) {
        case '$size': return v[0].length;
        case '$subtract': return v[0] - v[1];
        case '$divide': return v[0] / v[1];
        case '$floor': return Math.floor(v[0]);
        case '$arrayElemAt': return v[0][v[1]];
        default: throw new Error(op);
      }
    };
    const median = (delays: number[]) => (evaluate(stage.low, delays) + evaluate(stage.high, delays)) / 2;
    expect(median([7])).toBe(7);
    expect(median([1, 3])).toBe(2);
    expect(median([1, 3, 8])).toBe(3);
    expect(median([1, 3, 8, 20])).toBe(5.5);
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

  it('makes the same twelve reads for any number of courses and folds their rows per course', async () => {
    const courses = Array.from({ length: 500 }, (_, i) => ({ contextId: `k${i}`, title: `Course ${i}` }));
    const finds = [stubFind(CatalogueCourseModel, courses), stubFind(SettingsModel, [{ contextId: 'k1', settings: JSON.stringify({ minRatings: 7 }) }, { contextId: 'k2', settings: '{broken' }])];
    const reviews = jest.spyOn(ReviewModel, 'aggregate');
    reviews
      .mockReturnValueOnce(chain([{ _id: 'k1', n: 2 }]) as never)
      .mockReturnValueOnce(chain([{ _id: 'k1', reviews: 4, answered: 3 }]) as never)
      .mockReturnValueOnce(chain([{ _id: 'k1', medianMs: 36_000_000 }]) as never);
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
      medianResponseMs: 36_000_000,
      actionsOpen: 3,
      actionsOverdue: 1,
      buyIn: { opened: 3, launched: 1 },
      participants: 3,
      learners: 3,
    });
    expect(figures.find((f) => f.course.contextId === 'k2')?.minRatings).toBeUndefined();
    const calls = [...finds, reviews, ...others, ideas].reduce((n, spy) => n + spy.mock.calls.length, 0);
    expect(calls).toBe(12);
    for (const spy of finds) expect(spy.mock.calls[0][0]).toEqual(DEPLOYMENT);
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
