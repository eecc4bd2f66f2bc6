/**
 * What every admin command does around its own work: read .env and the configuration as the server
 * does (a problem is one line and exit code 1, never a stack trace), describe the store on stderr (described before opening:
 * opening creates the file, and "new and empty" is worth saying), open it, run, close it, and exit
 * with the command's code. Standard output is left to the command, ready to copy or redirect.
 */
import { ConfigError, readConfig, type Config } from '../config';
import { EnvFileError, loadEnvFile } from '../env-file';
import { openStorage } from '../storage/open-storage';
import type { Storage } from '../storage/port';
import { describeStore } from './store-description';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const consoleIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

export function runCliEntry(name: string, command: (config: Config, storage: Storage) => Promise<number>): void {
  const main = async (): Promise<number> => {
    let config: Config;
    try {
      loadEnvFile(process.env);
      config = readConfig(process.env);
    } catch (err) {
      if (err instanceof ConfigError || err instanceof EnvFileError) {
        console.error(err.message);
        return 1;
      }
      throw err;
    }
    const store = describeStore(config, process.env);
    const storage = await openStorage(config);
    console.error(store);
    try {
      return await command(config, storage);
    } finally {
      await storage.close();
    }
  };
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`${name} failed:`, err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
