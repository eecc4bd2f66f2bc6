/**
 * Forked by soak-run.ts: seeds the reviews into a SQLite file and exits. Seeding in its own
 * process keeps the server's memory figures the server's own: a million saveReview calls leave
 * a grown V8 heap and malloc arenas behind that the serving process never had in production.
 */
import { openSqliteStorage } from '../src/storage/sqlite/sqlite-storage';
import { DEFAULT_SETTINGS } from '../src/panels/settings/settings-defaults';
import type { BenchConfig } from './bench-config';
import { withReviews } from './review-storage';
import { seedReviews, type SeedResult } from './seed';
import { BIG_ITEM_ASPECTS, itemKey, type SeedTarget } from './seed-plan';

export interface SoakSeedJob {
  readonly file: string;
  readonly target: SeedTarget;
  readonly config: BenchConfig;
}

export type SoakSeedReply = { readonly kind: 'seeded'; readonly seed: SeedResult } | { readonly kind: 'error'; readonly message: string };

async function seed(job: SoakSeedJob): Promise<SeedResult> {
  const storage = withReviews(openSqliteStorage({ file: job.file }));
  try {
    const bigItem = itemKey(job.target, 0);
    // As in store-run.ts: the measured course asks for three aspect ratings.
    await storage.settings.saveSettings(bigItem, { ...DEFAULT_SETTINGS, aspects: [...BIG_ITEM_ASPECTS] }, { course: bigItem, at: new Date(), actor: { id: 'bench', name: 'Bench seeding', role: 'instructor' }, action: 'settings.update', subject: { type: 'settings', id: bigItem.contextId } });
    return await seedReviews(storage.reviews, job.target, job.config, new Date(), (line) => console.log(line));
  } finally {
    await storage.close();
  }
}

process.once('message', (job: SoakSeedJob) => {
  seed(job).then(
    (result) => process.send?.({ kind: 'seeded', seed: result } satisfies SoakSeedReply, () => process.exit(0)),
    (err: unknown) => process.send?.({ kind: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies SoakSeedReply, () => process.exit(1)),
  );
});
