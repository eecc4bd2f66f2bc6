import type { Storage } from '../port';
import { createAuditStore } from './audit-store';
import { connectDefault, disconnectDefault, pingDefault, type MongoConnectionOptions } from './connection';
import { openMongoConsultationStore } from './consultations';
import { createCourseIndexes } from './course-models';
import { expiredFilter } from './keys';
import { createMemberStore } from './member-store';
import { createAllIndexes, NonceModel, SessionModel } from './models';
import { createNonceStore } from './nonce-store';
import { createOidcLoginStore, OidcLoginModel } from './oidc-login-store';
import { createPlatformStore } from './platform-store';
import { createReviewStore } from './review-store';
import { createSessionStore } from './session-store';
import { createSettingsStore } from './settings-store';
import { createActionStore, createInviteStore, createResponseStore, createVersionStore } from './loop-stores';
import { createGradeOutbox } from './grade-outbox-store';
import { createLoopIndexes } from './loop-models';
import { createGenerationIndexes } from './generation-models';
import { createGenerationStore } from './generation-store';
import { createCatalogueIndexes } from './catalogue-models';
import { createCatalogueStore } from './catalogue-store';
import { createExternalSourceIndexes } from './external-source-models';
import { createExternalSourceStore } from './external-source-store';
import { createMentionIndexes } from './mention-models';
import { createMentionStore } from './mention-store';
import { createLtiRecordIndexes, createMongoLtijsPlugin, LtiRecordModel } from './ltijs-records';
import { importLegacyLtijsRecords } from './ltijs-legacy';
import { requireTransactions } from './transaction';
import { createRatingDayIndexes } from './rating-days-models';
import { createListeningMonthIndexes } from './listening-months-models';
import { fillListeningMonths } from './listening-months-store';
import { createRatingDaysStore, fillRatingDays } from './rating-days-store';
import { createListeningStore } from './listening-store';
import { createRateLimitIndexes, RateLimitModel } from './rate-limit-models';
import { createRateLimitStore, endedWindowsFilter } from './rate-limit-store';
import { createRetentionStore } from './retention-store';
import { createPersonIndexes } from './user-data-indexes';
import { createUserDataStore } from './user-data-store';
import { createApiTokenIndexes } from './api-token-models';
import { createApiTokenStore } from './api-token-store';
import { createManagerIndexes } from './manager-models';
import { createManagerStore } from './manager-store';
import { createAlertIndexes } from './alert-models';
import { createAlertStore } from './alert-store';
import { createContributionIndexes } from './contribution-models';
import { createMongoContributionStore } from './contribution-store';
import { createGridFsContributionFileStore } from './contribution-file-store';

export type MongoStorageOptions = MongoConnectionOptions;

export async function openMongoStorage(options: MongoStorageOptions): Promise<Storage> {
  const { opened } = await connectDefault(options);
  try {
    await requireTransactions();
    await Promise.all([
      createAllIndexes(),
      OidcLoginModel.createIndexes(),
      createCourseIndexes(),
      createLoopIndexes(),
      createGenerationIndexes(),
      createCatalogueIndexes(),
      createExternalSourceIndexes(),
      createMentionIndexes(),
      createLtiRecordIndexes(),
      createRatingDayIndexes(),
      createListeningMonthIndexes(),
      createRateLimitIndexes(),
      createApiTokenIndexes(),
      createManagerIndexes(),
      createAlertIndexes(),
      createContributionIndexes(),
    ]);
    // After the collections' own indexes (which create the collections): the person indexes of data-protection requests.
    await createPersonIndexes();
    await importLegacyLtijsRecords();
    await fillRatingDays();
    await fillListeningMonths();
  } catch (err) {
    // Without transactions or its unique indexes the store is not safe to use; do not leave a half-open pool behind.
    if (opened) await disconnectDefault().catch(() => undefined);
    throw err;
  }

  // ltijs gets a plugin, never a URL: it then never connects, listens to or closes this connection.
  const plugin = createMongoLtijsPlugin();
  return {
    kind: 'mongo',
    platforms: createPlatformStore(),
    sessions: createSessionStore(),
    nonces: createNonceStore(),
    oidcLogins: createOidcLoginStore(),
    members: createMemberStore(),
    consultations: await openMongoConsultationStore(),
    settings: createSettingsStore(),
    audit: createAuditStore(),
    reviews: createReviewStore(),
    responses: createResponseStore(),
    courseVersions: createVersionStore(),
    actions: createActionStore(),
    gradeOutbox: createGradeOutbox(),
    reviewInvites: createInviteStore(),
    generations: createGenerationStore(),
    catalogue: createCatalogueStore(),
    externalSources: createExternalSourceStore(),
    ratingDays: createRatingDaysStore(),
    mentions: createMentionStore(),
    listening: createListeningStore(),
    rateLimits: createRateLimitStore(),
    retention: createRetentionStore(),
    userData: createUserDataStore(),
    apiTokens: createApiTokenStore(),
    managers: createManagerStore(),
    alerts: createAlertStore(),
    contributions: createMongoContributionStore(),
    contributionFiles: createGridFsContributionFileStore(),
    ltiDatabase: () => ({ plugin }),
    async purgeExpired(now) {
      await Promise.all([
        SessionModel.deleteMany(expiredFilter(now)).exec(),
        NonceModel.deleteMany(expiredFilter(now)).exec(),
        OidcLoginModel.deleteMany(expiredFilter(now)).exec(),
        LtiRecordModel.deleteMany(expiredFilter(now)).exec(),
        RateLimitModel.deleteMany(endedWindowsFilter(now)).exec(),
      ]);
    },
    ping: pingDefault,
    close: disconnectDefault,
  };
}
