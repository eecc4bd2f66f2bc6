/** Entry of `npm run catalogue`: opens the configured store, runs one command, exits. */
import { feedSettings } from '../catalogue/external/feed-settings';
import { ConfigError, readConfig } from '../config';
import { createLogger } from '../http/logger';
import { openStorage } from '../storage/open-storage';
import { runCatalogueCommand } from './catalogue-command';
import { describeStore } from './store-description';

async function main(): Promise<number> {
  let config;
  try {
    config = readConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  // Described before opening: opening creates the file, and "new and empty" is worth saying.
  const store = describeStore(config, process.env);
  const storage = await openStorage(config);
  console.error(store);
  try {
    return await runCatalogueCommand(
      process.argv.slice(2),
      { store: storage.externalSources, platforms: storage.platforms, settings: feedSettings(config.feeds), logger: createLogger(config.logLevel), now: () => new Date(), random: Math.random },
      { out: (l) => console.log(l), err: (l) => console.error(l) },
    );
  } finally {
    await storage.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('catalogue command failed:', err);
    process.exit(1);
  },
);
