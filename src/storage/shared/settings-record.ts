/**
 * Course settings are stored as one JSON document per course: the domain owns their shape (and will
 * grow it, e.g. for consultations), so the adapters keep whatever it saves instead of a column per
 * field that would silently drop a new one. Only updatedAt needs help to round-trip (a Date).
 */
import type { CourseSettings } from '../ports/course-settings';

export function settingsToJson(settings: CourseSettings): string {
  const { updatedAt, ...rest } = settings;
  return JSON.stringify(updatedAt === undefined ? rest : { ...rest, updatedAt: updatedAt.getTime() });
}

export function settingsFromJson(text: string): CourseSettings {
  // Written only by settingsToJson from a CourseSettings, so the parsed value has that shape.
  const parsed = JSON.parse(text) as Omit<CourseSettings, 'updatedAt'> & { updatedAt?: number };
  const { updatedAt, ...rest } = parsed;
  return updatedAt === undefined ? rest : { ...rest, updatedAt: new Date(updatedAt) };
}
