/**
 * `learner-voice catalogue sources <command>`: external catalogue sources (feeds) of one deployment,
 * for admins who prefer a shell to the admin page. Parsing and printing only; the work is the same
 * as the page's (catalogue/external/manage-sources.ts). Errors are one line each, not the usage;
 * --json and the exit codes as every admin command (cli-output.ts).
 */
import { parseArgs } from 'node:util';
import { addExternalSource, refreshExternalSource } from '../catalogue/external/manage-sources';
import type { RefreshDeps } from '../catalogue/external/refresh-source';
import { sourceStatus } from '../catalogue/external/source-status';
import type { SourceField, SourceProblem } from '../catalogue/external/source-input';
import type { DeploymentKey } from '../context/tenant';
import type { PlatformStore } from '../storage/port';
import type { ExternalSource } from '../storage/ports/external-sources';
import { CommandFailure, EXIT, present, runCommand, UsageError, type CliIo } from './cli-output';

export const CATALOGUE_USAGE = `Usage: learner-voice catalogue sources <command> --issuer URL --client-id ID --deployment ID [options]
  (in a development checkout: npm run catalogue -- sources <command> …)

Commands:
  add --name TEXT --url URL [--language en|fr]   add a feed (RSS, Atom or JSON Feed) to the deployment's catalogue
  list                                           list the deployment's feeds with their status
  remove --id SOURCE_ID                          remove a feed and its entries
  refresh --id SOURCE_ID                         fetch a feed now and print the result

Every command takes --json: one JSON document on stdout, or {"error": "..."} on stderr.
Exit codes: 0 done, 1 refused or failed, 2 wrong command line.

Example:
  learner-voice catalogue sources add --issuer https://moodle.example.edu --client-id VyRG5MdLRKH74x1 \\
    --deployment 1 --name "Open MOOC" --url https://mooc.example/courses.rss --language en
`;

export interface CatalogueCommandDeps extends RefreshDeps {
  readonly platforms: PlatformStore;
}

const PROGRAM = 'learner-voice catalogue';

const PROBLEM_TEXT: Record<SourceProblem, string> = {
  required: 'is required',
  'too-long': 'is too long',
  invalid: 'is not valid',
  scheme: 'must be an http:// or https:// URL',
  'http-not-allowed': 'must be an https:// URL (FEEDS_ALLOW_HTTP is off)',
  duplicate: 'is already a source of this deployment',
  'too-many': 'cannot be added: the deployment has the most sources allowed',
};

/** Runs one command; returns the process exit code (0 done, 1 refused or failed, 2 usage). */
export function runCatalogueCommand(argv: string[], deps: CatalogueCommandDeps, io: CliIo): Promise<number> {
  return runCommand(PROGRAM, argv, io, (json) => dispatch(argv, deps, io, json));
}

async function dispatch(argv: string[], deps: CatalogueCommandDeps, io: CliIo, json: boolean): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === undefined) throw new UsageError('no command given');
  if (group === 'help' || group === '--help' || group === '-h') {
    present(io, json, { usage: CATALOGUE_USAGE }, () => CATALOGUE_USAGE);
    return EXIT.done;
  }
  if (group !== 'sources') throw new UsageError(`unknown command "${group}"`);
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      deployment: { type: 'string' },
      name: { type: 'string' },
      url: { type: 'string' },
      language: { type: 'string' },
      id: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (!['add', 'list', 'remove', 'refresh'].includes(command ?? '')) throw new UsageError(`unknown sources command "${command ?? ''}"`);
  const missing = ['issuer', 'client-id', 'deployment', ...(command === 'remove' || command === 'refresh' ? ['id'] : [])].filter((name) => typeof values[name as keyof typeof values] !== 'string');
  if (missing.length) throw new UsageError(`missing ${missing.map((m) => '--' + m).join(', ')}`);
  const deployment: DeploymentKey = { issuer: values.issuer!, clientId: values['client-id']!, deploymentId: values.deployment! };
  const id = values.id!;

  switch (command) {
    case 'add': {
      if (!(await knownDeployment(deps.platforms, deployment)))
        throw new CommandFailure(`No registered platform ${deployment.issuer} (client ${deployment.clientId}) has deployment ${deployment.deploymentId}; see learner-voice platform list.`);
      const result = await addExternalSource(deps.store, deployment, { name: values.name, url: values.url, language: values.language }, { userId: 'cli', allowHttp: deps.settings.fetch.policy.allowHttp, now: deps.now() });
      if (!result.ok) throw new CommandFailure((Object.entries(result.problems) as [SourceField, SourceProblem][]).map(([field, problem]) => `--${field} ${PROBLEM_TEXT[problem]}.`).join('\n'));
      const source = result.source;
      present(io, json, sourceDocument(source, deps), () => `Added ${source.id}: ${source.name}. The worker fetches it within a minute; "sources refresh --id ${source.id}" fetches it now.`);
      return EXIT.done;
    }
    case 'list': {
      const sources = await deps.store.listSources(deployment);
      present(io, json, sources.map((s) => sourceDocument(s, deps)), () => (sources.length === 0 ? 'No external source for this deployment yet.' : sources.map((s) => line(s, deps))));
      return EXIT.done;
    }
    case 'remove':
      if (!(await deps.store.removeSource(deployment, id))) throw notFound(id);
      present(io, json, { removed: true, id }, () => 'Removed.');
      return EXIT.done;
    default: {
      const outcome = await refreshExternalSource(deployment, id, deps);
      switch (outcome.kind) {
        case 'not-found':
        case 'removed':
          throw notFound(id);
        case 'busy':
          throw new CommandFailure('The feed is being fetched right now; try again in a minute.');
        case 'failure':
          throw new CommandFailure(`Fetch failed: ${outcome.error}. The entries of the last successful fetch are kept.`);
        case 'success':
          present(io, json, { outcome: 'fetched', entries: outcome.entries }, () => `Fetched: ${outcome.entries} ${outcome.entries === 1 ? 'entry' : 'entries'}.`);
          return EXIT.done;
        case 'not-modified':
          present(io, json, { outcome: 'not-modified' }, () => 'Not modified since the last fetch: entries kept.');
          return EXIT.done;
      }
    }
  }
}

function notFound(id: string): CommandFailure {
  return new CommandFailure(`No source ${id} in this deployment.`);
}

/** The JSON form of a source: named fields, dates as ISO text, its status as the list shows it. */
function sourceDocument(s: ExternalSource, deps: CatalogueCommandDeps) {
  return {
    ...s,
    status: sourceStatus(s, deps.now(), deps.settings.intervalMs),
  };
}

async function knownDeployment(platforms: PlatformStore, deployment: DeploymentKey): Promise<boolean> {
  const platform = await platforms.findPlatform(deployment);
  return platform !== null && platform.deploymentIds.includes(deployment.deploymentId);
}

function line(s: ExternalSource, deps: CatalogueCommandDeps): string {
  const status = sourceStatus(s, deps.now(), deps.settings.intervalMs);
  const detail = s.lastError ? ` (${s.lastError}, ${s.consecutiveFailures} in a row)` : '';
  const success = s.lastSuccessAt ? `last success ${s.lastSuccessAt.toISOString()}` : 'never fetched';
  return `${s.id}  ${status}${detail}  ${s.entryCount} entries  ${success}  ${s.name}  ${s.url}`;
}
