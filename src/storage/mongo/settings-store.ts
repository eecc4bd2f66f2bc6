import type { SettingsStore } from '../ports/course-settings';
import { settingsFromJson, settingsToJson } from '../shared/settings-record';
import { SettingsModel, type SettingsDoc } from './course-models';
import { retryOnceOnDuplicateKey } from './errors';
import { bumpGeneration } from './generation-store';
import { courseFilter } from './keys';
import { inTransaction } from './transaction';

export function createSettingsStore(): SettingsStore {
  return {
    async getSettings(course) {
      const doc = await SettingsModel.findOne(courseFilter(course)).lean<SettingsDoc>().exec();
      return doc ? settingsFromJson(doc.settings) : null;
    },
    async saveSettings(course, settings) {
      const filter = courseFilter(course);
      // The whole document is replaced, so a field the domain dropped does not linger.
      const update = { $set: { settings: settingsToJson(settings) } };
      // The upsert and the course's generation bump commit together (on a standalone server they run
      // one after the other, the write first). A duplicate key, from a racing first upsert of either
      // document, aborts the transaction: the whole unit runs once more and then takes the update path.
      await retryOnceOnDuplicateKey(() =>
        inTransaction(async (session) => {
          await SettingsModel.updateOne(filter, update, { upsert: true, session }).exec();
          await bumpGeneration(course, session);
        }),
      );
    },
  };
}
