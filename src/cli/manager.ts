/** `learner-voice manager …`: training managers of one platform (add, remove, list). */
import { consoleIo, runCliEntry } from './cli-entry';
import { runManagerCommand } from './manager-command';

export function managerCli(argv: string[]): void {
  runCliEntry('learner-voice manager', argv, (_config, storage) => runManagerCommand(argv, { storage, now: () => new Date() }, consoleIo));
}

if (require.main === module) managerCli(process.argv.slice(2));
