/** Entry of `npm run catalogue-badges`: opens the configured store, prints the badge snippets, exits. */
import { storeBadgeListing } from '../catalogue/badge/store-badges';
import { ConfigError, readConfig } from '../config';
import { openStorage } from '../storage/open-storage';
import { runBadgeSnippetsCommand } from './badge-snippets-command';
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
  const storage = await openStorage(config);
  // On stderr, like the summary line: stdout holds only titles and snippets, ready to copy or redirect.
  console.error(describeStore(config, process.env));
  try {
    return await runBadgeSnippetsCommand(process.argv.slice(2), storeBadgeListing(storage), { out: (l) => console.log(l), err: (l) => console.error(l) }, { baseUrl: config.baseUrl });
  } finally {
    await storage.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('catalogue-badges failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
