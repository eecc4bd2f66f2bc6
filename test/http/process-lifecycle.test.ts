/**
 * The real process, as an admin starts and stops it: .env read from the working directory, start-up
 * failures as one line, graceful shutdown, `npm start` forwarding signals.
 */
import { rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort, getStatus, isListening, REPO, startToolProcess, tempDir, type ToolProcess } from '../support/tool-process';

const dirs: string[] = [];
const processes: ToolProcess[] = [];
afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workDir(envFile?: string): string {
  const dir = tempDir();
  dirs.push(dir);
  if (envFile !== undefined) writeFileSync(path.join(dir, '.env'), envFile);
  return dir;
}

function start(options: Parameters<typeof startToolProcess>[0]): ToolProcess {
  const p = startToolProcess(options);
  processes.push(p);
  return p;
}

describe('the .env file', () => {
  it('when the working directory has a .env with PORT, then the tool listens on that port', async () => {
    const port = await freePort();
    const cwd = workDir(`PORT=${port}\n`);
    const tool = start({ cwd });
    await tool.ready();
    expect(tool.stdout()).toContain(`running on http://localhost:${port} `);
    expect(await getStatus(port, '/healthz')).toBe(200);
  });

  it('when the environment sets PORT too, then the environment wins', async () => {
    const [filePort, envPort] = [await freePort(), await freePort()];
    const cwd = workDir(`PORT=${filePort}\n`);
    const tool = start({ cwd, env: { PORT: String(envPort) } });
    await tool.ready();
    expect(tool.stdout()).toContain(`running on http://localhost:${envPort} `);
  });

  it('when the .env has a line that is not NAME=value, then the tool says so in one line and exits 1', async () => {
    const cwd = workDir('PORT=3912\noops\n');
    const tool = start({ cwd });
    expect(await tool.exited).toBe(1);
    expect(tool.stderr().trim()).toBe(`Learner Voice cannot start: ${path.join(cwd, '.env')} line 2 is not NAME=value (or a # comment): fix or remove it.`);
  });
});

describe('start-up failures', () => {
  it('when the port is already in use, then the tool says so in one line and exits 1', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '0.0.0.0', resolve));
    const { port } = busy.address() as net.AddressInfo;
    try {
      const tool = start({ cwd: workDir(), env: { PORT: String(port) } });
      expect(await tool.exited).toBe(1);
      expect(tool.stderr().trim()).toBe(`Learner Voice cannot start: Port ${port} is already in use: stop the other process or set PORT.`);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('when TRUST_PROXY is not something Express takes, then the configuration problem is listed and the tool exits 1 without a stack trace', async () => {
    const tool = start({ cwd: workDir(), env: { TRUST_PROXY: 'maybe' } });
    expect(await tool.exited).toBe(1);
    expect(tool.stderr()).toContain('TRUST_PROXY must be true, false, a hop count');
    expect(tool.stderr()).not.toMatch(/\n\s+at /);
  });
});

/** A POST whose body the test sends when it chooses: a request the server has begun and cannot finish alone. */
function holdPost(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk));
  const body = 'a=1&b=2';
  const ended = new Promise<string>((resolve) => socket.once('close', () => resolve(answer)));
  const sent = new Promise<void>((resolve) => socket.once('connect', resolve)).then(() => {
    socket.write(`POST /held HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\na=`);
  });
  return { sent, finish: () => socket.write(body.slice(2)), ended };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The tool started with this drain time, a request held open in it, then SIGTERM. */
async function stopDuringRequest(drainSeconds: string) {
  const port = await freePort();
  const tool = start({ cwd: workDir(), env: { PORT: String(port), SHUTDOWN_DRAIN_SECONDS: drainSeconds } });
  await tool.ready();
  const held = holdPost(port);
  await held.sent;
  await delay(200);
  const stoppedAt = Date.now();
  tool.child.kill('SIGTERM');
  return { port, tool, held, stoppedAt };
}

describe('graceful shutdown', () => {
  it('when SIGTERM arrives during a request, then new connections are refused, the request completes with its normal status, and the process exits 0', async () => {
    const { port, tool, held, stoppedAt } = await stopDuringRequest('8');
    await delay(500);
    expect(await isListening(port)).toBe(false);
    expect(tool.child.exitCode).toBeNull();
    held.finish();
    const answer = await held.ended;
    // No route answers POST /held: the tool's own 404 page, exactly as without a shutdown.
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(await tool.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(8000);
  });

  it('when a request is still unfinished at the end of the drain time, then its connection is cut and the process still exits 0', async () => {
    const { tool, held, stoppedAt } = await stopDuringRequest('1');
    expect(await held.ended).toBe('');
    expect(await tool.exited).toBe(0);
    const took = Date.now() - stoppedAt;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(5000);
  });
});

describe('npm start', () => {
  it('when npm start is stopped with SIGTERM, then the server stops too and the port is free', async () => {
    const port = await freePort();
    const dataDir = workDir();
    const npm = start({ cwd: REPO, command: 'npm', args: ['start', '--silent'], env: { PORT: String(port), DATA_DIR: dataDir } });
    await npm.ready();
    expect(await isListening(port)).toBe(true);
    npm.child.kill('SIGTERM');
    await npm.exited;
    // The server drains then exits; before `exec` in the script it kept listening, orphaned, for ever.
    const deadline = Date.now() + 10_000;
    while ((await isListening(port)) && Date.now() < deadline) await delay(200);
    expect(await isListening(port)).toBe(false);
  });
});
