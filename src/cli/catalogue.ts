/** Entry of `npm run catalogue`: the catalogue's external sources (add, list, remove, refresh). */
import { feedSettings } from '../catalogue/external/feed-settings';
import { createLogger } from '../http/logger';
import { runCatalogueCommand } from './catalogue-command';
import { consoleIo, runCliEntry } from './cli-entry';

runCliEntry('catalogue command', (config, storage) =>
  runCatalogueCommand(
    process.argv.slice(2),
    { store: storage.externalSources, platforms: storage.platforms, settings: feedSettings(config.feeds), logger: createLogger(config.logLevel), now: () => new Date(), random: Math.random },
    consoleIo,
  ),
);
