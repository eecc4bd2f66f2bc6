/**
 * The load generator, forked by run.ts so that it runs on the machine's other core: in the tool's
 * own process it would compete with the server for one event loop and inflate every latency.
 * It answers one job at a time over the IPC channel.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import { latenciesOf, type BurstMeasure, type BurstPost, type HttpMeasure, type LoadJob, type LoadReply } from './load-protocol';

async function measureHttp(job: Extract<LoadJob, { kind: 'http' }>): Promise<HttpMeasure> {
  const cpu = process.cpuUsage();
  // Several paths: each request takes the next one, so every connection cycles through them all.
  const paths = job.paths;
  let turn = 0;
  const rotation = paths?.length ? { requests: [{ setupRequest: (req: { path?: string }) => ({ ...req, path: paths[turn++ % paths.length] }) }] } : {};
  // Warm-up: JIT, connection pools and SQLite's page cache; its figures are thrown away. The soak
  // measures minute after minute on a warm server and asks for none.
  if (job.warmupSeconds > 0) await autocannon({ url: job.url, connections: job.connections, duration: job.warmupSeconds, ...rotation });
  const latencies: number[] = [];
  const instance = autocannon({ url: job.url, connections: job.connections, duration: job.durationSeconds, ...rotation });
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  const requests = latencies.length;
  const used = process.cpuUsage(cpu);
  return {
    url: job.url,
    seconds: result.duration,
    requests,
    requestsPerSecond: Math.round(requests / result.duration),
    latency: latenciesOf(latencies),
    autocannon: { p50: result.latency.p50, p99: result.latency.p99, requestsPerSecond: Math.round(result.requests.average) },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    clientCpuMs: (used.user + used.system) / 1000,
  };
}

/** Every submission starts before any is awaited; the agent opens as many sockets as the OS lets it. */
async function burst(job: Extract<LoadJob, { kind: 'burst' }>): Promise<BurstMeasure> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const statusCodes: Record<string, number> = {};
  const errors: string[] = [];
  const latencies: number[] = [];
  let posted = 0;

  const one = (post: BurstPost) =>
    new Promise<void>((resolve) => {
      const began = performance.now();
      const req = http.request(
        `${job.origin}${post.path}`,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(post.body),
            // What a browser sends with a same-origin form post; the tool's CSRF check accepts it.
            origin: job.origin,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - began);
            const code = String(res.statusCode);
            statusCodes[code] = (statusCodes[code] ?? 0) + 1;
            if (res.statusCode === 303 && /[?&]done=posted\b/.test(String(res.headers.location))) posted++;
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        errors.push(err.message);
        resolve();
      });
      req.end(post.body);
    });

  const cpu = process.cpuUsage();
  const began = performance.now();
  await Promise.all(job.posts.map(one));
  const totalMs = performance.now() - began;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return {
    sent: job.posts.length,
    statusCodes,
    posted,
    errors: errors.slice(0, 20),
    totalMs: Math.round(totalMs * 10) / 10,
    latency: latenciesOf(latencies),
    clientCpuMs: (used.user + used.system) / 1000,
  };
}

function reply(message: LoadReply): void {
  process.send?.(message);
}

process.on('message', (job: LoadJob) => {
  if (job.kind === 'exit') return process.disconnect();
  const work: Promise<LoadReply> =
    job.kind === 'http' ? measureHttp(job).then((result) => ({ kind: 'http' as const, result })) : burst(job).then((result) => ({ kind: 'burst' as const, result }));
  work.then(reply, (err: unknown) => reply({ kind: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) }));
});
