/**
 * The one switch between stores: MongoDB when MONGODB_URI is set, the embedded SQLite file otherwise.
 * No other file names an adapter.
 */
import path from 'node:path';
import type { Config } from '../config';
import type { Storage } from './port';
import { openSqliteStorage } from './sqlite/sqlite-storage';

/**
 * The MongoDB adapter is loaded only when it is used: its mongoose (and driver) add about 13 MB to
 * the RSS of every process that merely imports it (measured, bench/README.md "Memory"), which a
 * SQLite deployment would carry for nothing.
 */
export async function openStorage(config: Pick<Config, 'mongodbUri' | 'dataDir'>): Promise<Storage> {
  if (!config.mongodbUri) return openSqliteStorage({ file: sqliteFile(config.dataDir) });
  const { openMongoStorage } = await import('./mongo/mongo-storage');
  return openMongoStorage({ uri: config.mongodbUri });
}

export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, 'learner-voice.sqlite');
}
