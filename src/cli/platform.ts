/** Entry of `npm run platform`: opens the configured store and ltijs, runs one command, exits. */
import { readConfig, ConfigError } from '../config';
import { newLtiProvider } from '../launch/lti-provider';
import { PlatformRegistry } from '../launch/platform-registry';
import { openStorage } from '../storage/open-storage';
import { runPlatformCommand } from './platform-command';
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
  const store = describeStore(config, process.env);
  const storage = await openStorage(config);
  console.error(store);
  const lti = newLtiProvider(config, storage);
  await lti.deploy({ serverless: true, silent: true });
  try {
    const registry = new PlatformRegistry(lti, storage, { allowHttp: config.env !== 'production' });
    return await runPlatformCommand(process.argv.slice(2), registry, { out: (l) => console.log(l), err: (l) => console.error(l) });
  } finally {
    await lti.close({ silent: true });
    await storage.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('platform command failed:', err);
    process.exit(1);
  },
);
