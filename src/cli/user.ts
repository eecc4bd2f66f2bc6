/** `learner-voice user export|erase …`: data-protection requests about one person of one platform. */
import { consoleIo, runCliEntry } from './cli-entry';
import { confirmOnTerminal } from './cli-output';
import { runUserCommand } from './user-command';

export function userCli(argv: string[]): void {
  // The catalogue's visitor pseudonyms are keyed by LTI_KEY (catalogue/visitor.ts): the same key finds them.
  runCliEntry('learner-voice user', argv, (config, storage) => runUserCommand(argv, { storage, visitorSecret: config.ltiKey, now: () => new Date(), confirm: confirmOnTerminal }, consoleIo));
}

if (require.main === module) userCli(process.argv.slice(2));
