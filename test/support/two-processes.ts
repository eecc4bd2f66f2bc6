/**
 * Two instances of one deployment, as a load balancer would have them: two real tool processes
 * (src/main.ts, started as test/support/tool-process.ts does) on ONE SQLite file in a temporary
 * DATA_DIR (WAL mode), listening on two ports, with the same BASE_URL: the one process A listens on,
 * as if it were the balancer's address. A serves the demo's test platform too (its launches are real
 * LTI 1.3 launches, the platform's keyset fetched from A); B is a plain instance (demo off) that
 * serves any session, since sessions live in the store.
 */
import { rmSync } from 'node:fs';
import { sqliteFile } from '../../src/storage/open-storage';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { Browser, findForm } from './browser';
import { freePort, startToolProcess, tempDir, type ToolProcess } from './tool-process';

export interface Instance {
  readonly name: 'A' | 'B';
  readonly port: number;
  readonly url: string;
  readonly process: ToolProcess;
  /** A browser bound to this instance's address (cookies of its own). */
  browser(): Browser;
}

export interface TwoProcesses {
  readonly a: Instance;
  readonly b: Instance;
  readonly dataDir: string;
  /** Launches a demo person (learner, frenchLearner, instructor…) through A; the session path, /s/<id>. */
  launch(as: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTwoProcesses(): Promise<TwoProcesses> {
  const dataDir = tempDir('lv-two-');
  const [portA, portB] = [await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${portA}`;
  const common = { DATA_DIR: dataDir, BASE_URL: baseUrl, HOST: '127.0.0.1', LOG_LEVEL: 'warn', SHUTDOWN_DRAIN_SECONDS: '1' };
  const started: ToolProcess[] = [];
  const instance = (name: 'A' | 'B', port: number, demo: boolean): Instance => {
    const process = startToolProcess({ cwd: dataDir, env: { ...common, PORT: String(port), DEMO_ENABLED: String(demo) } });
    started.push(process);
    const url = `http://127.0.0.1:${port}`;
    return { name, port, url, process, browser: () => new Browser(url) };
  };
  const close = async () => {
    for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    await Promise.all(started.map((p) => p.exited));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // The file is created (WAL, migrated) before either starts, as a deployment's first start does:
    // switching a new file to WAL takes it whole, before any busy timeout is set. Then both start at once.
    await openSqliteStorage({ file: sqliteFile(dataDir) }).close();
    const a = instance('A', portA, true);
    const b = instance('B', portB, false);
    await Promise.all([a.process.ready(90_000), b.process.ready(90_000)]);
    return { a, b, dataDir, launch: (as) => launchThrough(a, as), close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Opens the demo course as `as` on A, presses its launch button, follows the launch; the session's base path. */
async function launchThrough(a: Instance, as: string): Promise<string> {
  const browser = a.browser();
  const page = await browser.get(`/platform/course?as=${as}`);
  const form = findForm(page.text, 'launch-course');
  if (page.status !== 200 || !form) throw new Error(`no launch button for ${as} (${page.status})`);
  const url = new URL(form.action, a.url).href;
  const { res, url: landed } = await browser.settle(await browser.post(url, form.fields), url);
  const base = /^https?:\/\/[^/]+(\/s\/[A-Za-z0-9_-]+)\//.exec(landed)?.[1];
  if (res.status !== 200 || !base) throw new Error(`the launch as ${as} did not open a session (${res.status} at ${landed})`);
  return base;
}
