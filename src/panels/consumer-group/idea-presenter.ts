/** Plain view models of ideas and comment threads, for the templates. */
import { formatDate } from '../../i18n/format';
import type { Translate } from '../../i18n/translate';
import type { Comment, Idea } from '../../storage/ports/consultations';
import type { PanelState } from './panel-state';
import { knownName } from '../../context/person-name';
import { personLabel } from '../person-label';

export interface IdeaCard {
  readonly id: string;
  readonly href: string;
  readonly title: string;
  readonly description: string;
  readonly situation: string;
  readonly status: Idea['status'];
  readonly statusLabel: string;
  readonly declineReason?: string;
  readonly votes: number;
  readonly votesLabel: string;
  readonly commentsLabel: string;
  readonly votedByMe: boolean;
  readonly voteAction: string;
  readonly hidden: boolean;
  readonly hiddenReason?: string;
  /** Instructors see who proposed it; learners see "you" on their own ideas only. */
  readonly byline?: string;
}

export function countLabel(t: Translate, key: 'votes' | 'comments' | 'supporters', n: number): string {
  return t(n === 1 ? `cg.count.${key}.one` : `cg.count.${key}.many`, { count: n });
}

export function ideaCard(idea: Idea, state: PanelState, votedByMe: boolean): IdeaCard {
  const { t } = state;
  const mine = idea.author.id === state.me.id;
  return {
    id: idea.id,
    href: `${state.base}/ideas/${idea.id}`,
    title: idea.title,
    description: idea.description,
    situation: idea.situation,
    status: idea.status,
    statusLabel: t(`cg.status.${idea.status}`),
    ...(idea.declineReason ? { declineReason: idea.declineReason } : {}),
    votes: idea.voteCount,
    votesLabel: countLabel(t, idea.kind === 'need' ? 'supporters' : 'votes', idea.voteCount),
    commentsLabel: countLabel(t, 'comments', idea.commentCount),
    votedByMe,
    voteAction: `${state.base}/ideas/${idea.id}/vote`,
    hidden: idea.hidden,
    ...(idea.hiddenReason && state.staff ? { hiddenReason: idea.hiddenReason } : {}),
    ...(state.staff ? { byline: t('cg.idea.proposedBy', { name: personLabel(idea.author, t) }) } : mine ? { byline: t('cg.idea.proposedByYou') } : {}),
  };
}

export interface CommentView {
  readonly id: string;
  readonly author: string;
  readonly staffAuthor: boolean;
  readonly body: string;
  readonly when: string;
  readonly hidden: boolean;
  readonly hiddenReason?: string;
  readonly visibilityAction: string;
  readonly replies: CommentView[];
}

/** Learners see other learners as "A learner" (names only with consent, on adopted ideas); staff see names. */
function authorLabel(comment: Comment, state: PanelState): string {
  if (comment.author.id === state.me.id) return state.t('cg.comment.you');
  if (state.staff || comment.author.role === 'instructor') {
    const name = personLabel(comment.author, state.t);
    return comment.author.role === 'instructor' && knownName(comment.author) ? state.t('cg.comment.staff', { name }) : name;
  }
  return state.t('cg.comment.learner');
}

/** Top-level comments with their replies; hidden ones are left out for learners (a hidden parent hides its thread). */
export function commentThreads(comments: readonly Comment[], state: PanelState): CommentView[] {
  const view = (c: Comment, replies: CommentView[]): CommentView => ({
    id: c.id,
    author: authorLabel(c, state),
    staffAuthor: c.author.role === 'instructor',
    body: c.body,
    when: formatDate(c.createdAt, state.context.locale),
    hidden: c.hidden,
    ...(state.staff && c.hiddenReason ? { hiddenReason: c.hiddenReason } : {}),
    visibilityAction: `${state.base}/comments/${c.id}/visibility`,
    replies,
  });
  const visible = comments.filter((c) => state.staff || !c.hidden);
  return visible.filter((c) => c.parentId === null).map((top) => view(top, visible.filter((r) => r.parentId === top.id).map((r) => view(r, []))));
}
