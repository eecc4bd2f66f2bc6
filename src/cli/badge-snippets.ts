/** Entry of `npm run catalogue-badges`: prints the rating badge snippets of a platform's courses. */
import { storeBadgeListing } from '../catalogue/badge/store-badges';
import { runBadgeSnippetsCommand } from './badge-snippets-command';
import { consoleIo, runCliEntry } from './cli-entry';

runCliEntry('catalogue-badges', (config, storage) => runBadgeSnippetsCommand(process.argv.slice(2), storeBadgeListing(storage), consoleIo, { baseUrl: config.baseUrl }));
