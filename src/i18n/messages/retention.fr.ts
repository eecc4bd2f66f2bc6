import type { retentionEn } from './retention.en';

/** Textes français de la conservation des données : comment le journal de modération montre une purge des textes d’avis. */
export const retentionFr: Record<keyof typeof retentionEn, string> = {
  'moderation.action.review.texts-purged': 'a supprimé les textes d’avis restés trop longtemps hors de vue',
  'audit.reason.retention.reviewTexts':
    '{count, plural, one {# avis en attente de modération ou masqué, inchangé} other {# avis en attente de modération ou masqués, inchangés}} au-delà de la durée de conservation\u202f: textes supprimés, notes conservées',
};
