/** `learner-voice retention --dry-run | --now [--json]` (or `npm run retention -- …`): the retention purge, at once. */
import { consoleIo, runCliEntry } from './cli-entry';
import { reportError, wantsJson } from './cli-output';
import { parseRetentionArgs, RETENTION_USAGE, RetentionUsageError, runRetentionCommand, type RetentionRequest } from './retention-command';

export function retentionCli(argv: string[]): void {
  // Arguments first: a typing mistake or --help never opens (or creates) the store.
  let request: RetentionRequest;
  try {
    request = parseRetentionArgs(argv);
  } catch (err) {
    if (!(err instanceof RetentionUsageError)) throw err;
    // One short line, as every admin command answers a wrong command line (cli-output.ts).
    reportError(consoleIo, 'learner-voice retention', wantsJson(argv), `${err.message} (see --help)`);
    process.exitCode = 2;
    return;
  }
  if (request === 'help') {
    console.log(RETENTION_USAGE);
    return;
  }
  const asked = request;
  runCliEntry('learner-voice retention', argv, (config, storage) => runRetentionCommand(asked, storage.retention, config.retention, consoleIo, new Date()));
}

if (require.main === module) retentionCli(process.argv.slice(2));
