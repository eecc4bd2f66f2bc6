/** `learner-voice catalogue-badges …` (or `npm run catalogue-badges`): prints the rating badge snippets of a platform's courses. */
import { storeBadgeListing } from '../catalogue/badge/store-badges';
import { runBadgeSnippetsCommand } from './badge-snippets-command';
import { consoleIo, runCliEntry } from './cli-entry';

export function badgeSnippetsCli(argv: string[]): void {
  runCliEntry('learner-voice catalogue-badges', argv, (config, storage) => runBadgeSnippetsCommand(argv, storeBadgeListing(storage), consoleIo, { baseUrl: config.baseUrl }));
}

if (require.main === module) badgeSnippetsCli(process.argv.slice(2));
