/**
 * The Listening overview's figures for every course of one deployment (issue 15, "Across courses"):
 * read in a fixed number of grouped queries whatever the number of courses (one per source of
 * figures, never one per course), so the page costs the same for 10 courses or 1,000.
 *
 * Response figures (share answered, median time to first response) cover the published reviews
 * posted since `window.since` (the overview asks for the last 12 months): a bounded index range
 * rather than the deployment's whole history, and a figure that says how the course answers now.
 */
import type { ContextKey, DeploymentKey } from '../../context/tenant';
import type { BuyIn } from './catalogue';

export interface ListeningWindow {
  /** Reviews posted at or after this moment count in the response figures. */
  readonly since: Date;
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
  /** Median time from posting to the first response over the answered ones (ms); null when none. */
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
  /** Every course of the deployment that any of the figures (or the catalogue) knows, by context id. */
  deploymentFigures(deployment: DeploymentKey, window: ListeningWindow): Promise<CourseListeningFigures[]>;
}
