/**
 * `npm run catalogue -- sources <command>`: external catalogue sources (feeds) of one deployment,
 * for admins who prefer a shell to the admin page. Parsing and printing only; the work is the same
 * as the page's (catalogue/external/manage-sources.ts). Errors are one line each, not the usage.
 */
import { parseArgs } from 'node:util';
import { addExternalSource, refreshExternalSource } from '../catalogue/external/manage-sources';
import type { RefreshDeps } from '../catalogue/external/refresh-source';
import { sourceStatus } from '../catalogue/external/source-status';
import type { SourceField, SourceProblem } from '../catalogue/external/source-input';
import type { DeploymentKey } from '../context/tenant';
import type { PlatformStore } from '../storage/port';
import type { ExternalSource } from '../storage/ports/external-sources';
import type { CommandOutput } from './platform-command';

export const CATALOGUE_USAGE = `Usage: npm run catalogue -- sources <command> --issuer URL --client-id ID --deployment ID [options]

Commands:
  add --name TEXT --url URL [--language en|fr]   add a feed (RSS, Atom or JSON Feed) to the deployment's catalogue
  list [--json]                                  list the deployment's feeds with their status
  remove --id SOURCE_ID                          remove a feed and its entries
  refresh --id SOURCE_ID                         fetch a feed now and print the result

Example:
  npm run catalogue -- sources add --issuer https://moodle.example.edu --client-id VyRG5MdLRKH74x1 \\
    --deployment 1 --name "Open MOOC" --url https://mooc.example/courses.rss --language en
`;

export interface CatalogueCommandDeps extends RefreshDeps {
  readonly platforms: PlatformStore;
}

const HELP = 'Run "npm run catalogue -- help" for the commands and their options.';

const PROBLEM_TEXT: Record<SourceProblem, string> = {
  required: 'is required',
  'too-long': 'is too long',
  invalid: 'is not valid',
  scheme: 'must be an http:// or https:// URL',
  'http-not-allowed': 'must be an https:// URL (FEEDS_ALLOW_HTTP is off)',
  duplicate: 'is already a source of this deployment',
  'too-many': 'cannot be added: the deployment has the most sources allowed',
};

/** Runs one command; returns the process exit code (0 ok, 1 refused, 2 usage). */
export async function runCatalogueCommand(argv: string[], deps: CatalogueCommandDeps, io: CommandOutput): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === undefined || group === 'help' || group === '--help' || group === '-h') {
    io.out(CATALOGUE_USAGE);
    return group === undefined ? 2 : 0;
  }
  if (group !== 'sources') return usage(io, `Unknown command "${group}".`);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
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
    }));
  } catch (err) {
    return usage(io, (err as Error).message);
  }
  const missing = ['issuer', 'client-id', 'deployment', ...(command === 'remove' || command === 'refresh' ? ['id'] : [])].filter((name) => typeof values[name] !== 'string');
  if (!['add', 'list', 'remove', 'refresh'].includes(command ?? '')) return usage(io, `Unknown sources command "${command ?? ''}".`);
  if (missing.length) return usage(io, `Missing: ${missing.map((m) => '--' + m).join(', ')}.`);
  const deployment: DeploymentKey = { issuer: values.issuer as string, clientId: values['client-id'] as string, deploymentId: values.deployment as string };
  const id = values.id as string;

  switch (command) {
    case 'add': {
      if (!(await knownDeployment(deps.platforms, deployment))) {
        io.err(`No registered platform ${deployment.issuer} (client ${deployment.clientId}) has deployment ${deployment.deploymentId}; see learner-voice platform list.`);
        return 1;
      }
      const result = await addExternalSource(deps.store, deployment, { name: values.name, url: values.url, language: values.language }, { userId: 'cli', allowHttp: deps.settings.fetch.policy.allowHttp, now: deps.now() });
      if (!result.ok) {
        for (const [field, problem] of Object.entries(result.problems) as [SourceField, SourceProblem][]) io.err(`--${field} ${PROBLEM_TEXT[problem]}.`);
        return 1;
      }
      io.out(`Added ${result.source.id}: ${result.source.name}. The worker fetches it within a minute; "sources refresh --id ${result.source.id}" fetches it now.`);
      return 0;
    }
    case 'list': {
      const sources = await deps.store.listSources(deployment);
      if (values.json) io.out(JSON.stringify(sources, null, 2));
      else if (sources.length === 0) io.out('No external source for this deployment yet.');
      else sources.forEach((s) => io.out(line(s, deps)));
      return 0;
    }
    case 'remove':
      if (!(await deps.store.removeSource(deployment, id))) return notFound(io, id);
      io.out('Removed.');
      return 0;
    case 'refresh': {
      const outcome = await refreshExternalSource(deployment, id, deps);
      switch (outcome.kind) {
        case 'not-found':
        case 'removed':
          return notFound(io, id);
        case 'busy':
          io.err('The feed is being fetched right now; try again in a minute.');
          return 1;
        case 'success':
          io.out(`Fetched: ${outcome.entries} ${outcome.entries === 1 ? 'entry' : 'entries'}.`);
          return 0;
        case 'not-modified':
          io.out('Not modified since the last fetch: entries kept.');
          return 0;
        case 'failure':
          io.err(`Fetch failed: ${outcome.error}. The entries of the last successful fetch are kept.`);
          return 1;
      }
    }
  }
  return 2;
}

function usage(io: CommandOutput, message: string): number {
  io.err(`${message} ${HELP}`);
  return 2;
}

function notFound(io: CommandOutput, id: string): number {
  io.err(`No source ${id} in this deployment.`);
  return 1;
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
