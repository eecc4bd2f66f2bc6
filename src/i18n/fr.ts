/** French catalogue, merged from messages/*.fr.ts (same keys as en.ts). */
import type { MessageKey } from './en';
import { badgeFr } from './messages/badge.fr';
import { catalogueSourcesFr } from './messages/catalogue-sources.fr';
import { consumerGroupFr } from './messages/consumer-group.fr';
import { coreFr } from './messages/core.fr';
import { reviewsFr } from './messages/reviews.fr';
import { responsesFr } from './messages/responses.fr';
import { catalogueFr } from './messages/catalogue.fr';
import { retentionFr } from './messages/retention.fr';
import { metricsFr } from './messages/metrics.fr';
import { platformAdminFr } from './messages/platform-admin.fr';
import { dataProtectionFr } from './messages/data-protection.fr';
import { apiFr } from './messages/api.fr';
import { contributionsStoreFr } from './messages/contributions-store.fr';
import { chartsFr } from './messages/charts.fr';
import { listeningCourseFr } from './messages/listening-course.fr';
import { listeningManagersFr } from './messages/listening-managers.fr';
import { mentionsFr } from './messages/mentions.fr';
import { listeningFr } from './messages/listening.fr';
import { alertsFr } from './messages/alerts.fr';
import { contributionsFr } from './messages/contributions.fr';

export const fr: Record<MessageKey, string> = { ...coreFr, ...reviewsFr, ...responsesFr, ...consumerGroupFr, ...catalogueFr, ...badgeFr, ...catalogueSourcesFr, ...retentionFr, ...metricsFr, ...platformAdminFr, ...dataProtectionFr, ...chartsFr, ...apiFr, ...listeningCourseFr, ...listeningManagersFr, ...mentionsFr, ...listeningFr, ...alertsFr, ...contributionsStoreFr, ...contributionsFr };

