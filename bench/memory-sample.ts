/**
 * The server's memory, as the soak and the store runs record it. RSS is what the target is
 * about (what the operator's container limit sees); the V8 heap says how much of it is JavaScript
 * objects. `heapUsedAfterGcMb` forces a full collection first, so a minute's figure is what is
 * live, not what garbage happened to be waiting: growth in it is a leak, growth in RSS alone is not.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

export interface MemorySample {
  /** Seconds since the measurement began. */
  readonly atSeconds: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly heapUsedAfterGcMb: number;
  readonly heapTotalMb: number;
  /** Buffers and native objects V8 is told about (better-sqlite3 rows, sockets' buffers). */
  readonly externalMb: number;
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

export function sampleMemory(began: number): MemorySample {
  const before = process.memoryUsage();
  gc();
  const after = process.memoryUsage();
  return {
    atSeconds: Math.round((performance.now() - began) / 1000),
    rssMb: mb(before.rss),
    heapUsedMb: mb(before.heapUsed),
    heapUsedAfterGcMb: mb(after.heapUsed),
    heapTotalMb: mb(after.heapTotal),
    externalMb: mb(after.external),
  };
}

/** Growth from `first` to `last` in percent, one decimal. */
export function growthPercent(first: number, last: number): number {
  return Math.round(((last - first) / first) * 1000) / 10;
}
