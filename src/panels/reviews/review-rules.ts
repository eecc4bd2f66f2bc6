/**
 * Domain rules of reviews, free of I/O: who may review and when, what a review may contain, who sees
 * what, and how authors appear.
 */
import type { CourseMember } from '../../storage/port';
import type { AspectId, CourseSettings } from '../../storage/ports/course-settings';
import type { Rating, Review, RatingStats } from '../../storage/ports/reviews';
import { knownName } from '../../context/person-name';

export const LIMITS = { title: 120, liked: 2000, improve: 2000 } as const;
const DAY_MS = 86_400_000;

export type WindowState = { open: true } | { open: false; reason: 'not-before-date'; date: string } | { open: false; reason: 'not-enough-days'; opensAt: Date };

/** When may this learner review? Reads the course's review window against their first launch as a learner. */
export function reviewWindowFor(settings: CourseSettings, member: CourseMember | null, now: Date): WindowState {
  const window = settings.reviewWindow;
  if (window.mode === 'after-date') {
    return now.getTime() >= Date.parse(`${window.date}T00:00:00Z`) ? { open: true } : { open: false, reason: 'not-before-date', date: window.date };
  }
  if (window.mode === 'after-days') {
    const first = member?.firstLearnerLaunchAt ?? now;
    const opensAt = new Date(first.getTime() + window.days * DAY_MS);
    return now >= opensAt ? { open: true } : { open: false, reason: 'not-enough-days', opensAt };
  }
  return { open: true };
}

export interface ReviewInput {
  rating: Rating;
  aspects: Partial<Record<AspectId, Rating>>;
  title: string;
  liked: string;
  improve: string;
}

export type InputProblem = { field: string; problem: 'rating-required' | 'aspect-invalid' | 'too-long'; limit?: number };

/** Parses a posted form into a review, listing every problem at once. Unknown aspects are refused. */
export function parseReviewInput(body: Record<string, unknown>, allowedAspects: readonly AspectId[]): { input?: ReviewInput; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const rating = asRating(body.rating);
  if (!rating) problems.push({ field: 'rating', problem: 'rating-required' });
  const aspects: Partial<Record<AspectId, Rating>> = {};
  for (const aspect of allowedAspects) {
    const raw = body[`aspect_${aspect}`];
    if (raw === undefined || raw === '') continue;
    const value = asRating(raw);
    if (!value) problems.push({ field: `aspect_${aspect}`, problem: 'aspect-invalid' });
    else aspects[aspect] = value;
  }
  const text = (name: keyof typeof LIMITS) => {
    const value = typeof body[name] === 'string' ? normaliseText(body[name] as string) : '';
    if (value.length > LIMITS[name]) problems.push({ field: name, problem: 'too-long', limit: LIMITS[name] });
    return value;
  };
  const title = text('title');
  const liked = text('liked');
  const improve = text('improve');
  if (problems.length || !rating) return { problems };
  return { input: { rating, aspects, title, liked, improve }, problems };
}

export function asRating(raw: unknown): Rating | undefined {
  const n = typeof raw === 'string' ? Number(raw) : raw;
  return n === 1 || n === 2 || n === 3 || n === 4 || n === 5 ? n : undefined;
}

/** Trims, unifies line ends, drops control characters (keeps newlines and tabs). */
export function normaliseText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .trim();
}

/** What a viewer of the panel may see, from the course settings and the minimum-count rule. */
export function visibilityFor(settings: CourseSettings, staff: boolean, publishedCount: number) {
  const belowMinimum = !staff && publishedCount < settings.minRatings;
  const texts = staff || (settings.textVisibility === 'everyone' && !belowMinimum);
  return { summary: !belowMinimum, texts, belowMinimum };
}

/**
 * How an author appears to other learners; staff always see full names (they moderate). An author
 * whose platform shared no name appears by the course's pseudonym to everyone, never by LMS id.
 */
export function authorLabel(review: Pick<Review, 'author' | 'authorNumber'>, settings: CourseSettings, staff: boolean, pseudonym: (n: number) => string): string {
  const name = knownName(review.author);
  if (!name || settings.authorDisplay === 'pseudonym' && !staff) return pseudonym(review.authorNumber);
  if (staff || settings.authorDisplay === 'full') return name;
  const given = review.author.givenName?.trim() || name.split(/\s+/)[0] || '';
  const family = review.author.familyName?.trim() || name.split(/\s+/).slice(1).join(' ');
  const initial = family ? ` ${Array.from(family)[0].toUpperCase()}.` : '';
  return given ? `${given}${initial}` : pseudonym(review.authorNumber);
}

export function average(stats: Pick<RatingStats, 'count' | 'sum'>): number | null {
  return stats.count ? Math.round((stats.sum / stats.count) * 10) / 10 : null;
}
