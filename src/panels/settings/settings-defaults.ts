import type { ContextKey } from '../../context/tenant';
import type { CourseSettings, SettingsStore } from '../../storage/ports/course-settings';

/** What a course gets before an instructor changes anything. */
export const DEFAULT_SETTINGS: CourseSettings = Object.freeze<CourseSettings>({
  reviewsEnabled: true,
  consumerGroupEnabled: true,
  contributionsEnabled: false,
  contributionsModeration: 'immediate',
  textVisibility: 'everyone',
  moderation: 'immediate',
  authorDisplay: 'first-initial',
  minRatings: 3,
  aspects: [],
  reviewWindow: { mode: 'any' },
  feedbackCredit: false,
  catalogue: { listed: true, description: '', courseUrl: '', badge: true },
});

/** The course's settings with defaults filled in for anything never configured. */
export async function courseSettings(store: SettingsStore, course: ContextKey): Promise<CourseSettings> {
  const saved = await store.getSettings(course);
  return saved ? { ...DEFAULT_SETTINGS, ...saved, catalogue: { ...DEFAULT_SETTINGS.catalogue!, ...saved.catalogue } } : DEFAULT_SETTINGS;
}
