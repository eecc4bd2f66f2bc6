/**
 * `learner-voice manager add|remove|list --issuer URL --client-id ID (--user ID | --role ROLE)`:
 * training managers of one platform, for admins who prefer a shell to the managers page. Parsing and
 * printing only; the work is listening/designations.ts, as the page's. --json, one-line errors and
 * exit codes as every admin command (cli-output.ts).
 */
import { parseArgs } from 'node:util';
import type { PlatformKey } from '../context/tenant';
import { designate, readSubject, subjectText, undesignate, maxLengthOf } from '../listening/designations';
import type { ManagerDesignation } from '../storage/ports/managers';
import type { Storage } from '../storage/port';
import { CommandFailure, EXIT, present, runCommand, UsageError, type CliIo } from './cli-output';

export const MANAGER_USAGE = `Usage: learner-voice manager <command> --issuer URL --client-id ID [options]

Commands:
  add (--user ID | --role ROLE)      designate a training manager of the platform
  remove (--user ID | --role ROLE)   remove a designation
  list                               the platform's designations

Training managers open the Listening view of every course of the platform (platform administrators
always can). --user is the person's LTI user id on that platform (the id token's "sub"), matched
exactly. --role is a role URI as the LMS sends it, or a short name (Mentor) that matches that role
in any scope (README, "Training managers").

Every command takes --json: one JSON document on stdout, or {"error": "..."} on stderr.
Exit codes: 0 done, 1 refused or failed, 2 wrong command line.
A running tool sees a change within 5 seconds.`;

export interface ManagerCommandDeps {
  readonly storage: Pick<Storage, 'managers' | 'platforms'>;
  readonly now: () => Date;
}

const PROGRAM = 'learner-voice manager';
const MAX_KEY_LENGTH = 1024;

/** Runs one command; returns the process exit code (0 done, 1 refused or failed, 2 usage). */
export function runManagerCommand(argv: string[], deps: ManagerCommandDeps, io: CliIo): Promise<number> {
  return runCommand(PROGRAM, argv, io, (json) => dispatch(argv, deps, io, json));
}

async function dispatch(argv: string[], deps: ManagerCommandDeps, io: CliIo, json: boolean): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command given');
  if (command === 'help' || command === '--help' || command === '-h') {
    present(io, json, { usage: MANAGER_USAGE }, () => MANAGER_USAGE);
    return EXIT.done;
  }
  if (command !== 'add' && command !== 'remove' && command !== 'list') throw new UsageError(`unknown command "${command}"`);
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: { issuer: { type: 'string' }, 'client-id': { type: 'string' }, user: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean' } },
  });
  const missing = (['issuer', 'client-id'] as const).filter((name) => !values[name]?.trim());
  if (missing.length) throw new UsageError(`missing ${missing.map((m) => '--' + m).join(', ')}`);
  if ((['issuer', 'client-id'] as const).some((name) => values[name]!.length > MAX_KEY_LENGTH)) throw new UsageError('--issuer or --client-id is too long');
  const platform: PlatformKey = { issuer: values.issuer!, clientId: values['client-id']! };
  if (!(await deps.storage.platforms.findPlatform(platform))) throw new CommandFailure(`No registered platform ${platform.issuer} (client ${platform.clientId}); see learner-voice platform list.`);

  if (command === 'list') {
    if (values.user !== undefined || values.role !== undefined) throw new UsageError('list takes no --user or --role');
    const designations = await deps.storage.managers.listDesignations(platform);
    present(io, json, designations.map(designationDocument), () => (designations.length === 0 ? 'No training manager designated on this platform (platform administrators always are).' : designations.map(line)));
    return EXIT.done;
  }

  if ((values.user === undefined) === (values.role === undefined)) throw new UsageError(`${command} takes exactly one of --user, --role`);
  const kind = values.user !== undefined ? 'user' : 'role';
  const read = readSubject(kind, values.user ?? values.role!, { trimUserId: false });
  if ('problems' in read) {
    const problem = read.problems.value;
    throw new UsageError(`--${kind} ${problem === 'too-long' ? `is too long (${maxLengthOf(kind)} characters at most)` : problem === 'required' ? 'is empty' : kind === 'role' ? 'is not a role (a URI without spaces, or a short name such as Mentor)' : 'contains control characters'}`);
  }
  if (command === 'add') {
    const { added, designation } = await designate(deps.storage, platform, read.subject, { id: 'cli', name: '' }, deps.now());
    present(io, json, { added, designation: designationDocument(designation) }, () => (added ? `Designated ${kind} ${subjectText(read.subject)}.` : `Already designated: ${kind} ${subjectText(read.subject)}; nothing changed.`));
    return EXIT.done;
  }
  if (!(await undesignate(deps.storage, platform, read.subject))) throw new CommandFailure(`No designation of ${kind} ${subjectText(read.subject)} on this platform.`);
  present(io, json, { removed: true }, () => 'Removed.');
  return EXIT.done;
}

/** The JSON form: named fields, the date as ISO text. */
function designationDocument(d: ManagerDesignation) {
  return { ...(d.subject.kind === 'user' ? { user: d.subject.userId } : { role: d.subject.role }), designatedBy: d.designatedBy.id, designatedAt: d.designatedAt.toISOString() };
}

function line(d: ManagerDesignation): string {
  const by = d.designatedBy.id === '' ? '' : d.designatedBy.id === 'cli' ? ' (command line)' : ` (by ${d.designatedBy.id})`;
  return `${d.subject.kind.padEnd(4)}  ${subjectText(d.subject)}  designated ${d.designatedAt.toISOString()}${by}`;
}
