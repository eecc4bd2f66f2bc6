/**
 * `learner-voice backup FILE` and `learner-voice restore FILE [--yes]`. Unlike the other commands
 * these never open the store through openStorage: a restore must not hold the file it replaces, and
 * a backup reads the live file through its own read-only connection.
 */
import { ConfigError, readConfig } from '../config';
import { EnvFileError, loadEnvFile } from '../env-file';
import { runBackupCommand } from './backup-command';
import { consoleIo } from './cli-entry';
import { confirmOnTerminal } from './cli-output';
import { describeStore } from './store-description';

function run(command: 'backup' | 'restore', argv: string[]): void {
  const main = async (): Promise<number> => {
    try {
      loadEnvFile(process.env);
      const config = readConfig(process.env);
      console.error(describeStore(config, process.env));
      return await runBackupCommand(command, argv, { config, now: () => new Date(), confirm: confirmOnTerminal }, consoleIo);
    } catch (err) {
      if (err instanceof ConfigError || err instanceof EnvFileError) {
        console.error(err.message);
        return 1;
      }
      throw err;
    }
  };
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`${command} failed:`, err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}

export const backupCli = (argv: string[]): void => run('backup', argv);
export const restoreCli = (argv: string[]): void => run('restore', argv);

if (require.main === module) {
  const [command, ...argv] = process.argv.slice(2);
  if (command === 'backup' || command === 'restore') run(command, argv);
  else {
    console.error('Usage: backup.ts backup|restore FILE');
    process.exitCode = 2;
  }
}
