/**
 * The SQLite run. The measured store is a WAL file in a temp dir on the disk, as in production.
 *
 * Seeding: saveReview commits one IMMEDIATE transaction per review, and on this machine's disk the
 * WAL checkpoints' fsyncs hold that to 1,700–2,800 reviews/s on a fresh file, falling as the file
 * grows: seeding 1,000,000 on the disk took 11.8 minutes (1,409/s), most of the 15-minute budget. So, when /dev/shm (memory-backed tmpfs) has room, the million reviews go
 * through the very same saveReview into a file there, which is then closed (checkpointed) and copied
 * to the disk temp dir, where everything is measured. A 20,000-review sample seeded on the disk
 * first records what the disk costs (results.json: seed.diskSample). Nothing is written around the port.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage';
import type { BenchConfig } from './bench-config';
import type { StoreRun } from './report';
import { withReviews } from './review-storage';
import { seedReviews, type SeedResult } from './seed';
import { runOnStore } from './store-run';

const TMPFS = '/dev/shm';
/** Bytes per seeded review on disk, measured (about 1.7 KB with its index entries), with margin. */
const BYTES_PER_REVIEW = 2_500;
const DISK_SAMPLE = 20_000;

function fileBytes(...files: string[]): number {
  return files.reduce((total, f) => total + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

/** /dev/shm when it has room for `reviews` reviews (and their index entries), else null: seed on the disk. */
export function tmpfsWithRoom(reviews: number): string | null {
  try {
    const stats = fs.statfsSync(TMPFS);
    return stats.bavail * stats.bsize > reviews * BYTES_PER_REVIEW * 1.5 ? TMPFS : null;
  } catch {
    return null;
  }
}

/** The same seeding, on a small scale, on the disk: what saveReview costs there. */
async function diskSample(dir: string, config: BenchConfig, log: (line: string) => void): Promise<SeedResult> {
  const file = path.join(dir, 'disk-sample.sqlite');
  const storage = withReviews(openSqliteStorage({ file }));
  const reviews = Math.min(DISK_SAMPLE, config.reviews);
  // Same share for the big item as in the full seed (5 %), same number of items.
  const sample: BenchConfig = { ...config, reviews, bigItemReviews: Math.max(1, Math.round((reviews * config.bigItemReviews) / config.reviews)) };
  log(`Disk sample: seeding ${reviews.toLocaleString('en')} reviews through saveReview on the disk…`);
  try {
    const platform = { issuer: 'https://sample.platform.invalid', clientId: 'sample', deploymentId: '1' };
    return await seedReviews(storage.reviews, { platform, bigCourseId: 'sample-course' }, sample, new Date(), () => undefined);
  } finally {
    await storage.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
}

export async function runSqlite(config: BenchConfig, log: (line: string) => void): Promise<StoreRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lv-bench-'));
  const file = path.join(dir, 'learner-voice.sqlite');
  const fast = tmpfsWithRoom(config.reviews);
  const fastDir = fast ? fs.mkdtempSync(path.join(fast, 'lv-bench-seed-')) : null;
  try {
    const sample = fastDir ? await diskSample(dir, config, log) : undefined;
    if (sample) log(`  ${sample.reviewsPerSecond.toLocaleString('en')} reviews/s on the disk`);
    const seedFile = fastDir ? path.join(fastDir, 'learner-voice.sqlite') : null;
    const seedElsewhere =
      fastDir && seedFile
        ? {
            open: async () => openSqliteStorage({ file: seedFile }),
            // Closing checkpointed the WAL into the main file: that file is the whole database.
            handOver: () => {
              fs.copyFileSync(seedFile, file);
              fs.rmSync(fastDir, { recursive: true, force: true });
            },
            placement: `through saveReview into a WAL file on ${TMPFS} (tmpfs), then closed and copied to ${dir} on the disk, where it was measured`,
          }
        : undefined;
    return await runOnStore({
      kind: 'sqlite',
      open: async () => openSqliteStorage({ file }),
      placement: `on the measured WAL file in ${dir}`,
      seedElsewhere,
      size: () => fileBytes(file, `${file}-wal`),
      diskSample: sample,
      config,
      log,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (fastDir) fs.rmSync(fastDir, { recursive: true, force: true });
  }
}
