/** English texts of the /metrics endpoint (read by a scraper, seen by an admin setting one up). */
export const metricsEn = {
  'error.METRICS_UNAUTHORIZED.title': 'Metrics token required',
  'error.METRICS_UNAUTHORIZED.message': 'This address serves the tool’s metrics to a monitoring system that sends the right token.',
  'error.METRICS_UNAUTHORIZED.hint': 'Send the value of METRICS_TOKEN in the Authorization header, as Bearer followed by the token (in Prometheus, authorization.credentials in the scrape configuration).',
} as const;
