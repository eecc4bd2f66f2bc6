/**
 * The tool as an admin runs it: a child process running src/main.ts (tsx as a loader), in a directory
 * of the test's choosing, with the environment the test gives it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const REPO = path.resolve(__dirname, '../..');
/** tsx's loader by its file URL: `--import tsx` would be looked up from the child's (temporary) directory. */
const TSX_LOADER = pathToFileURL(path.join(path.dirname(require.resolve('tsx/cli')), 'loader.mjs')).href;

export interface ToolProcess {
  readonly child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** Resolves once the banner is out (the server listens), rejects if the process ends first. */
  ready(timeoutMs?: number): Promise<void>;
}

/** A temporary directory to run the tool in (its ./data and ./.env live there). */
export function tempDir(prefix = 'lv-proc-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `command args` (by default the server through tsx); `unset` names variables to remove from the inherited environment. */
export function startToolProcess(options: { cwd: string; env?: Record<string, string>; unset?: string[]; command?: string; args?: string[] }): ToolProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', FEEDS_ENABLED: 'false', ...options.env };
  for (const name of ['PORT', 'BASE_URL', 'DATA_DIR', 'MONGODB_URI', ...(options.unset ?? [])]) if (!(options.env && name in options.env)) delete env[name];
  const command = options.command ?? process.execPath;
  // One process (tsx as a loader, not tsx's CLI which runs the server as its child): a signal or a kill reaches the server itself.
  const args = options.args ?? ['--import', TSX_LOADER, path.join(REPO, 'src/main.ts')];
  const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    ready: (timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner after ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
        const check = () => {
          if (out.includes('Learner Voice is running on')) {
            clearTimeout(timer);
            child.stdout!.off('data', check);
            resolve();
          }
        };
        child.stdout!.on('data', check);
        check();
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`the tool exited (${code}) before listening; stderr: ${err}`));
        });
      }),
  };
}

/** Whether something accepts connections on the port. */
export function isListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** GET on its own connection (closed after the answer, so no keep-alive socket outlives the test); the status code. */
export function getStatus(port: number, urlPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}
