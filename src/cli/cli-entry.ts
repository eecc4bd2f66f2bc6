/**
 * What every admin command does around its own work: read .env and the configuration as the server
 * does (a problem is one line and exit code 1, never a stack trace), describe the store on stderr (described before opening:
 * opening creates the file, and "new and empty" is worth saying), open it, run, close it, and exit
 * with the command's code. Standard output is left to the command, ready to copy or redirect.
 * With --json, stderr carries nothing but a failure's `{"error": "..."}` (cli-output.ts).
 */
import { ConfigError, readConfig, type Config } from '../config';
import { EnvFileError, loadEnvFile } from '../env-file';
import { openStorage } from '../storage/open-storage';
import type { Storage } from '../storage/port';
import { EXIT, reportError, wantsJson } from './cli-output';
import { describeStore } from './store-description';

export { consoleIo, type CliIo } from './cli-output';

/** `program` names the command in error lines: "learner-voice platform". */
export function runCliEntry(program: string, argv: readonly string[], command: (config: Config, storage: Storage) => Promise<number>): void {
  const json = wantsJson(argv);
  const main = async (): Promise<number> => {
    let config: Config;
    try {
      loadEnvFile(process.env);
      config = readConfig(process.env);
    } catch (err) {
      if (err instanceof ConfigError || err instanceof EnvFileError) {
        // Several lines already headed "Invalid configuration:", as the server prints them.
        if (json) reportError({ out: console.log, err: console.error }, program, json, err.message);
        else console.error(err.message);
        return EXIT.failed;
      }
      throw err;
    }
    const store = describeStore(config, process.env);
    const storage = await openStorage(config);
    if (!json) console.error(store);
    try {
      return await command(config, storage);
    } finally {
      await storage.close();
    }
  };
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      reportError({ out: console.log, err: console.error }, program, json, `failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(EXIT.failed);
    },
  );
}
