/**
 * The launch bench's load generator, in its own process: `connections` browsers in a loop, each
 * launch a fresh browser (no cookies but the ones this launch sets): login initiation from the
 * platform, the tool's login, the platform's authorization page (its auto-submitted form parsed),
 * the id_token posted to the tool, and the first panel page the tool redirects to.
 */
import http from 'node:http';
import { latenciesOf } from './load-protocol';

interface Job {
  readonly platformOrigin: string;
  readonly toolOrigin: string;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
}

function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[unescape(m[1])] = unescape(m[2]);
  return fields;
}

function unescape(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * One request over a kept-alive connection (node:http, not fetch: undici's fetch cost the generator
 * about 3 ms of CPU per launch, more than the machine can spare at the target rate). Redirects are
 * never followed: each step reads the Location itself, as a browser's navigation would.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface Answer {
  readonly status: number;
  readonly location: string | undefined;
  readonly setCookies: readonly string[];
  readonly body: string;
}

function request(url: URL, options: { method?: string; body?: string; cookie?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { 'accept-language': 'en' };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const req = http.request(url, { method: options.method ?? 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const setCookie = res.headers['set-cookie'];
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, setCookies: setCookie ?? [], body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Time spent in each step, summed over the launches: where a slow round trip waits. */
const stepMs: Record<string, number> = {};

async function launchOnce(job: Job, user: number): Promise<void> {
  let at = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    stepMs[name] = (stepMs[name] ?? 0) + now - at;
    at = now;
  };
  const initiation = JSON.parse((await request(new URL(`${job.platformOrigin}/bench/initiation?user=${user}`))).body) as { url: string; params: Record<string, string> };
  step('platformInitiation');
  const login = await request(new URL(`${initiation.url}?${new URLSearchParams(initiation.params)}`));
  const toPlatform = login.location;
  if (login.status !== 302 || !toPlatform) throw new Error(`login answered ${login.status}`);
  const cookies = login.setCookies.map((c) => c.split(';')[0]).join('; ');
  step('toolLogin');
  const authorize = await request(new URL(toPlatform, initiation.url));
  const page = authorize.body;
  const fields = hiddenFields(page);
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
  if (authorize.status !== 200 || !action || !fields.id_token) throw new Error(`authorization answered ${authorize.status}`);
  step('platformAuthorize');
  const launched = await request(new URL(unescape(action)), { method: 'POST', body: new URLSearchParams(fields).toString(), cookie: cookies });
  const landing = launched.location;
  if (launched.status !== 303 || !landing) throw new Error(`launch answered ${launched.status}`);
  step('toolLaunch');
  // The landing URL may redirect once more within the session (to the panel the link names).
  let next = new URL(landing, job.toolOrigin);
  for (let hop = 0; ; hop++) {
    const panel = await request(next);
    const location = panel.location;
    if (panel.status === 200) return step('toolFirstPanel');
    if (hop >= 3 || !location || panel.status < 300 || panel.status >= 400) throw new Error(`first panel page answered ${panel.status}`);
    next = new URL(location, next);
  }
}

async function loop(job: Job, seconds: number, counter: { next: number }) {
  const latencies: number[] = [];
  const errors: string[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: job.connections }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        try {
          await launchOnce(job, counter.next++);
          latencies.push(performance.now() - started);
        } catch (err) {
          errors.push(err instanceof Error ? err.message : String(err));
        }
      }
    }),
  );
  return { latencies, errors };
}

process.on('message', async (job: Job & { kind?: string }) => {
  if (job.kind === 'exit') process.exit(0);
  try {
    const counter = { next: 0 };
    for (const name of Object.keys(stepMs)) delete stepMs[name];
    await loop(job, job.warmupSeconds, counter);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { latencies, errors } = await loop(job, job.durationSeconds, counter);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    process.send?.({
      launches: latencies.length,
      seconds: Math.round(seconds * 10) / 10,
      launchesPerSecond: Math.round(latencies.length / seconds),
      latency: latenciesOf(latencies),
      errors: errors.length,
      firstErrors: [...new Set(errors)].slice(0, 5),
      clientCpuMs: (used.user + used.system) / 1000,
      meanStepMs: Object.fromEntries(Object.entries(stepMs).map(([name, ms]) => [name, Math.round((ms / Math.max(1, latencies.length)) * 10) / 10])),
    });
  } catch (err) {
    process.send?.({ error: err instanceof Error ? err.message : String(err) });
  }
});
