/**
 * `learner-voice user export|erase --issuer URL --client-id ID --user SUB`: data-protection requests
 * about one person of one platform (GDPR articles 15 and 17). Parsing and printing only; the work is
 * data-protection/export-user.ts and erase-user.ts.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { eraseUser } from '../data-protection/erase-user';
import { exportCounts, exportUser, isEmptyExport } from '../data-protection/export-user';
import type { Storage } from '../storage/port';
import type { UserKey } from '../storage/ports/user-data';
import type { CommandOutput } from './platform-command';

export const USER_USAGE = `Usage: learner-voice user <command> --issuer URL --client-id ID --user SUB [options]

Commands:
  export [--out FILE]   everything stored about the person, as JSON (standard output, or FILE)
  erase [--yes]         erase the person's data: reviews, votes, reports, poll answers, sessions and
                        launch records deleted (summaries and counts kept exact); ideas, comments,
                        responses and audit entries kept without their name or id. Asks for
                        confirmation unless --yes is given; prints the erasure's reference.

SUB is the person's LTI user id on that platform (the id token's "sub"); the same SUB on another
platform is another person and is never touched.`;

export interface UserCommandDeps {
  readonly storage: Pick<Storage, 'reviews' | 'userData' | 'contributions' | 'contributionFiles'>;
  readonly visitorSecret: string;
  readonly now: () => Date;
  readonly confirm: (question: string) => Promise<boolean>;
}

const MAX_ID_LENGTH = 1024;

/** Runs one command; returns the process exit code (0 ok, 1 refused, 2 usage). */
export async function runUserCommand(argv: string[], deps: UserCommandDeps, io: CommandOutput): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    (command === undefined ? io.err : io.out)(USER_USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'export' && command !== 'erase') return usage(io, `Unknown user command "${command}".`);
  let values: { issuer?: string; 'client-id'?: string; user?: string; out?: string; yes?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      options: { issuer: { type: 'string' }, 'client-id': { type: 'string' }, user: { type: 'string' }, out: { type: 'string' }, yes: { type: 'boolean' } },
    }));
  } catch (err) {
    return usage(io, (err as Error).message);
  }
  const missing = (['issuer', 'client-id', 'user'] as const).filter((name) => !values[name]?.trim());
  if (missing.length) return usage(io, `Missing: ${missing.map((m) => '--' + m).join(', ')}.`);
  const tooLong = (['issuer', 'client-id', 'user'] as const).filter((name) => values[name]!.length > MAX_ID_LENGTH);
  if (tooLong.length) return usage(io, `Too long: ${tooLong.map((m) => '--' + m).join(', ')}.`);
  if (command === 'export' && values.yes) return usage(io, 'export has no --yes.');
  if (command === 'erase' && values.out !== undefined) return usage(io, 'erase has no --out.');
  // Ids are matched exactly as the platform sent them: no trimming of the values themselves.
  const user: UserKey = { issuer: values.issuer!, clientId: values['client-id']!, userId: values.user! };

  const data = await exportUser(deps.storage, user, { visitorSecret: deps.visitorSecret, now: deps.now() });
  if (command === 'export') {
    const json = JSON.stringify(data, null, 2);
    if (values.out === undefined) io.out(json);
    else {
      writeFileSync(values.out, json + '\n', { mode: 0o600 });
      io.err(`Written to ${values.out}: ${describeCounts(exportCounts(data))}.`);
    }
    return 0;
  }

  if (isEmptyExport(data)) {
    io.out('Nothing is stored about this person on this platform: nothing to erase.');
    return 0;
  }
  const summary = describeCounts(exportCounts(data));
  if (!values.yes && !(await deps.confirm(`Erase the data of ${user.userId} on ${user.issuer} (client ${user.clientId}): ${summary}?`))) {
    io.err('Not erased (confirm, or pass --yes).');
    return 1;
  }
  const outcome = await eraseUser(deps.storage, user, { visitorSecret: deps.visitorSecret, now: deps.now() });
  io.out(`Erased. Reference ${outcome.reference} (written in the audit log of ${outcome.courses.length} course(s), without the person's data).`);
  return 0;
}

function describeCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([kind, n]) => `${n} ${kind}`);
  return parts.length ? parts.join(', ') : 'nothing stored';
}

function usage(io: CommandOutput, problem: string): number {
  io.err(`${problem} Run "learner-voice user --help" for the commands and their options.`);
  return 2;
}
