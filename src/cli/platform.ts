/** `learner-voice platform …` (or `npm run platform -- …` in a checkout): registers, updates, lists and removes LMS platforms (ltijs keeps their keys). */
import { newLtiProvider } from '../launch/lti-provider';
import { PlatformRegistry } from '../launch/platform-registry';
import { consoleIo, runCliEntry } from './cli-entry';
import { runPlatformCommand } from './platform-command';

export function platformCli(argv: string[]): void {
  runCliEntry('learner-voice platform', argv, async (config, storage) => {
    const lti = newLtiProvider(config, storage);
    await lti.deploy({ serverless: true, silent: true });
    try {
      const registry = new PlatformRegistry(lti, storage, { allowHttp: config.env !== 'production', encryptionKey: config.ltiKey });
      return await runPlatformCommand(argv, registry, consoleIo);
    } finally {
      await lti.close({ silent: true });
    }
  });
}

if (require.main === module) platformCli(process.argv.slice(2));
