/**
 * `learner-voice backup <file>` and `learner-voice restore <file> [--yes]`. SQLite: an online,
 * consistent copy of the store while the tool runs, and its restoration once the tool is stopped.
 * MongoDB: the mongodump/mongorestore recipe (backup-recipe.ts). Parsing and printing only; the file
 * work is storage/sqlite/backup-file.ts.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config';
import { sqliteFile } from '../storage/open-storage';
import { checkStoreFile, copyLiveDatabase, databaseInUse, replaceWithBackup, StoreFileError, type StoreFileFacts } from '../storage/sqlite/backup-file';
import { mongoBackupRecipe } from './backup-recipe';
import type { CommandOutput } from './platform-command';

export const BACKUP_USAGE = `Usage: learner-voice backup FILE
       learner-voice restore FILE [--yes]

  backup FILE    copy the SQLite store to FILE while the tool runs (one consistent snapshot; FILE must not exist)
  restore FILE   replace the store with FILE, after checking it; the tool must be stopped first.
                 The current file is kept next to it as learner-voice.sqlite.before-restore-<time>.
                 Asks for confirmation unless --yes is given.

With MONGODB_URI set, both print the mongodump/mongorestore recipe instead.`;

export interface BackupDeps {
  readonly config: Pick<Config, 'mongodbUri' | 'dataDir'>;
  readonly now: () => Date;
  /** Asks the admin a yes/no question; resolves false when no one can answer (no terminal). */
  readonly confirm: (question: string) => Promise<boolean>;
}

/** Runs one command; returns the process exit code (0 ok, 1 refused, 2 usage). */
export async function runBackupCommand(command: 'backup' | 'restore', argv: string[], deps: BackupDeps, io: CommandOutput): Promise<number> {
  let parsed: { values: { yes?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { yes: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    return usage(io, (err as Error).message);
  }
  if (parsed.values.help) {
    io.out(BACKUP_USAGE);
    return 0;
  }
  if (deps.config.mongodbUri) {
    io.out(mongoBackupRecipe(databaseOf(deps.config.mongodbUri)));
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) return usage(io, `${command} takes one FILE.`);
  if (command === 'backup' && parsed.values.yes) return usage(io, 'backup has no --yes.');
  const live = sqliteFile(deps.config.dataDir);
  try {
    return command === 'backup' ? backup(live, file, io) : await restore(live, file, parsed.values.yes === true, deps, io);
  } catch (err) {
    if (!(err instanceof StoreFileError)) throw err;
    io.err(err.message);
    return 1;
  }
}

function backup(live: string, file: string, io: CommandOutput): number {
  const facts = copyLiveDatabase(live, file);
  io.out(`Backed up ${live} to ${file}: ${describe(facts)}.`);
  return 0;
}

async function restore(live: string, file: string, yes: boolean, deps: BackupDeps, io: CommandOutput): Promise<number> {
  const facts = checkStoreFile(file);
  if (databaseInUse(live)) {
    io.err(`${live} is open in another process (the tool, or another command): stop it first, then restore.`);
    return 1;
  }
  if (!yes && !(await deps.confirm(`Replace ${live} with ${file} (${describe(facts)})? The current file is kept aside.`))) {
    io.err('Not restored (confirm, or pass --yes).');
    return 1;
  }
  const { keptAs } = replaceWithBackup(live, file, deps.now());
  io.out(`Restored ${file} into ${live}: ${describe(facts)}.`);
  io.out(keptAs ? `The previous file is kept as ${keptAs}.` : 'There was no previous file.');
  return 0;
}

function describe(facts: StoreFileFacts): string {
  return `schema ${facts.schemaVersion}, ${facts.platforms} platform(s), ${facts.reviews} review(s), ${facts.bytes} bytes, integrity ok`;
}

function usage(io: CommandOutput, problem: string): number {
  io.err(`${problem} Run "learner-voice backup --help" for the usage.`);
  return 2;
}

/** The database named by a MongoDB URI (never the credentials); '' when it names none. */
function databaseOf(uri: string): string {
  const afterCredentials = uri.slice(uri.indexOf('://') + 3).split('@').pop() ?? '';
  const path = afterCredentials.split('?')[0];
  const slash = path.indexOf('/');
  return slash === -1 ? '' : decodeURIComponent(path.slice(slash + 1));
}
