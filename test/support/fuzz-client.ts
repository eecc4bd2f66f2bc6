/**
 * Sends fuzz requests over real HTTP, one at a time, and keeps the record the fuzz test asserts on
 * and prints: statuses by class, slow answers, crashes (an unhandled rejection or uncaught exception
 * while a request was in flight) and, per distinct failure, the smallest input that showed it.
 */
import http from 'node:http';

export interface FuzzRequest {
  /** The route as written in the code (e.g. POST /s/:sid/reviews/:id/report): failures are grouped by it. */
  readonly route: string;
  readonly method: string;
  /** Path and query, already encoded. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
  /** What else the request depended on (e.g. what the loopback platform answered), shown with a failure. */
  readonly note?: string;
}

export interface Outcome {
  /** HTTP status, or 0 when no answer came (timeout, reset, crash). */
  readonly status: number;
  readonly ms: number;
  /** The error code the page or JSON names (error catalogue), when there is one. */
  readonly code?: string;
  readonly crash?: string;
  readonly timedOut?: boolean;
}

export interface Failure {
  readonly key: string;
  readonly kind: '5xx' | 'crash' | 'slow' | 'no answer';
  readonly request: FuzzRequest;
  readonly outcome: Outcome;
  /** Log lines the server wrote for this request (the error behind a 500). */
  readonly log: string[];
  count: number;
  readonly routes: Set<string>;
}

export class FuzzClient {
  readonly byClass: Record<'2xx' | '3xx' | '4xx' | '5xx' | 'none', number> = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, none: 0 };
  readonly byRoute = new Map<string, number>();
  readonly failures = new Map<string, Failure>();
  readonly crashes: string[] = [];
  sent = 0;
  slowest = { ms: 0, route: '' };
  private readonly times: number[] = [];
  private inFlight: { fail: (reason: string) => void } | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly options: {
      /** An answer later than this is a failure (the request is aborted). */
      boundMs: number;
      /** Statuses >= 500 that a route may answer (502 from /lti/register when the platform fails). */
      allowed5xx?: (req: FuzzRequest, outcome: Outcome) => boolean;
      /** Drains the server's log lines written since the last call. */
      drainLog?: () => string[];
    },
  ) {}

  /** Answer time below which the given share of requests answered (0.5: the median). */
  percentile(share: number): number {
    const sorted = [...this.times].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
  }

  /** Called by the test's process listeners: the request in flight is the one that crashed. */
  crashed(kind: string, err: unknown): void {
    const message = `${kind}: ${err instanceof Error ? err.message : String(err)}`;
    this.crashes.push(message);
    this.inFlight?.fail(message);
  }

  async send(req: FuzzRequest): Promise<Outcome> {
    this.sent++;
    this.byRoute.set(req.route, (this.byRoute.get(req.route) ?? 0) + 1);
    this.options.drainLog?.();
    const outcome = await this.exchange(req);
    if (outcome.ms > this.slowest.ms) this.slowest = { ms: outcome.ms, route: req.route };
    this.times.push(outcome.ms);
    const statusClass = outcome.status ? (`${Math.floor(outcome.status / 100)}xx` as keyof FuzzClient['byClass']) : 'none';
    this.byClass[statusClass] = (this.byClass[statusClass] ?? 0) + 1;
    const log = this.options.drainLog?.() ?? [];
    if (outcome.crash) this.record('crash', req, outcome, log);
    else if (outcome.timedOut) this.record('slow', req, outcome, log);
    else if (outcome.status === 0) this.record('no answer', req, outcome, log);
    else if (outcome.status >= 500 && !this.options.allowed5xx?.(req, outcome)) this.record('5xx', req, outcome, log);
    return outcome;
  }

  private record(kind: Failure['kind'], request: FuzzRequest, outcome: Outcome, log: string[]): void {
    // One failure per cause: the same body-parser error on twenty routes is one finding (its routes are listed).
    const reason = (outcome.crash ?? errorMessageIn(log) ?? '').replace(/"[^"]*"/g, '"…"').slice(0, 120);
    const key = `${kind} ${outcome.status} ${reason || `${request.route} ${outcome.code ?? ''}`}`;
    const seen = this.failures.get(key);
    if (seen) {
      seen.count++;
      seen.routes.add(request.route);
      if (sizeOf(request) < sizeOf(seen.request)) this.failures.set(key, { ...seen, request, outcome, log });
      return;
    }
    this.failures.set(key, { key, kind, request, outcome, log, count: 1, routes: new Set([request.route]) });
  }

  private exchange(req: FuzzRequest): Promise<Outcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const settle = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight = null;
        resolve(outcome);
      };
      const headers = { connection: 'close', ...(req.body ? { 'content-length': String(req.body.length) } : {}), ...req.headers };
      let request: http.ClientRequest;
      try {
        request = http.request(`${this.baseUrl}${req.path}`, { method: req.method, headers, agent: false });
      } catch (err) {
        // The client itself refused the input (e.g. an invalid header): not something a server sees.
        settle({ status: -1, ms: 0, code: `client refused: ${(err as Error).message}` });
        return;
      }
      timer = setTimeout(() => {
        request.destroy();
        settle({ status: 0, ms: elapsed(), timedOut: true });
      }, this.options.boundMs);
      this.inFlight = {
        fail: (reason) => {
          request.destroy();
          settle({ status: 0, ms: elapsed(), crash: reason });
        },
      };
      request.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.length < 64 && chunks.push(c));
        res.on('end', () => settle({ status: res.statusCode ?? 0, ms: elapsed(), code: codeIn(Buffer.concat(chunks).toString('utf8')) }));
        res.on('error', () => settle({ status: res.statusCode ?? 0, ms: elapsed() }));
      });
      // A server that answers before reading the whole body may reset the socket: the status already came.
      request.on('error', (err: NodeJS.ErrnoException) => setTimeout(() => settle({ status: 0, ms: elapsed(), code: err.code ?? err.message }), 300));
      request.end(req.body);
    });
  }
}

function codeIn(text: string): string | undefined {
  return /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? /<code>([A-Z_]+)<\/code>/.exec(text)?.[1];
}

function errorMessageIn(log: string[]): string | undefined {
  for (const line of log) {
    try {
      const entry = JSON.parse(line) as { err?: { message?: string; type?: string }; level?: number };
      if (entry.err?.message) return `${entry.err.type ?? 'Error'}: ${entry.err.message}`;
    } catch {
      /* not JSON */
    }
  }
  return undefined;
}

const sizeOf = (r: FuzzRequest) => r.path.length + (r.body?.length ?? 0) + JSON.stringify(r.headers ?? {}).length;

/** A curl line that replays the request (bodies as a bash $'…' string). */
export function curlOf(req: FuzzRequest, baseUrl = 'http://127.0.0.1:3000'): string {
  const q = (s: string) => `$'${[...s].map((c) => (/[\u0020-\u007e]/.test(c) && c !== "'" && c !== '\\' ? c : c.charCodeAt(0) < 256 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('')}'`;
  const parts = ['curl', '-sS', '-i', '-X', req.method, q(`${baseUrl}${req.path}`)];
  for (const [k, v] of Object.entries(req.headers ?? {})) parts.push('-H', q(`${k}: ${v}`));
  if (req.body?.length) {
    const body = req.body.length > 600 ? `<${req.body.length} bytes, first: ${req.body.subarray(0, 80).toString('latin1')}…>` : req.body.toString('latin1');
    parts.push('--data-binary', q(body));
  }
  return parts.join(' ');
}
