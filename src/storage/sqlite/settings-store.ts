import type { ContextKey } from '../../context/tenant';
import type { SettingsStore } from '../ports/course-settings';
import { settingsFromJson, settingsToJson } from '../shared/settings-record';
import type { SqliteDatabase } from './database';

const COURSE_MATCH = 'issuer = @issuer AND client_id = @clientId AND deployment_id = @deploymentId AND context_id = @contextId';

export function courseParams(course: ContextKey) {
  return { issuer: course.issuer, clientId: course.clientId, deploymentId: course.deploymentId, contextId: course.contextId };
}

export function createSqliteSettingsStore(db: SqliteDatabase): SettingsStore {
  const select = db.prepare(`SELECT settings FROM course_settings WHERE ${COURSE_MATCH}`);
  // A whole-document upsert: saving replaces every field, so one removed by the domain does not linger.
  const upsert = db.prepare(`
    INSERT INTO course_settings (issuer, client_id, deployment_id, context_id, settings)
    VALUES (@issuer, @clientId, @deploymentId, @contextId, @settings)
    ON CONFLICT (issuer, client_id, deployment_id, context_id) DO UPDATE SET settings = excluded.settings
  `);
  return {
    async getSettings(course) {
      const row = select.get(courseParams(course)) as { settings: string } | undefined;
      return row ? settingsFromJson(row.settings) : null;
    },
    async saveSettings(course, settings) {
      upsert.run({ ...courseParams(course), settings: settingsToJson(settings) });
    },
  };
}
