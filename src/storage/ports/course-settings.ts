import type { ContextKey } from '../../context/tenant';
import type { AuditInput } from './audit';

/** Optional aspect ratings a course can switch on (each 1–5, besides the overall rating). */
export const ASPECTS = ['content', 'trainer', 'usefulness', 'workload', 'materials', 'organisation'] as const;
export type AspectId = (typeof ASPECTS)[number];

export type ReviewWindow =
  | { readonly mode: 'any' }
  | { readonly mode: 'after-date'; readonly date: string /* YYYY-MM-DD */ }
  | { readonly mode: 'after-days'; readonly days: number /* since the learner's first launch */ };

export interface CatalogueSettings {
  /** "List this course in the catalogue" (on by default). */
  readonly listed: boolean;
  /** The instructor's short description; '' shows the LMS's title and label instead. */
  readonly description: string;
  /** Where learners open or enrol in the course; '' uses the URL learned from launches. */
  readonly courseUrl: string;
  /** The public rating badge (on by default); off, its URL answers 404. */
  readonly badge: boolean;
}

/** Per-course configuration, set by instructors on the settings page. */
export interface CourseSettings {
  readonly reviewsEnabled: boolean;
  readonly consumerGroupEnabled: boolean;
  /** Learners as contributors (panels/contributions/); absent on courses saved before it existed: off. */
  readonly contributionsEnabled?: boolean;
  /** Publish contributions at once (automatic checks still hold some), or hold each for an instructor. Absent: at once. */
  readonly contributionsModeration?: 'immediate' | 'hold';
  /** Who may read review texts: everyone, course staff only, or nobody (ratings only). */
  readonly textVisibility: 'everyone' | 'staff' | 'nobody';
  /** Publish reviews at once, or hold each until an instructor approves it. */
  readonly moderation: 'immediate' | 'hold';
  /** How authors appear to other learners. */
  readonly authorDisplay: 'full' | 'first-initial' | 'pseudonym';
  /** Below this many ratings, learners see neither the summary nor the texts. */
  readonly minRatings: number;
  readonly aspects: readonly AspectId[];
  readonly reviewWindow: ReviewWindow;
  /** Full credit in a "Feedback given" gradebook column for posting a review (needs AGS). */
  readonly feedbackCredit?: boolean;
  /** How the course appears in the platform's catalogue and on its public badge (absent: defaults). */
  readonly catalogue?: CatalogueSettings;
  readonly updatedAt?: Date;
  readonly updatedBy?: string;
}

export interface SettingsStore {
  /** null when the course has never been configured (the domain then applies its defaults). */
  getSettings(course: ContextKey): Promise<CourseSettings | null>;
  /** Saves the settings and appends `audit` (who changed them) in one transaction: both or neither. */
  saveSettings(course: ContextKey, settings: CourseSettings, audit: AuditInput): Promise<void>;
}
