/**
 * The same run on MongoDB, when MONGODB_URI is set: in a database of its own (dropped afterwards),
 * with a smaller seed (mongoVariant: 100,000 reviews over 1,000 items; the measured item keeps its
 * 50,000 reviews so the panel figures compare with SQLite's).
 */
import mongoose from 'mongoose';
import { openMongoStorage } from '../src/storage/mongo/mongo-storage';
import type { BenchConfig } from './bench-config';
import type { StoreRun } from './report';
import { runOnStore } from './store-run';

export async function runMongo(uri: string, config: BenchConfig, log: (line: string) => void): Promise<StoreRun> {
  const dbName = `lv_bench_${Date.now()}`;
  log(`\nMongoDB: database ${dbName} (dropped at the end)`);
  try {
    return await runOnStore({
      kind: 'mongo',
      open: () => openMongoStorage({ uri, dbName, serverSelectionTimeoutMS: 10_000 }),
      placement: `directly in the measured MongoDB database ${dbName}`,
      config,
      log,
      notes: [`MongoDB seed: ${config.reviews.toLocaleString('en')} reviews over ${config.items.toLocaleString('en')} items (smaller than SQLite's, by design), big item ${config.bigItemReviews.toLocaleString('en')}.`],
    });
  } finally {
    // The storage closed its connection; open one briefly to drop the bench database.
    try {
      const connection = await mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
      await connection.dropDatabase();
      await connection.close();
    } catch (err) {
      log(`MongoDB: could not drop ${dbName}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
