/**
 * The launch round trip again with the tool as the image runs it (`node dist/main.js`) with WORKERS
 * (README, "Several cores"): the same test platform and load generator processes as launch-run.ts,
 * the tool's CPU read from /proc for the supervisor and every worker. launch-run.ts measures what one
 * launch costs the tool; this measures what the machine serves when the tool may use every core.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childReply, perLaunch, stopChild, type LaunchMeasure, type PlatformInfo } from './launch-run';
import { buildDist, freePort, startProductionTool } from './production-tool';
import { waitForQuiet } from './cpu-meter';

export interface LaunchWorkersRun extends LaunchMeasure {
  readonly workers: number;
  /** CPU of the supervisor and its workers over the measured launches, per launch, and in cores. */
  readonly toolCpuMsPerLaunch: number;
  readonly toolCores: number;
  readonly platformCpuMsPerLaunch: number;
  readonly loadGeneratorCpuMsPerLaunch: number;
}

/** USER_HZ: /proc/<pid>/stat counts CPU in ticks of 10 ms on every Linux build Node supports. */
const TICK_MS = 10;

/** utime + stime of the process and its direct children (the supervisor's workers), in ms. */
function treeCpuMs(rootPid: number): number {
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // The command name, in parentheses, may hold spaces: fields are counted after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    if (pid === rootPid || ppid === rootPid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * TICK_MS;
}

export async function runLaunchWorkers(config: { connections: number; durationSeconds: number; warmupSeconds: number; logLevel: string; workers: number }, log: (line: string) => void): Promise<LaunchWorkersRun> {
  await buildDist();
  const dataDir = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'lv-bench-workers-'));
  const port = await freePort();
  const toolOrigin = `http://127.0.0.1:${port}`;
  const platformChild = fork(path.join(__dirname, 'launch-platform-process.ts'), [toolOrigin], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const loadChild = fork(path.join(__dirname, 'launch-load-process.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let tool: Awaited<ReturnType<typeof startProductionTool>> | undefined;
  try {
    const platform = await childReply<PlatformInfo>(platformChild);
    tool = await startProductionTool({ dataDir, port, logLevel: config.logLevel, workers: config.workers }, platform);
    const job = { platformOrigin: platform.origin, toolOrigin, connections: config.connections };
    log(`\nLaunch round trip, the tool as \`node dist/main.js\` with WORKERS=${config.workers}: ${config.connections} browsers, ${config.warmupSeconds} s warm-up + ${config.durationSeconds} s…`);
    await waitForQuiet(60);
    await childReply(loadChild, { ...job, warmupSeconds: 0, durationSeconds: config.warmupSeconds });
    const platformBefore = await childReply<{ cpuMs: number }>(platformChild, { kind: 'cpu' });
    const toolBefore = treeCpuMs(tool.child.pid!);
    const began = performance.now();
    const measured = await childReply<LaunchMeasure | { error: string }>(loadChild, { ...job, warmupSeconds: 0, durationSeconds: config.durationSeconds });
    const elapsedMs = performance.now() - began;
    const toolMs = treeCpuMs(tool.child.pid!) - toolBefore;
    const platformAfter = await childReply<{ cpuMs: number }>(platformChild, { kind: 'cpu' });
    if ('error' in measured) throw new Error(measured.error);
    return {
      ...measured,
      workers: config.workers,
      toolCpuMsPerLaunch: perLaunch(toolMs, measured.launches),
      toolCores: Math.round((toolMs / elapsedMs) * 100) / 100,
      platformCpuMsPerLaunch: perLaunch(platformAfter.cpuMs - platformBefore.cpuMs, measured.launches),
      loadGeneratorCpuMsPerLaunch: perLaunch(measured.clientCpuMs, measured.launches),
    };
  } finally {
    await stopChild(loadChild);
    await tool?.stop();
    await stopChild(platformChild);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printLaunchWorkers(run: LaunchWorkersRun, log: (line: string) => void): void {
  log(`\nLaunch round trip, WORKERS=${run.workers} (the tool as the image runs it)`);
  log(`  ${run.launchesPerSecond} launches/s (${run.launches} in ${run.seconds} s, ${run.errors} errors), p50 ${run.latency.p50.toFixed(1)} ms, p99 ${run.latency.p99.toFixed(1)} ms`);
  log(`  tool CPU ${run.toolCpuMsPerLaunch} ms per launch (supervisor and workers), ${run.toolCores} cores; test platform ${run.platformCpuMsPerLaunch} ms, load generator ${run.loadGeneratorCpuMsPerLaunch} ms`);
  if (run.firstErrors.length) log(`  first errors: ${run.firstErrors.join(' | ')}`);
}
