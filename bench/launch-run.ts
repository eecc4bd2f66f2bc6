/**
 * The launch round trip (issue 14): the real tool in this process, the test platform in a second
 * (launch-platform-process.ts) and the load generator in a third (launch-load-process.ts), each
 * launch a fresh browser: login → id_token → session → first panel page, at 25 concurrent browsers.
 * Measured: launches per second, their latency, and the tool's CPU per launch (this process's CPU
 * time over the measurement, divided by the launches); the bare route in the same run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage';
import { createApp } from '../src/app';
import { readConfig } from '../src/config';
import { createLogger } from '../src/http/logger';
import { profileReport, saveCpuProfile, startCpuProfile } from './cpu-profile';
import { contention, snapshot, waitForQuiet, type Contention } from './cpu-meter';
import { LoadClient } from './load';
import type { HttpMeasure, Latencies } from './load-protocol';
import { reserveToolServer, startBare } from './servers';
import type { LaunchWorkersRun } from './launch-workers-run';
import type { TestPlatform } from '../src/demo/test-platform';
import { stepMeter } from './launch-steps';

export interface LaunchRunConfig {
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly logLevel: string;
}

export interface LaunchMeasure {
  readonly launches: number;
  readonly seconds: number;
  readonly launchesPerSecond: number;
  readonly latency: Latencies;
  readonly errors: number;
  readonly firstErrors: readonly string[];
  readonly clientCpuMs: number;
  /** Mean wall time of each step of one launch, as the browser sees it. */
  readonly meanStepMs: Readonly<Record<string, number>>;
}

export interface LaunchRun {
  readonly launch: LaunchMeasure & {
    readonly toolCpuMsPerLaunch: number;
    /** What the test platform and the load generator spend per launch: on 2 cores they share the machine with the tool. */
    readonly platformCpuMsPerLaunch: number;
    readonly loadGeneratorCpuMsPerLaunch: number;
    readonly toolCores: number;
    readonly contention: Contention;
  };
  readonly bare: HttpMeasure;
  /** The same round trip with the tool as the image runs it on every core (launch-workers-run.ts). */
  readonly workers?: LaunchWorkersRun | { readonly failed: string };
  readonly target: { readonly launchesPerSecond: number; readonly met: boolean; readonly bestLaunchesPerSecond?: number };
}

const TARGET_LAUNCHES_PER_SECOND = 500;

/** What the test platform's process says about itself once it listens (launch-platform-process.ts). */
export type PlatformInfo = Pick<TestPlatform, 'issuer' | 'clientId' | 'deploymentId' | 'authorizationEndpoint' | 'tokenEndpoint' | 'jwksUrl' | 'flavour'> & { readonly origin: string };

export function childReply<T>(child: ChildProcess, message?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`child exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (reply: T) => {
      child.off('exit', onExit);
      resolve(reply);
    });
    if (message !== undefined) child.send(message as object);
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ kind: 'exit' });
  const timer = setTimeout(() => child.kill(), 5_000);
  await exited;
  clearTimeout(timer);
}

export async function runLaunch(config: LaunchRunConfig, log: (line: string) => void): Promise<LaunchRun> {
  const dir = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'lv-bench-launch-'));
  const storage = openSqliteStorage({ file: path.join(dir, 'launch.sqlite') });
  const reserved = await reserveToolServer();
  const toolOrigin = reserved.listening.origin;
  // tsx passes its loader to the children through process.execArgv, which fork reuses.
  const platformChild = fork(path.join(__dirname, 'launch-platform-process.ts'), [toolOrigin], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const loadChild = fork(path.join(__dirname, 'launch-load-process.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const load = LoadClient.start();
  const bare = await startBare();
  const toolConfig = readConfig({ NODE_ENV: 'development', BASE_URL: toolOrigin, DEMO_ENABLED: 'false', LOG_LEVEL: config.logLevel });
  const tool = await createApp({ config: toolConfig, storage, logger: createLogger(toolConfig.logLevel) });
  try {
    const platform = await childReply<PlatformInfo>(platformChild);
    const steps = process.env.LAUNCH_STEPS === '1' ? stepMeter(tool.app) : null;
    reserved.mount(steps?.listener ?? tool.app);
    await tool.registry.add({
      issuer: platform.issuer,
      clientId: platform.clientId,
      authEndpoint: platform.authorizationEndpoint,
      tokenEndpoint: platform.tokenEndpoint,
      keysetUrl: platform.jwksUrl,
      deploymentIds: [platform.deploymentId],
      source: 'manual',
      productFamily: platform.flavour,
      active: true,
    });
    const job = { platformOrigin: platform.origin, toolOrigin, connections: config.connections };
    log(`\nLaunch round trip: ${config.connections} browsers, ${config.warmupSeconds} s warm-up + ${config.durationSeconds} s…`);
    // The machine is shared: wait (a minute at most) for other people's work to calm down.
    const waitedForQuietSeconds = await waitForQuiet(60);
    await childReply(loadChild, { ...job, warmupSeconds: 0, durationSeconds: config.warmupSeconds });
    // LAUNCH_PROFILE=1 samples the tool's CPU during the measured launches only (not the bare run).
    const stopProfile = process.env.LAUNCH_PROFILE ? await startCpuProfile() : null;
    const platformBefore = await childReply<{ cpuMs: number }>(platformChild, { kind: 'cpu' });
    steps?.reset();
    const before = snapshot();
    const measured = await childReply<LaunchMeasure | { error: string }>(loadChild, { ...job, warmupSeconds: 0, durationSeconds: config.durationSeconds });
    const after = snapshot();
    const platformAfter = await childReply<{ cpuMs: number }>(platformChild, { kind: 'cpu' });
    if (stopProfile) {
      const profile = await stopProfile();
      saveCpuProfile(profile, process.env.PROFILE_OUT);
      log(profileReport(profile, Number(process.env.PROFILE_TOP ?? 40)));
    }
    if ('error' in measured) throw new Error(measured.error);
    if (steps) log(`  tool CPU per request, by step (µs): ${JSON.stringify(steps.report())}`);
    if (steps) log(await storeCallsPerLaunch(tool, measured.launches));
    if (steps && process.env.LAUNCH_STEPS_OUT) fs.writeFileSync(process.env.LAUNCH_STEPS_OUT, JSON.stringify(steps.windows()));
    const toolMs = after.ownMs - before.ownMs;
    const launchContention = { ...contention(before, after, measured.clientCpuMs), waitedForQuietSeconds };
    const bareRun = await load.http(bare.origin + '/', { connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds });
    return {
      launch: {
        ...measured,
        toolCpuMsPerLaunch: perLaunch(toolMs, measured.launches),
        platformCpuMsPerLaunch: perLaunch(platformAfter.cpuMs - platformBefore.cpuMs, measured.launches),
        loadGeneratorCpuMsPerLaunch: perLaunch(measured.clientCpuMs, measured.launches),
        toolCores: launchContention.serverCores,
        contention: launchContention,
      },
      bare: bareRun,
      target: { launchesPerSecond: TARGET_LAUNCHES_PER_SECOND, met: measured.launchesPerSecond >= TARGET_LAUNCHES_PER_SECOND && measured.errors === 0 },
    };
  } finally {
    await stopChild(loadChild);
    await load.stop();
    await bare.close();
    await reserved.listening.close();
    await tool.close();
    await stopChild(platformChild);
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The launch round trip twice: the tool in this process (its CPU per launch), then as the image runs
 * it with WORKERS set to the machine's cores (LAUNCH_WORKERS overrides; 1 leaves it out). The target
 * is met when either serves 500 launches a second without an error.
 */
export async function runLaunchBoth(config: LaunchRunConfig, log: (line: string) => void): Promise<LaunchRun> {
  const single = await runLaunch(config, log);
  const workers = Number(process.env.LAUNCH_WORKERS ?? os.availableParallelism());
  if (!Number.isInteger(workers) || workers < 2) return single;
  const { runLaunchWorkers, printLaunchWorkers } = await import('./launch-workers-run');
  const run = await runLaunchWorkers({ ...config, workers }, log).catch((err: unknown) => ({ failed: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
  if ('failed' in run) log(`Launch run with WORKERS=${workers} failed: ${run.failed}`);
  else printLaunchWorkers(run, log);
  const best = Math.max(single.launch.launchesPerSecond, 'failed' in run ? 0 : run.launchesPerSecond);
  const met = single.target.met || (!('failed' in run) && run.launchesPerSecond >= TARGET_LAUNCHES_PER_SECOND && run.errors === 0);
  return { ...single, workers: run, target: { ...single.target, met, bestLaunchesPerSecond: best } };
}

/** The store calls a launch made (with warm-up ones: the histogram is not reset), by part and method. */
async function storeCallsPerLaunch(tool: Awaited<ReturnType<typeof createApp>>, launches: number): Promise<string> {
  const { values } = await tool.metrics.storeCallDuration.get();
  const rows = values
    .filter((v) => String(v.metricName).endsWith('_count') || String(v.metricName).endsWith('_sum'))
    .reduce((byCall, v) => {
      const key = `${v.labels.part}.${v.labels.method}`;
      const row = byCall.get(key) ?? { count: 0, sum: 0 };
      if (String(v.metricName).endsWith('_count')) row.count = v.value;
      else row.sum = v.value;
      return byCall.set(key, row);
    }, new Map<string, { count: number; sum: number }>());
  const total = [...rows.values()].reduce((n, r) => n + r.count, 0);
  return `  store calls (all runs so far, ${total} in all): ${[...rows].sort((a, b) => b[1].sum - a[1].sum).map(([k, r]) => `${k} ${r.count} (${Math.round((r.sum * 1e6) / Math.max(1, r.count))} µs)`).join(', ')}; measured launches ${launches}`;
}

export const perLaunch = (ms: number, launches: number) => (launches ? Math.round((ms / launches) * 100) / 100 : 0);

export function printLaunch(run: LaunchRun, log: (line: string) => void): void {
  const l = run.launch;
  log(`\nLaunch round trip (login → id_token → session → first panel page, platform and load generator in their own processes)`);
  log(`  ${l.launchesPerSecond} launches/s (${l.launches} in ${l.seconds} s, ${l.errors} errors), p50 ${l.latency.p50.toFixed(1)} ms, p99 ${l.latency.p99.toFixed(1)} ms`);
  log(`  tool CPU ${l.toolCpuMsPerLaunch} ms per launch, tool process at ${l.toolCores} cores; other processes ${l.contention.otherProcessesCores ?? '?'} cores`);
  log(`  CPU per launch elsewhere: test platform ${l.platformCpuMsPerLaunch} ms, load generator ${l.loadGeneratorCpuMsPerLaunch} ms`);
  log(`  mean step times (ms): ${Object.entries(l.meanStepMs).map(([name, ms]) => `${name} ${ms}`).join(', ')}`);
  log(`  bare route: ${run.bare.requestsPerSecond} req/s, p99 ${run.bare.latency.p99.toFixed(2)} ms`);
  const w = run.workers;
  if (w && !('failed' in w)) log(`  WORKERS=${w.workers}, the tool as the image runs it: ${w.launchesPerSecond} launches/s (${w.errors} errors), p99 ${w.latency.p99.toFixed(1)} ms, tool ${w.toolCpuMsPerLaunch} ms per launch at ${w.toolCores} cores`);
  log(`  target ≥ ${run.target.launchesPerSecond}/s: ${run.target.met ? 'met' : 'not met'}${run.target.bestLaunchesPerSecond ? ` (best ${run.target.bestLaunchesPerSecond}/s)` : ''}`);
  if (l.firstErrors.length) log(`  first errors: ${l.firstErrors.join(' | ')}`);
}

/**
 * `npx tsx bench/launch-run.ts`: the launch run alone (BENCH_CONNECTIONS, BENCH_DURATION,
 * BENCH_WARMUP apply), printed; with BENCH_WRITE_LAUNCH=1 it replaces the launch part of
 * bench/results.json (noted there).
 */
if (require.main === module) {
  void (async () => {
    await import('./production-mode');
    const { readBenchConfig } = await import('./bench-config');
    const config = readBenchConfig();
    const run = await runLaunchBoth({ connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds, logLevel: config.logLevel }, console.log);
    printLaunch(run, console.log);
    if (process.env.BENCH_WRITE_LAUNCH === '1') {
      const file = path.join(__dirname, 'results.json');
      const results = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      results.launch = { ...run, measuredAlone: `bench/launch-run.ts alone, ${new Date().toISOString()}` };
      fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    }
    process.exit(0);
  })();
}
