/**
 * The tool as production runs it, for the soak's memory figures: `node dist/main.js`, the image's
 * command, in a process of its own (no tsx loader, no test platform, no load generator, no seeding
 * in its heap), on a SQLite file in DATA_DIR; the platform registered through the admin CLI, as an
 * admin does. Its memory is read from outside: RSS and its peak from /proc/<pid>/status, the V8 heap
 * from the tool's own /metrics (prom-client's process metrics).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestPlatform } from '../src/demo/test-platform';
import { freePort } from '../test/support/tool-process';

export { freePort };

const REPO = path.resolve(__dirname, '..');
const run = promisify(execFile);

/**
 * The node flags of the image's start (the Dockerfile's CMD ["node", …flags, "dist/main.js"]), read
 * from the Dockerfile itself so that the soak runs the tool with exactly the flags production does.
 */
export function imageNodeFlags(): string[] {
  const dockerfile = fs.readFileSync(path.join(REPO, 'Dockerfile'), 'utf8');
  const cmd = /^CMD (\[.*\])\s*$/m.exec(dockerfile)?.[1];
  const words: unknown = cmd ? JSON.parse(cmd) : undefined;
  if (!Array.isArray(words) || words[0] !== 'node' || words[words.length - 1] !== 'dist/main.js' || !words.every((w) => typeof w === 'string')) {
    throw new Error('the Dockerfile\'s CMD is not ["node", …flags, "dist/main.js"]: the soak cannot run the tool as the image does');
  }
  return words.slice(1, -1) as string[];
}

/** Compiles src/ into dist/ (the image's build step), so the soak measures the code of this checkout. */
export async function buildDist(): Promise<void> {
  await run(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(REPO, 'tsconfig.build.json')], { cwd: REPO });
}

export interface ProcessMemory {
  readonly atSeconds: number;
  readonly rssMb: number;
  /** The highest RSS the process reached so far (VmHWM). */
  readonly peakRssMb: number;
  readonly heapUsedMb: number;
  readonly heapTotalMb: number;
  readonly externalMb: number;
}

export interface ProductionTool {
  readonly origin: string;
  readonly child: ChildProcess;
  /** Node flags, options and allocator settings the process ran with (for the report). */
  readonly runtime: { readonly nodeFlags: string; readonly nodeOptions: string; readonly mallocArenaMax: string };
  memory(began: number): Promise<ProcessMemory>;
  stop(): Promise<void>;
}

export interface ProductionToolOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly logLevel: string;
  /** Node flags before dist/main.js; the image's (imageNodeFlags) by default. */
  readonly nodeFlags?: readonly string[];
  /** NODE_OPTIONS for the tool (e.g. V8 heap flags under test); none by default. */
  readonly nodeOptions?: string;
  /** glibc's MALLOC_ARENA_MAX for the tool; unset by default. */
  readonly mallocArenaMax?: string;
  /** WORKERS for the tool (1 by default). Above 1 no metrics are served: memory() is then unavailable. */
  readonly workers?: number;
}

function toolEnv(options: ProductionToolOptions, secrets: { ltiKey: string; metricsToken: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // 'development' accepts the http://127.0.0.1 base URL (production insists on https and a public
    // host). Views rendered by http/render.ts's renderView are compiled once in every mode; Express's
    // res.render compiles again on each page in development (its view cache is production's), which
    // the soak barely meets: its pages come from the shared page caches (EJS under 0.1 % of the
    // allocations). Log level: the bench's (warn by default), not production's info.
    NODE_ENV: 'development',
    PORT: String(options.port),
    HOST: '127.0.0.1',
    BASE_URL: `http://127.0.0.1:${options.port}`,
    DATA_DIR: options.dataDir,
    LTI_KEY: secrets.ltiKey,
    METRICS_TOKEN: secrets.metricsToken,
    DEMO_ENABLED: 'false',
    FEEDS_ENABLED: 'false',
    LOG_LEVEL: options.logLevel,
  };
  if (options.workers && options.workers > 1) {
    // A main-port /metrics is refused with several workers (README, "Several cores"); none is needed here.
    env.WORKERS = String(options.workers);
    delete env.METRICS_TOKEN;
  }
  if (options.nodeOptions) env.NODE_OPTIONS = options.nodeOptions;
  if (options.mallocArenaMax) env.MALLOC_ARENA_MAX = options.mallocArenaMax;
  return env;
}

/** Registers the test platform with `learner-voice platform add`, from dist/, on the tool's store. */
async function registerByCli(env: NodeJS.ProcessEnv, platform: RegisteredPlatform): Promise<void> {
  const args = [
    path.join(REPO, 'dist/cli/learner-voice.js'), 'platform', 'add',
    '--issuer', platform.issuer, '--client-id', platform.clientId,
    '--auth-endpoint', platform.authorizationEndpoint, '--token-endpoint', platform.tokenEndpoint,
    '--keyset-url', platform.jwksUrl, '--deployment', platform.deploymentId, '--json',
  ];
  await run(process.execPath, args, { cwd: REPO, env: { ...env, NODE_OPTIONS: '' } });
}

function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Math.round((kb / 1024) * 10) / 10;
}

function metric(text: string, name: string): number {
  const value = Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1]);
  if (!Number.isFinite(value)) throw new Error(`/metrics has no ${name}`);
  return Math.round((value / 1_048_576) * 10) / 10;
}

/** What registering a platform needs of it: a TestPlatform, or what the launch bench's platform process reports. */
type RegisteredPlatform = Pick<TestPlatform, 'issuer' | 'clientId' | 'authorizationEndpoint' | 'tokenEndpoint' | 'jwksUrl' | 'deploymentId'>;

export async function startProductionTool(options: ProductionToolOptions, platform: RegisteredPlatform): Promise<ProductionTool> {
  const secrets = { ltiKey: randomBytes(32).toString('hex'), metricsToken: randomBytes(32).toString('hex') };
  const env = toolEnv(options, secrets);
  await registerByCli(env, platform);
  const nodeFlags = options.nodeFlags ?? imageNodeFlags();
  const child = spawn(process.execPath, [...nodeFlags, path.join(REPO, 'dist/main.js')], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out = (out + chunk.toString()).slice(-20_000)));
  child.stderr!.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the tool did not start within 60 s; stderr: ${err}`)), 60_000);
    const check = () => {
      if (!out.includes('Learner Voice is running on')) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the tool exited before listening; stderr: ${err}`));
    });
  });
  const origin = `http://127.0.0.1:${options.port}`;
  return {
    origin,
    child,
    runtime: { nodeFlags: nodeFlags.join(' '), nodeOptions: options.nodeOptions ?? '', mallocArenaMax: options.mallocArenaMax ?? '' },
    async memory(began) {
      const res = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${secrets.metricsToken}` } });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
      const pid = child.pid!;
      return {
        atSeconds: Math.round((performance.now() - began) / 1000),
        rssMb: procStatusMb(pid, 'VmRSS'),
        peakRssMb: procStatusMb(pid, 'VmHWM'),
        heapUsedMb: metric(text, 'nodejs_heap_size_used_bytes'),
        heapTotalMb: metric(text, 'nodejs_heap_size_total_bytes'),
        externalMb: metric(text, 'nodejs_external_memory_bytes'),
      };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
