/** `learner-voice user export|erase …`: data-protection requests about one person of one platform. */
import { createInterface } from 'node:readline/promises';
import { consoleIo, runCliEntry } from './cli-entry';
import { runUserCommand } from './user-command';

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function userCli(argv: string[]): void {
  // The catalogue's visitor pseudonyms are keyed by LTI_KEY (catalogue/visitor.ts): the same key finds them.
  runCliEntry('learner-voice user', argv, (config, storage) => runUserCommand(argv, { storage, visitorSecret: config.ltiKey, now: () => new Date(), confirm }, consoleIo));
}

if (require.main === module) userCli(process.argv.slice(2));
