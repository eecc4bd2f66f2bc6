/**
 * The Listening overview's figures for every course of one deployment (issue 15, "Across courses"):
 * read in a fixed number of grouped queries whatever the number of courses (one per source of
 * figures, never one per course), so the page costs the same for 10 courses or 1,000.
 *
 * Response figures (share answered, median time to first response) cover the published reviews
 * posted from the window's first calendar month on (the overview asks for the last 12 months
 * including the current one): a figure that says how the course answers now. They are kept per
 * course and month by every review write (shared/listening-months.ts), so the read is a year of
 * monthly rows, not the reviews. The median comes from a histogram of delays with buckets 1.2 times
 * wider each (shared/response-delays.ts): it is within 1 minute + 20 % of the exact median.
 */
import type { ContextKey, DeploymentKey } from '../../context/tenant';
import type { BuyIn } from './catalogue';

export interface ListeningWindow {
  /** The window's first calendar month (UTC) as YYYYMM: reviews posted from its first day on count in the response figures. */
  readonly fromMonth: number;
  /** Today as YYYY-MM-DD (UTC): an action due before it and not done is overdue. */
  readonly today: string;
}

export interface CourseListeningFigures {
  readonly course: ContextKey;
  /** The LMS's title and label from the catalogue (absent for a course it has not recorded). */
  readonly title?: string;
  readonly label?: string;
  /** The course's own minimum number of ratings, when an instructor saved settings (else the default applies). */
  readonly minRatings?: number;
  /** Reviews in the needs-attention list now (open reports, unanswered 1–2 stars). */
  readonly needsAttention: number;
  /** Published reviews posted in the window, and how many of them have an official response. */
  readonly reviews: number;
  readonly answered: number;
  /** Median time from posting to the first response over the answered ones (ms), within 1 min + 20 %; null when none. */
  readonly medianResponseMs: number | null;
  /** Corrective actions not done, and of those the ones whose due date has passed. */
  readonly actionsOpen: number;
  readonly actionsOverdue: number;
  readonly buyIn: BuyIn;
  /** Distinct learners who proposed, voted, commented or answered a poll in any of the course's consultations. */
  readonly participants: number;
  /** Members who launched the course as a learner at least once. */
  readonly learners: number;
}

export interface ListeningStore {
  /**
   * Every course of the deployment that any of the figures (or the catalogue) knows, by context id;
   * with `courses`, only those of them (the same figures, read for just the courses that changed).
   */
  deploymentFigures(deployment: DeploymentKey, window: ListeningWindow, courses?: readonly string[]): Promise<CourseListeningFigures[]>;
}
