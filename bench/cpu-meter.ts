/**
 * Who else used the CPU during a measurement. The machine is shared (other people run tests on
 * it), and on 2 cores a busy neighbour shows up directly in p99; results.json records it so a
 * noisy figure can be recognised as such. Linux only (/proc/stat); elsewhere it reports null.
 */
import fs from 'node:fs';
import os from 'node:os';

interface Snapshot {
  readonly at: number;
  /** Busy CPU time of the whole machine, ms (null when /proc/stat is unavailable). */
  readonly machineBusyMs: number | null;
  /** CPU time of this process (the tool and the bare route), ms. */
  readonly ownMs: number;
}

/** /proc/stat counts in USER_HZ ticks, 100 per second on every Linux build Node supports. */
const TICK_MS = 10;

/**
 * Time every process spent running (user, nice, system). Interrupt and softirq time are left out:
 * most of it is the loopback traffic of the bench itself, which no process is charged for.
 */
function machineBusyMs(): number | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [, user, nice, system] = line.trim().split(/\s+/).map(Number);
    return (user + nice + system) * TICK_MS;
  } catch {
    return null;
  }
}

export function snapshot(): Snapshot {
  const own = process.cpuUsage();
  return { at: performance.now(), machineBusyMs: machineBusyMs(), ownMs: (own.user + own.system) / 1000 };
}

export interface Contention {
  /** 1-minute load average when the measurement ended. */
  readonly loadAverage: number;
  /** CPU used by this process (server side), in cores. */
  readonly serverCores: number;
  /** CPU used by the load generator, in cores. */
  readonly loadGeneratorCores: number;
  /** CPU used by every other process on the machine, in cores (of os.cpus().length). */
  readonly otherProcessesCores: number | null;
  /** Seconds waited for the machine to be quiet before starting (see waitForQuiet). */
  readonly waitedForQuietSeconds?: number | null;
}

/**
 * Waits (up to maxSeconds) until other processes use less than `threshold` cores over a 2 s
 * window, so a measurement does not start in the middle of someone's test run. Returns the seconds
 * waited, or null when the machine cannot tell (not Linux).
 */
export async function waitForQuiet(maxSeconds: number, threshold = 0.25): Promise<number | null> {
  if (machineBusyMs() === null) return null;
  const began = performance.now();
  for (;;) {
    const before = snapshot();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = snapshot();
    const others = ((after.machineBusyMs ?? 0) - (before.machineBusyMs ?? 0) - (after.ownMs - before.ownMs)) / (after.at - before.at);
    const waited = (performance.now() - began) / 1000;
    if (others < threshold || waited >= maxSeconds) return Math.round(waited);
  }
}

export function contention(before: Snapshot, after: Snapshot, loadGeneratorMs: number): Contention {
  const elapsed = after.at - before.at;
  const cores = (ms: number) => Math.round((ms / elapsed) * 100) / 100;
  const own = after.ownMs - before.ownMs;
  const machine = before.machineBusyMs !== null && after.machineBusyMs !== null ? after.machineBusyMs - before.machineBusyMs : null;
  return {
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
    serverCores: cores(own),
    loadGeneratorCores: cores(loadGeneratorMs),
    otherProcessesCores: machine === null ? null : Math.max(0, cores(machine - own - loadGeneratorMs)),
  };
}
