/** Everything the consultation page shows, read in one place and handed to the template as plain data. */
import { formatDay } from '../../i18n/format';
import type { Consultation, IdeaSort } from '../../storage/ports/consultations';
import { IDEA_SORTS } from '../../storage/ports/consultations';
import type { PanelDeps } from '../panel-deps';
import { phaseOf, takesContributions } from './consultation-rules';
import { errorsOf, type FieldProblem } from './form-input';
import { commentThreads, ideaCard } from './idea-presenter';
import type { PanelState } from './panel-state';
import { pollView } from './poll-presenter';
import { creditedCoDesigners } from './results';

export const PAGE_SIZE = 20;

export interface ListQuery {
  readonly sort: IdeaSort;
  readonly cursor?: string;
}

export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const sort = IDEA_SORTS.find((s) => s === query.sort) ?? 'votes';
  const cursor = typeof query.cursor === 'string' && query.cursor.length <= 200 ? query.cursor : undefined;
  return { sort, cursor };
}

export interface IdeaFormState {
  readonly values: Record<string, string>;
  readonly problems: readonly FieldProblem[];
}

export async function consultationPage(deps: PanelDeps, state: PanelState, consultation: Consultation, list: ListQuery, form?: IdeaFormState) {
  const store = deps.storage.consultations;
  const { t, course } = state;
  const now = deps.now();
  const href = `${state.base}/consultations/${consultation.id}`;
  const polls = await store.listPolls(course, consultation.id);
  const answers = await store.answersBy(course, state.me.id, polls.map((p) => p.id));
  const pollViews = [];
  for (const poll of polls) pollViews.push(pollView(poll, (await store.pollResults(course, poll.id))!, answers.get(poll.id), state, href));
  const outline = [];
  for (const section of consultation.outline) {
    const comments = await store.listComments(course, { type: 'section', consultationId: consultation.id, sectionId: section.id });
    outline.push({ ...section, comments: commentThreads(comments, state), commentAction: `${href}/sections/${section.id}/comments`, editAction: `${href}/sections/${section.id}` });
  }
  const page = await store.listIdeas(course, { kind: 'idea', consultationId: consultation.id, sort: list.sort, cursor: list.cursor, limit: PAGE_SIZE, includeHidden: state.staff });
  const voted = await store.votesBy(course, state.me.id, page.items.map((i) => i.id));
  const phase = phaseOf(consultation, now);
  return {
    consultation: {
      id: consultation.id,
      href,
      title: consultation.title,
      brief: consultation.brief,
      questions: consultation.questions,
      phase,
      phaseLabel: t(`cg.phase.${phase}`),
      dates: datesLabel(consultation, state),
      editHref: `${href}/edit`,
      resultsHref: `${href}/results`,
    },
    open: takesContributions(consultation, now),
    closedMessage: t(phase === 'upcoming' ? 'cg.consultation.upcomingNotice' : 'cg.consultation.closedNotice'),
    outline,
    polls: pollViews,
    ideas: {
      sorts: IDEA_SORTS.map((s) => ({ value: s, label: t(`cg.sort.${s}`), current: s === list.sort, href: `${href}?sort=${s}#ideas` })),
      items: page.items.map((i) => ideaCard(i, state, voted.has(i.id))),
      nextHref: page.nextCursor ? `${href}?sort=${list.sort}&cursor=${encodeURIComponent(page.nextCursor)}#ideas` : null,
    },
    ideaForm: { action: `${href}/ideas`, similarUrl: `${state.base}/similar?consultation=${consultation.id}`, values: form?.values ?? {}, problems: form?.problems ?? [], errors: errorsOf(form?.problems ?? []) },
    credited: await creditedCoDesigners(deps, state, consultation.id),
  };
}

export function datesLabel(consultation: Pick<Consultation, 'opensOn' | 'closesOn'>, state: PanelState): string {
  const { opensOn, closesOn } = consultation;
  const day = (value: string) => formatDay(value, state.context.locale);
  if (opensOn && closesOn) return state.t('cg.dates.between', { from: day(opensOn), to: day(closesOn) });
  if (closesOn) return state.t('cg.dates.until', { to: day(closesOn) });
  if (opensOn) return state.t('cg.dates.from', { from: day(opensOn) });
  return '';
}
