/**
 * Who may read /metrics, from METRICS_TOKEN, METRICS_PORT and METRICS_HOST (documented in
 * .env.example and the README's "Metrics" section). The figures name no one, but they describe the
 * tool's traffic and errors: they are never public by default.
 * - METRICS_PORT: /metrics is served on its own listener (an admin port, on METRICS_HOST, loopback
 *   by default) and not on the main port;
 * - METRICS_TOKEN alone: /metrics is served on the main port to whoever sends it as a Bearer token;
 * - both: the admin port asks for the token too;
 * - neither: there is no /metrics (404).
 */
import net from 'node:net';

export interface MetricsConfig {
  /** The Bearer token a scraper sends (Authorization: Bearer …). */
  readonly token?: string;
  /** The admin listener's port; when set, the main port has no /metrics. */
  readonly port?: number;
  /** The admin listener's address. */
  readonly host: string;
}

/** Whether /metrics is served anywhere, and where. */
export function metricsPlace(config: MetricsConfig): 'admin-port' | 'main-port' | 'nowhere' {
  if (config.port !== undefined) return 'admin-port';
  return config.token ? 'main-port' : 'nowhere';
}

const TOKEN = /^[A-Za-z0-9._~+/=-]{32,512}$/;
const DEFAULT_HOST = '127.0.0.1';

type Env = Readonly<Record<string, string | undefined>>;

export function readMetricsConfig(env: Env, mainPort: number, problems: string[]): MetricsConfig {
  const token = env.METRICS_TOKEN?.trim() || undefined;
  // The characters of an HTTP Bearer token (RFC 6750 §2.1), and long enough not to be guessed.
  if (token && !TOKEN.test(token)) problems.push('METRICS_TOKEN must be at least 32 characters of letters, digits and . _ ~ + / = - (for example: openssl rand -hex 32).');

  let port: number | undefined;
  const rawPort = env.METRICS_PORT?.trim();
  if (rawPort) {
    const n = Number(rawPort);
    if (!Number.isInteger(n) || n < 1 || n > 65535) problems.push(`METRICS_PORT must be a whole number between 1 and 65535 (got "${env.METRICS_PORT}").`);
    else if (n === mainPort) problems.push(`METRICS_PORT must differ from PORT (${mainPort}): the metrics listener is a separate, private port.`);
    else port = n;
  }

  const host = env.METRICS_HOST?.trim() || DEFAULT_HOST;
  if (!net.isIP(host) && host !== 'localhost') problems.push(`METRICS_HOST must be an IP address (127.0.0.1 by default; 0.0.0.0 for every interface) or localhost (got "${env.METRICS_HOST}").`);
  if (env.METRICS_HOST?.trim() && !rawPort) problems.push('METRICS_HOST is set without METRICS_PORT: set the port of the metrics listener too, or remove METRICS_HOST.');

  return { token, port, host };
}
