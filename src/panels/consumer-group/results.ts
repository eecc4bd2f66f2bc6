/**
 * The results of a consultation: ideas ranked by votes, how many learners took part (out of the
 * course's learners when the LMS offers Names and Roles), poll results, and the co-designers who
 * agreed to be credited for an adopted idea.
 */
import type { Consultation, Idea, IdeaKind } from '../../storage/ports/consultations';
import type { PanelDeps } from '../panel-deps';
import { countLabel } from './idea-presenter';
import type { PanelState } from './panel-state';
import { choiceLabels, pollBars, type PollBar } from './poll-presenter';
import { knownName } from '../../context/person-name';
import { personLabel } from '../person-label';

const BATCH = 100;

/** Every listed, visible idea of a consultation (or every training need), most votes first. */
export async function rankedIdeas(deps: PanelDeps, state: PanelState, kind: IdeaKind, consultationId?: string): Promise<Idea[]> {
  const ideas: Idea[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.storage.consultations.listIdeas(state.course, { kind, consultationId, sort: 'votes', includeHidden: false, cursor, limit: BATCH });
    ideas.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ideas;
}

export async function creditedCoDesigners(deps: PanelDeps, state: PanelState, consultationId: string): Promise<string[]> {
  const adopted = (await rankedIdeas(deps, state, 'idea', consultationId)).filter((i) => i.status === 'adopted' && i.creditConsent);
  return [...new Set(adopted.flatMap((i) => knownName(i.author) ?? []))].sort((a, b) => a.localeCompare(b));
}

export interface ResultsModel {
  readonly participation: { readonly count: number; readonly learners: number | null; readonly label: string };
  readonly ideas: ReadonlyArray<{ readonly rank: number; readonly href: string; readonly title: string; readonly votes: number; readonly votesLabel: string; readonly statusLabel: string; readonly author: string; readonly credited: boolean }>;
  readonly polls: ReadonlyArray<{ readonly question: string; readonly kindLabel: string; readonly respondents: number; readonly bars: readonly PollBar[]; readonly choices: readonly string[] }>;
  readonly credited: readonly string[];
}

export async function consultationResults(deps: PanelDeps, state: PanelState, consultation: Consultation): Promise<ResultsModel> {
  const store = deps.storage.consultations;
  const { t } = state;
  const count = await store.participation(state.course, consultation.id);
  const learners = await deps.roster.countLearners(state.context);
  const ideas = await rankedIdeas(deps, state, 'idea', consultation.id);
  const polls = [];
  for (const poll of await store.listPolls(state.course, consultation.id)) {
    const results = (await store.pollResults(state.course, poll.id))!;
    polls.push({ question: poll.question, kindLabel: t(`cg.poll.kind.${poll.kind}`), respondents: results.respondents, bars: pollBars(poll, results), choices: choiceLabels(poll) });
  }
  return {
    participation: {
      count,
      learners,
      label: learners === null ? t('cg.results.participants', { count }) : t('cg.results.participantsOf', { count, learners }),
    },
    ideas: ideas.map((idea, i) => ({
      rank: i + 1,
      href: `${state.base}/ideas/${idea.id}`,
      title: idea.title,
      votes: idea.voteCount,
      votesLabel: countLabel(t, 'votes', idea.voteCount),
      statusLabel: t(`cg.status.${idea.status}`),
      author: personLabel(idea.author, t),
      credited: idea.creditConsent,
    })),
    polls,
    credited: await creditedCoDesigners(deps, state, consultation.id),
  };
}
