import type { ContextKey } from '../../context/tenant';
import type { SettingsStore } from '../ports/course-settings';
import { settingsFromJson, settingsToJson } from '../shared/settings-record';
import type { SqliteDatabase } from './database';
import type { AuditEntry, AuditInput } from '../ports/audit';
import { checkAuditCourse } from '../shared/audit-record';

const COURSE_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId';

export function courseParams(course: ContextKey) {
  return { issuer: course.issuer, clientId: course.clientId, deploymentId: course.deploymentId, contextId: course.contextId };
}

/** `appendAudit` is the audit table's synchronous append (audit-store.ts), run inside the save's transaction. */
export function createSqliteSettingsStore(db: SqliteDatabase, appendAudit: (entry: AuditInput) => AuditEntry): SettingsStore {
  const select = db.prepare(`SELECT settings FROM course_settings WHERE ${COURSE_MATCH}`);
  // A whole-document upsert: saving replaces every field, so one removed by the domain does not linger.
  const upsert = db.prepare(`
    INSERT INTO course_settings (issuer, client_id, deployment_id, context_id, settings)
    VALUES (@issuer, @clientId, @deploymentId, @contextId, @settings)
    ON CONFLICT (issuer, client_id, deployment_id, context_id) DO UPDATE SET settings = excluded.settings
  `);
  // The settings and their audit entry commit together; a refused entry rolls the settings back.
  const save = db.transaction((course: ContextKey, settings: string, audit: AuditInput) => {
    upsert.run({ ...courseParams(course), settings });
    appendAudit(audit);
  });
  return {
    async getSettings(course) {
      const row = select.get(courseParams(course)) as { settings: string } | undefined;
      return row ? settingsFromJson(row.settings) : null;
    },
    async saveSettings(course, settings, audit) {
      checkAuditCourse(course, audit);
      save.immediate(course, settingsToJson(settings), audit);
    },
  };
}
