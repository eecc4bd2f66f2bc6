import type { metricsEn } from './metrics.en';

/** Textes français du point d’accès /metrics (lu par un collecteur, vu par l’admin qui le configure). */
export const metricsFr: Record<keyof typeof metricsEn, string> = {
  'error.METRICS_UNAUTHORIZED.title': 'Jeton de métriques requis',
  'error.METRICS_UNAUTHORIZED.message': 'Cette adresse fournit les métriques de l’outil au système de supervision qui envoie le bon jeton.',
  'error.METRICS_UNAUTHORIZED.hint': 'Envoyez la valeur de METRICS_TOKEN dans l’en-tête Authorization, sous la forme Bearer suivi du jeton (dans Prometheus, authorization.credentials dans la configuration de collecte).',
};
