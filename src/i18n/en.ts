/**
 * English catalogue: one file per part of the tool under messages/, merged here. fr.ts has the same
 * keys; test/unit/i18n.test.ts fails when one is missing in either language.
 */
import { badgeEn } from './messages/badge.en';
import { catalogueSourcesEn } from './messages/catalogue-sources.en';
import { consumerGroupEn } from './messages/consumer-group.en';
import { coreEn } from './messages/core.en';
import { reviewsEn } from './messages/reviews.en';
import { responsesEn } from './messages/responses.en';
import { catalogueEn } from './messages/catalogue.en';
import { retentionEn } from './messages/retention.en';
import { metricsEn } from './messages/metrics.en';
import { platformAdminEn } from './messages/platform-admin.en';
import { dataProtectionEn } from './messages/data-protection.en';
import { apiEn } from './messages/api.en';
import { chartsEn } from './messages/charts.en';
import { listeningCourseEn } from './messages/listening-course.en';
import { listeningManagersEn } from './messages/listening-managers.en';
import { mentionsEn } from './messages/mentions.en';
import { listeningEn } from './messages/listening.en';
import { alertsEn } from './messages/alerts.en';
import { contributionsStoreEn } from './messages/contributions-store.en';
import { contributionsEn } from './messages/contributions.en';

export const en = { ...coreEn, ...reviewsEn, ...responsesEn, ...consumerGroupEn, ...catalogueEn, ...badgeEn, ...catalogueSourcesEn, ...retentionEn, ...metricsEn, ...platformAdminEn, ...dataProtectionEn, ...chartsEn, ...apiEn, ...listeningCourseEn, ...listeningManagersEn, ...mentionsEn, ...listeningEn, ...alertsEn, ...contributionsStoreEn, ...contributionsEn } as const;

export type MessageKey = keyof typeof en;
