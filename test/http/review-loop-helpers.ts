/** Shared steps of the closing-the-loop integration tests. */
import { openSession, reviewIds, type PanelSession } from '../support/review-session';
import type { Harness } from '../support/tool-harness';

export const openSettings = (overrides: Record<string, string | string[]> = {}) => ({
  reviewsEnabled: 'on',
  consumerGroupEnabled: 'on',
  textVisibility: 'everyone',
  moderation: 'immediate',
  authorDisplay: 'full',
  minRatings: '0',
  windowMode: 'any',
  ...overrides,
});

export async function instructor(h: Harness, overrides: Record<string, string | string[]> = {}): Promise<PanelSession> {
  const teacher = await openSession(h, 'instructor');
  const res = await teacher.post('/settings', openSettings(overrides));
  if (res.status !== 303) throw new Error(`settings refused: ${res.status} ${res.text.slice(0, 300)}`);
  return teacher;
}

/** A learner posts a review; returns the session and the review's id (read from their own card). */
export async function learnerReview(h: Harness, fields: Record<string, string>, who: Parameters<typeof openSession>[1] = {}): Promise<{ learner: PanelSession; id: string }> {
  const learner = await openSession(h, who);
  const res = await learner.post('/reviews', fields);
  if (res.status !== 303) throw new Error(`review refused: ${res.status} ${res.text.slice(0, 300)}`);
  const page = await learner.get('/reviews');
  // The learner's own review is the card after others' reviews.
  return { learner, id: reviewIds(page.text.slice(page.text.indexOf('id="your-review"')))[0] };
}

/** The text of a page with tags removed and whitespace folded, for reading figures. */
export function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}
