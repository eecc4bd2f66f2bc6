/** `learner-voice api-token …` (or `npm run api-token -- …`): read-API tokens of a platform (create, list, revoke). */
import { runApiTokenCommand } from './api-token-command';
import { consoleIo, runCliEntry } from './cli-entry';

export function apiTokenCli(argv: string[]): void {
  runCliEntry('learner-voice api-token', argv, (_config, storage) => runApiTokenCommand(argv, { tokens: storage.apiTokens, platforms: storage.platforms, now: () => new Date() }, consoleIo));
}

if (require.main === module) apiTokenCli(process.argv.slice(2));
