import type { AlertWorkerSettings } from '../../src/listening/alerts/alert-worker';

/** An alert worker for tests: loopback receivers allowed, short back-off, passes driven by the test. */
export const TEST_ALERT_WORKER_SETTINGS: AlertWorkerSettings = {
  tickMs: 60_000,
  evaluateMs: 60_000,
  batch: 10,
  leaseMs: 30_000,
  webhook: { timeoutMs: 3_000, policy: { allowHttp: true, allowPrivateAddresses: true } },
  retryFirstMs: 5_000,
  retryMaxMs: 60_000,
  maxAttempts: 5,
};
