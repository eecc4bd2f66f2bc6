/**
 * WORKERS=2, as an admin runs it: one port served by two worker processes on one SQLite file, the
 * metrics of both on METRICS_PORT, a worker that dies replaced, SIGTERM drained by every worker, and
 * a start that cannot work stopped with one line.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { freePort, getStatus, isListening, startToolProcess, tempDir, type ToolProcess } from '../support/tool-process';

const dirs: string[] = [];
const processes: ToolProcess[] = [];
afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      for (const pid of workerPids(p)) process.kill(pid, 'SIGKILL');
      p.child.kill('SIGKILL');
    }
    await p.exited;
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The workers: the children running main.ts (tsx keeps an esbuild child of its own beside them). */
function workerPids(p: ToolProcess): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(p.child.pid), '-f', 'main.ts'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function startCluster(env: Record<string, string> = {}): Promise<{ tool: ToolProcess; port: number; metricsPort: number }> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const cwd = tempDir('lv-cluster-');
  dirs.push(cwd);
  const tool = startToolProcess({ cwd, env: { PORT: String(port), WORKERS: '2', DEMO_ENABLED: 'false', METRICS_PORT: String(metricsPort), LOG_LEVEL: 'info', ...env } });
  processes.push(tool);
  return { tool, port, metricsPort };
}

/** Which workers wrote request lines for this path (each worker's lines carry its index). */
function workersThatServed(tool: ToolProcess, path: string): Set<number> {
  const served = new Set<number>();
  for (const line of tool.stdout().split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { worker?: number; req?: { url?: string } };
    if (entry.req?.url === path && typeof entry.worker === 'number') served.add(entry.worker);
  }
  return served;
}

function metricsText(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/metrics', agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

describe('WORKERS=2', () => {
  it('serves one port from two workers, and METRICS_PORT counts the requests of both', async () => {
    const { tool, port, metricsPort } = await startCluster();
    await tool.ready();
    expect(tool.stdout()).toContain(`2 workers serve port ${port} (WORKERS).`);
    expect(workerPids(tool)).toHaveLength(2);
    // Each request on its own connection: the system spreads new connections over the workers.
    for (let i = 0; i < 40; i++) expect(await getStatus(port, '/healthz')).toBe(200);
    await delay(300);
    expect([...workersThatServed(tool, '/healthz')].sort()).toEqual([0, 1]);
    const metrics = await metricsText(metricsPort);
    expect(metrics).toMatch(/^lv_http_requests_total\{method="GET",route="\/healthz",status="200"\} 40$/m);
  });

  it('replaces a worker that dies, and keeps serving meanwhile', async () => {
    const { tool, port } = await startCluster();
    await tool.ready();
    const [first, second] = workerPids(tool);
    process.kill(first, 'SIGKILL');
    // Once the primary knows (a connection handed to a worker in the instant it dies is Node's to lose),
    // the other worker serves alone until the new one is up, a second later.
    const deadline = Date.now() + 10_000;
    while (!tool.stdout().includes('a worker stopped: starting another') && Date.now() < deadline) await delay(20);
    for (let i = 0; i < 10; i++) expect(await getStatus(port, '/healthz')).toBe(200);
    while (workerPids(tool).length < 2 && Date.now() < deadline) await delay(100);
    const now = workerPids(tool);
    expect(now).toHaveLength(2);
    expect(now).toContain(second);
    expect(now).not.toContain(first);
    expect(tool.stdout()).toContain('a worker stopped: starting another');
  });

  it('drains every worker on SIGTERM: a request in flight completes, then the process exits 0', async () => {
    const { tool, port } = await startCluster({ SHUTDOWN_DRAIN_SECONDS: '8' });
    await tool.ready();
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('POST /held HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\nConnection: keep-alive\r\n\r\na=');
    await delay(300);
    tool.child.kill('SIGTERM');
    await delay(700);
    expect(await isListening(port)).toBe(false);
    expect(tool.child.exitCode).toBeNull();
    socket.write('1&b=2');
    await ended;
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(await tool.exited).toBe(0);
  });

  it('stops with one line when the workers cannot listen, instead of starting them again and again', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '0.0.0.0', resolve));
    const { port } = busy.address() as net.AddressInfo;
    try {
      const { tool } = await startCluster({ PORT: String(port) });
      expect(await tool.exited).toBe(1);
      expect(tool.stderr()).toContain(`Learner Voice cannot start: Port ${port} is already in use: stop the other process or set PORT.`);
      expect(tool.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('refuses a main-port /metrics or the demo, which one worker cannot answer for all', async () => {
    const { tool } = await startCluster({ METRICS_PORT: '', METRICS_TOKEN: 'a'.repeat(40) });
    expect(await tool.exited).toBe(1);
    expect(tool.stderr()).toContain('WORKERS above 1 serves /metrics on METRICS_PORT only');
    const { tool: demo } = await startCluster({ DEMO_ENABLED: 'true' });
    expect(await demo.exited).toBe(1);
    expect(demo.stderr()).toContain('WORKERS above 1 cannot run the demo');
  });
});
