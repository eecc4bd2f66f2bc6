import type { ContextKey } from '../../context/tenant';
import type { SettingsStore } from '../ports/course-settings';
import { settingsFromJson, settingsToJson } from '../shared/settings-record';
import type { BumpGeneration } from './generation-store';
import type { AuditEntry, AuditInput } from '../ports/audit';
import { checkAuditCourse } from '../shared/audit-record';

/** Map key from the full course identity; a JSON array cannot collide the way a joined string could. */
export const courseMapKey = (k: ContextKey): string => JSON.stringify([k.issuer, k.clientId, k.deploymentId, k.contextId]);

/** `appendAudit` writes the change's audit entry; it runs before the change, so a refused entry leaves nothing. */
export function memorySettingsStore(assertOpen: () => void, bump: BumpGeneration, appendAudit: (entry: AuditInput) => AuditEntry): SettingsStore {
  // Kept as the same JSON the SQLite adapter stores, so both drop and revive exactly the same fields.
  const settings = new Map<string, string>();
  return {
    async getSettings(course) {
      assertOpen();
      const found = settings.get(courseMapKey(course));
      return found === undefined ? null : settingsFromJson(found);
    },
    async saveSettings(course, value, audit) {
      assertOpen();
      checkAuditCourse(course, audit);
      const json = settingsToJson(value);
      appendAudit(audit);
      settings.set(courseMapKey(course), json);
      bump(course);
    },
  };
}
