import type { SettingsStore } from '../ports/course-settings';
import { settingsFromJson, settingsToJson } from '../shared/settings-record';
import { SettingsModel, type SettingsDoc } from './course-models';
import { retryOnceOnDuplicateKey } from './errors';
import { bumpGeneration } from './generation-store';
import { courseFilter } from './keys';

export function createSettingsStore(): SettingsStore {
  return {
    async getSettings(course) {
      const doc = await SettingsModel.findOne(courseFilter(course)).lean<SettingsDoc>().exec();
      return doc ? settingsFromJson(doc.settings) : null;
    },
    async saveSettings(course, settings) {
      // The whole document is replaced, so a field the domain dropped does not linger.
      await retryOnceOnDuplicateKey(() =>
        SettingsModel.updateOne(courseFilter(course), { $set: { settings: settingsToJson(settings) } }, { upsert: true }).exec(),
      );
      // Not in a transaction (one upsert): the generation is bumped right after the write.
      await bumpGeneration(course);
    },
  };
}
