/** `learner-voice catalogue …` (or `npm run catalogue`): the catalogue's external sources (add, list, remove, refresh). */
import { feedSettings } from '../catalogue/external/feed-settings';
import { createLogger } from '../http/logger';
import { runCatalogueCommand } from './catalogue-command';
import { consoleIo, runCliEntry } from './cli-entry';

export function catalogueCli(argv: string[]): void {
  runCliEntry('learner-voice catalogue', argv, (config, storage) =>
    runCatalogueCommand(
      argv,
      { store: storage.externalSources, platforms: storage.platforms, settings: feedSettings(config.feeds), logger: createLogger(config.logLevel), now: () => new Date(), random: Math.random },
      consoleIo,
    ),
  );
}

if (require.main === module) catalogueCli(process.argv.slice(2));
