import type { SettingsStore } from '../ports/course-settings';
import { settingsFromJson, settingsToJson } from '../shared/settings-record';
import { SettingsModel, type SettingsDoc } from './course-models';
import { bumpGeneration } from './generation-store';
import { courseFilter } from './keys';
import { inTransaction } from './transaction';
import { appendAuditDoc } from './audit-store';
import { checkAuditCourse } from '../shared/audit-record';

export function createSettingsStore(): SettingsStore {
  return {
    async getSettings(course) {
      const doc = await SettingsModel.findOne(courseFilter(course)).lean<SettingsDoc>().exec();
      return doc ? settingsFromJson(doc.settings) : null;
    },
    async saveSettings(course, settings, audit) {
      checkAuditCourse(course, audit);
      const filter = courseFilter(course);
      // The whole document is replaced, so a field the domain dropped does not linger.
      const update = { $set: { settings: settingsToJson(settings) } };
      // The upsert, its audit entry and the course's generation bump commit together. A duplicate key,
      // from a racing first upsert of either document, aborts the transaction: inTransaction runs the
      // whole unit once more, which then takes the update path.
      await inTransaction(async (session) => {
        await SettingsModel.updateOne(filter, update, { upsert: true, session }).exec();
        await appendAuditDoc(audit, session);
        await bumpGeneration(course, session);
      }, course);
    },
  };
}
