/**
 * The line every admin command (`learner-voice platform …`) prints first in text mode, on stderr
 * (with --json, stderr is kept for the error document alone): which store it opened. Without it, a CLI run without DATA_DIR quietly opened ./data
 * while the server used another directory, and said "No platform registered yet".
 */
import { existsSync } from 'node:fs';
import type { Config } from '../config';
import { sqliteFile } from '../storage/open-storage';


export function describeStore(config: Pick<Config, 'mongodbUri' | 'dataDir'>, env: Record<string, string | undefined>): string {
  if (config.mongodbUri) {
    // Never the whole URI: it usually carries a user name and password.
    const { srv, hosts, database } = partsOf(config.mongodbUri);
    const name = database ? decodeURIComponentSafe(database) : 'test (MONGODB_URI names no database: the driver default)';
    return `Store: MongoDB database ${name} on ${srv ? 'mongodb+srv://' : ''}${hosts} (from MONGODB_URI)`;
  }
  const file = sqliteFile(config.dataDir);
  const from = env.DATA_DIR?.trim() ? 'from DATA_DIR' : 'DATA_DIR not set: the default ./data of the current directory';
  return `Store: SQLite file ${file} (${from})${existsSync(file) ? '' : ', new and empty'}`;
}

/** Split by hand: a password may hold characters that trip a URL parser; everything up to the last @ is dropped
 * (at worst a query holding an @ hides the hosts; never a credential shows). */
function partsOf(uri: string): { srv: boolean; hosts: string; database: string } {
  const srv = uri.startsWith('mongodb+srv://');
  const rest = uri.slice(uri.indexOf('://') + 3);
  const afterCredentials = rest.slice(rest.lastIndexOf('@') + 1).split('?')[0];
  const slash = afterCredentials.indexOf('/');
  return {
    srv,
    hosts: slash === -1 ? afterCredentials : afterCredentials.slice(0, slash),
    database: slash === -1 ? '' : afterCredentials.slice(slash + 1),
  };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
