import type { ContextKey } from '../../context/tenant';
import type { SettingsStore } from '../ports/course-settings';
import { settingsFromJson, settingsToJson } from '../shared/settings-record';
import type { BumpGeneration } from './generation-store';

/** Map key from the full course identity; a JSON array cannot collide the way a joined string could. */
export const courseMapKey = (k: ContextKey): string => JSON.stringify([k.issuer, k.clientId, k.deploymentId, k.contextId]);

export function memorySettingsStore(assertOpen: () => void, bump: BumpGeneration): SettingsStore {
  // Kept as the same JSON the SQLite adapter stores, so both drop and revive exactly the same fields.
  const settings = new Map<string, string>();
  return {
    async getSettings(course) {
      assertOpen();
      const found = settings.get(courseMapKey(course));
      return found === undefined ? null : settingsFromJson(found);
    },
    async saveSettings(course, value) {
      assertOpen();
      settings.set(courseMapKey(course), settingsToJson(value));
      bump(course);
    },
  };
}
