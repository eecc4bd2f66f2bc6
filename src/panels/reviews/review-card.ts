import type { Locale } from '../../context/launch-context';
import { translator } from '../../i18n/translate';
import type { CourseSettings } from '../../storage/ports/course-settings';
import type { Review } from '../../storage/ports/reviews';
import { authorLabel } from './review-rules';
import type { CardLoop } from './loop/loop-presenter';

/** One review as a template shows it: plain strings and flags only. */
export interface ReviewCard {
  readonly id: string;
  readonly rating: number;
  readonly ratingLabel: string;
  readonly aspects: ReadonlyArray<{ label: string; rating: number; ratingLabel: string }>;
  readonly title: string;
  readonly liked: string;
  readonly improve: string;
  readonly date: string;
  readonly isoDate: string;
  readonly edited?: string;
  readonly author: string;
  readonly verified: boolean;
  readonly helpfulCount: number;
  readonly votedHelpful: boolean;
  readonly canVote: boolean;
  readonly reported: boolean;
  readonly isOwn: boolean;
  /** For staff and for the author: published, held (with reasons) or hidden (with the reason). */
  readonly statusNote?: string;
  readonly status: Review['status'];
  /** The course's response and the actions linked to the review (see loop/loop-presenter.ts). */
  readonly loop?: CardLoop;
  /** Instructors only: the response form's starting text, and whether a response exists. */
  readonly respond?: { readonly text: string; readonly exists: boolean; readonly suggested: boolean; readonly open?: boolean; readonly error?: string };
  /** Instructors, needs-attention list: why the review is listed. */
  readonly attentionReasons?: readonly string[];
}

import { formatDate } from '../../i18n/format';

export function presentReviewCard(
  review: Review,
  viewer: { id: string; staff: boolean; locale: Locale },
  settings: CourseSettings,
  marks: { helpful: Set<string>; reported: Set<string> },
): ReviewCard {
  const t = translator(viewer.locale);
  const isOwn = review.author.id === viewer.id;
  const showStatus = viewer.staff || isOwn;
  return {
    id: review.id,
    rating: review.rating,
    ratingLabel: t('reviews.stars.label', { n: review.rating }),
    aspects: settings.aspects
      .filter((a) => review.aspects[a])
      .map((a) => ({ label: t(`reviews.aspect.${a}`), rating: review.aspects[a]!, ratingLabel: t('reviews.stars.label', { n: review.aspects[a]! }) })),
    title: review.title,
    liked: review.liked,
    improve: review.improve,
    date: formatDate(review.createdAt, viewer.locale),
    isoDate: review.createdAt.toISOString(),
    edited: review.editedAt ? t('reviews.card.edited', { date: formatDate(review.editedAt, viewer.locale) }) : undefined,
    author: isOwn ? t('reviews.card.you') : authorLabel(review, settings, viewer.staff, (n) => t('reviews.pseudonym', { n })),
    verified: review.verified,
    helpfulCount: review.helpfulCount,
    votedHelpful: marks.helpful.has(review.id),
    canVote: !isOwn && !viewer.staff && review.status === 'published',
    reported: marks.reported.has(review.id),
    isOwn,
    status: review.status,
    statusNote: showStatus ? statusNote(review, t) : undefined,
  };
}

function statusNote(review: Review, t: ReturnType<typeof translator>): string | undefined {
  if (review.status === 'held')
    return t('reviews.status.held', { reasons: review.holdReasons.map((r) => t(`reviews.hold.${r}`)).join(' ') });
  if (review.status === 'hidden') return t(review.awaitingDecision ? 'reviews.status.hiddenEdited' : 'reviews.status.hidden', { reason: review.hiddenReason ?? '' });
  return undefined;
}
