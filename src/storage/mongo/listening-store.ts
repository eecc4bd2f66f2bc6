/**
 * The Listening overview on MongoDB: one grouped pipeline (or find) per source of figures over the
 * deployment's key prefix, never one per course; the rows are folded per course by the shared code.
 * Pipelines are built by exported functions so test/unit/listening-mongo.test.ts can check them
 * without a server.
 */
import type { PipelineStage } from 'mongoose';
import type { DeploymentKey } from '../../context/tenant';
import type { ListeningStore, ListeningWindow } from '../ports/listening';
import { foldFigures, windowMonth } from '../shared/listening-figures';
import { CatalogueCourseModel, CatalogueVisitModel } from './catalogue-models';
import { CommentModel, ConsultationModel, IdeaModel } from './consultation-models';
import { REVIEW_ATTENTION_INDEX, ReviewModel, SettingsModel } from './course-models';
import { LISTENING_MONTHS_INDEX, ListeningMonthModel } from './listening-months-models';
import { contextIdList, platformFilter } from './keys';
import { ActionModel } from './loop-models';
import { MemberModel } from './models';

export function deploymentFilter(deployment: DeploymentKey) {
  const deploymentId = deployment.deploymentId;
  if (typeof deploymentId !== 'string') throw new TypeError('deploymentId must be a string');
  return { ...platformFilter(deployment), deploymentId };
}

/** The deployment's filter, narrowed to the listed courses when given (every pipeline below starts with it). */
export function figuresFilter(deployment: DeploymentKey, courses?: readonly string[]): Filter {
  const d = deploymentFilter(deployment);
  return courses === undefined ? d : { ...d, contextId: { $in: contextIdList(courses) } };
}

type Filter = ReturnType<typeof deploymentFilter> & { contextId?: { $in: string[] } };
const has = (path: string) => ({ $cond: [{ $ifNull: [path, false] }, 1, 0] });

export const listeningPipelines = {
  attention: (d: Filter): PipelineStage[] => [{ $match: { ...d, attention: true } }, { $group: { _id: '$contextId', n: { $sum: 1 } } }],
  /** The window's months of the deployment (one range of the key index), summed per course; the histograms are added by the shared fold. */
  responses: (d: Filter, w: ListeningWindow): PipelineStage[] => [
    { $match: { ...d, month: { $gte: windowMonth(w) } } },
    { $group: { _id: '$contextId', reviews: { $sum: '$reviews' }, answered: { $sum: '$answered' }, delays: { $push: '$delays' } } },
    { $match: { reviews: { $gt: 0 } } },
  ],
  actions: (d: Filter, w: ListeningWindow): PipelineStage[] => [
    { $match: { ...d, status: { $ne: 'done' } } },
    {
      $group: {
        _id: '$contextId',
        open: { $sum: 1 },
        overdue: { $sum: { $cond: [{ $and: [{ $eq: [{ $type: '$dueOn' }, 'string'] }, { $gt: ['$dueOn', ''] }, { $lt: ['$dueOn', w.today] }] }, 1, 0] } },
      },
    },
  ],
  buyIn: (d: Filter): PipelineStage[] => [{ $match: d }, { $group: { _id: '$contextId', opened: { $sum: 1 }, launched: { $sum: has('$launchedAt') } } }],
  learners: (d: Filter): PipelineStage[] => [{ $match: { ...d, firstLearnerLaunchAt: { $ne: null } } }, { $group: { _id: '$contextId', n: { $sum: 1 } } }],
  /** Participants as distinct (course, person) pairs from each source; the union is taken in memory. */
  ideaAuthors: (d: Filter): PipelineStage[] => [
    { $match: { ...d, consultationId: { $ne: null }, authorRole: 'learner' } },
    { $group: { _id: { c: '$contextId', who: '$authorId' } } },
  ],
  voters: (d: Filter): PipelineStage[] => [
    { $match: { ...d, consultationId: { $ne: null } } },
    { $lookup: { from: 'lv_cg_votes', localField: 'recordId', foreignField: 'ideaId', as: 'votes', pipeline: [{ $match: { role: 'learner' } }, { $project: { _id: 0, voterId: 1 } }] } },
    { $unwind: '$votes' },
    { $group: { _id: { c: '$contextId', who: '$votes.voterId' } } },
  ],
  commenters: (d: Filter): PipelineStage[] => [
    { $match: { ...d, consultationId: { $ne: null }, authorRole: 'learner' } },
    { $group: { _id: { c: '$contextId', who: '$authorId' } } },
  ],
  respondents: (d: Filter): PipelineStage[] => [
    { $match: d },
    {
      $lookup: {
        from: 'lv_cg_polls',
        localField: 'recordId',
        foreignField: 'consultationId',
        as: 'polls',
        pipeline: [
          { $lookup: { from: 'lv_cg_answers', localField: 'recordId', foreignField: 'pollId', as: 'answers', pipeline: [{ $match: { role: 'learner' } }, { $project: { _id: 0, userId: 1 } }] } },
          { $project: { _id: 0, answers: 1 } },
        ],
      },
    },
    { $unwind: '$polls' },
    { $unwind: '$polls.answers' },
    { $group: { _id: { c: '$contextId', who: '$polls.answers.userId' } } },
  ],
} as const;

type Pair = { _id: { c: string; who: string } };

/** Distinct people per course over the four sources of participation. */
export function participantCounts(groups: ReadonlyArray<readonly Pair[]>): Array<{ contextId: string; n: number }> {
  const people = new Map<string, Set<string>>();
  for (const rows of groups) {
    for (const { _id } of rows) {
      let set = people.get(_id.c);
      if (!set) people.set(_id.c, (set = new Set()));
      set.add(_id.who);
    }
  }
  return [...people].map(([contextId, set]) => ({ contextId, n: set.size }));
}

/** A course's saved minimum number of ratings from its settings document (text JSON), or null. */
export function minRatingsOf(settings: unknown): number | null {
  if (typeof settings !== 'string') return null;
  try {
    const value = (JSON.parse(settings) as { minRatings?: unknown }).minRatings;
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}

const keyed = <T extends { _id: unknown }>(rows: T[]) => rows.map(({ _id, ...rest }) => ({ contextId: String(_id), ...rest }));

export function createListeningStore(): ListeningStore {
  return {
    async deploymentFigures(deployment, window, only) {
      if (only?.length === 0) return [];
      const d = figuresFilter(deployment, only);
      const p = listeningPipelines;
      const [courses, settings, attention, responses, actions, buyIn, learners, ideaAuthors, voters, commenters, respondents] = await Promise.all([
        CatalogueCourseModel.find(d, { _id: 0, contextId: 1, title: 1, label: 1 }).lean<Array<{ contextId: string; title: string; label?: string }>>().exec(),
        SettingsModel.find(d, { _id: 0, contextId: 1, settings: 1 }).lean<Array<{ contextId: string; settings: string }>>().exec(),
        ReviewModel.aggregate<{ _id: string; n: number }>(p.attention(d)).hint(REVIEW_ATTENTION_INDEX).exec(),
        ListeningMonthModel.aggregate<{ _id: string; reviews: number; answered: number; delays: unknown[] }>(p.responses(d, window)).hint(LISTENING_MONTHS_INDEX).exec(),
        ActionModel.aggregate<{ _id: string; open: number; overdue: number }>(p.actions(d, window)).exec(),
        CatalogueVisitModel.aggregate<{ _id: string; opened: number; launched: number }>(p.buyIn(d)).exec(),
        MemberModel.aggregate<{ _id: string; n: number }>(p.learners(d)).exec(),
        IdeaModel.aggregate<Pair>(p.ideaAuthors(d)).exec(),
        IdeaModel.aggregate<Pair>(p.voters(d)).exec(),
        CommentModel.aggregate<Pair>(p.commenters(d)).exec(),
        ConsultationModel.aggregate<Pair>(p.respondents(d)).exec(),
      ]);
      return foldFigures(deployment, {
        courses: courses.map((c) => ({ contextId: c.contextId, title: c.title ?? '', label: c.label ?? null })),
        settings: settings.map((s) => ({ contextId: s.contextId, minRatings: minRatingsOf(s.settings) })),
        attention: keyed(attention),
        responses: keyed(responses),
        actions: keyed(actions),
        buyIn: keyed(buyIn),
        participants: participantCounts([ideaAuthors, voters, commenters, respondents]),
        learners: keyed(learners),
      });
    },
  };
}
