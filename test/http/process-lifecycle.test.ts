/**
 * The real process, as an admin starts and stops it: .env read from the working directory, start-up
 * failures as one line, graceful shutdown, `npm start` forwarding signals.
 */
import { rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort, getStatus, startToolProcess, tempDir, type ToolProcess } from '../support/tool-process';

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
