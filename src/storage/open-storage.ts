/**
 * The one switch between stores: MongoDB when MONGODB_URI is set, the embedded SQLite file otherwise.
 * No other file names an adapter.
 */
import path from 'node:path';
import type { Config } from '../config';
import type { Storage } from './port';
import { openMongoStorage } from './mongo/mongo-storage';
import { openSqliteStorage } from './sqlite/sqlite-storage';

export async function openStorage(config: Pick<Config, 'mongodbUri' | 'dataDir'>): Promise<Storage> {
  return config.mongodbUri ? openMongoStorage({ uri: config.mongodbUri }) : openSqliteStorage({ file: sqliteFile(config.dataDir) });
}

export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, 'learner-voice.sqlite');
}
