#!/usr/bin/env node
/**
 * The admin commands' one production entry, the package's `bin`: `learner-voice platform …`,
 * `learner-voice catalogue …`, `learner-voice catalogue-badges …`, `learner-voice retention …`. Runs from dist/ with plain node,
 * so it works in the image, where tsx (a dev dependency) is not installed:
 * `docker compose exec tool learner-voice platform list`.
 * Each command is loaded only when named (the platform command brings ltijs with it).
 */
const COMMANDS: Record<string, { summary: string; run: () => Promise<(argv: string[]) => void> }> = {
  platform: { summary: 'register, update, list, (de)activate and remove LMS platforms; rotate the tool\'s keys', run: async () => (await import('./platform')).platformCli },
  catalogue: { summary: "the catalogue's external sources (add, list, remove, refresh)", run: async () => (await import('./catalogue')).catalogueCli },
  'catalogue-badges': { summary: "rating badge snippets of a platform's courses", run: async () => (await import('./badge-snippets')).badgeSnippetsCli },
  retention: { summary: 'what the retention policy purges: --dry-run to count, --now to purge', run: async () => (await import('./retention')).retentionCli },
  backup: { summary: 'copy the SQLite store while the tool runs (MongoDB: prints the mongodump recipe)', run: async () => (await import('./backup')).backupCli },
  restore: { summary: 'replace the SQLite store with a backup, the tool stopped (MongoDB: the recipe)', run: async () => (await import('./backup')).restoreCli },
  'api-token': { summary: "read-API tokens of a platform: create (shown once), list, revoke", run: async () => (await import('./api-token')).apiTokenCli },
  user: { summary: "one person's data: export as JSON, or erase (GDPR articles 15 and 17)", run: async () => (await import('./user')).userCli },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    'Usage: learner-voice <command> [arguments]   (learner-voice <command> --help for its own)',
    '',
    ...Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`),
  ].join('\n');
}

const [commandName, ...argv] = process.argv.slice(2);
if (commandName === undefined || commandName === '--help' || commandName === '-h' || commandName === 'help') {
  (commandName === undefined ? console.error : console.log)(usage());
  process.exitCode = commandName === undefined ? 2 : 0;
} else if (!Object.hasOwn(COMMANDS, commandName)) {
  console.error(`Unknown command "${commandName}": learner-voice --help lists them.`);
  process.exitCode = 2;
} else {
  void COMMANDS[commandName].run().then((cli) => cli(argv));
}
