/** Polls as the page shows them: a form until the learner answers, then bars (instructors always see bars). */
import type { Poll, PollResults } from '../../storage/ports/consultations';
import type { PanelState } from './panel-state';

export interface PollBar {
  readonly label: string;
  readonly count: number;
  readonly percent: number;
  readonly mine: boolean;
}

export interface PollView {
  readonly id: string;
  readonly question: string;
  readonly kind: Poll['kind'];
  readonly kindLabel: string;
  readonly action: string;
  readonly choices: ReadonlyArray<{ readonly value: string; readonly label: string; readonly checked: boolean }>;
  readonly answered: boolean;
  readonly showResults: boolean;
  readonly respondentsLabel: string;
  readonly bars: readonly PollBar[];
}

export function choiceLabels(poll: Poll): string[] {
  return poll.kind === 'scale' ? ['1', '2', '3', '4', '5'] : [...poll.options];
}

export function pollBars(poll: Poll, results: PollResults, mine: readonly number[] = []): PollBar[] {
  return choiceLabels(poll).map((label, i) => ({
    label,
    count: results.counts[i] ?? 0,
    percent: results.respondents ? Math.round(((results.counts[i] ?? 0) * 100) / results.respondents) : 0,
    mine: mine.includes(i),
  }));
}

export function pollView(poll: Poll, results: PollResults, mine: number[] | undefined, state: PanelState, consultationBase: string): PollView {
  const offset = poll.kind === 'scale' ? 1 : 0;
  return {
    id: poll.id,
    question: poll.question,
    kind: poll.kind,
    kindLabel: state.t(`cg.poll.kind.${poll.kind}`),
    action: `${consultationBase}/polls/${poll.id}/answer`,
    choices: choiceLabels(poll).map((label, i) => ({ value: String(i + offset), label, checked: Boolean(mine?.includes(i)) })),
    answered: mine !== undefined,
    showResults: state.staff || mine !== undefined,
    respondentsLabel: state.t(results.respondents === 1 ? 'cg.poll.respondents.one' : 'cg.poll.respondents.many', { count: results.respondents }),
    bars: pollBars(poll, results, mine),
  };
}
