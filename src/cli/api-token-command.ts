/**
 * `learner-voice api-token create|list|revoke --issuer URL --client-id ID …`: read-API tokens of a
 * platform. Parsing and printing only; the work is api/manage-tokens.ts. A new token is printed
 * once, on stdout, and never again: the store keeps only its digest. Errors are one line each;
 * --json and the exit codes as every admin command (cli-output.ts).
 */
import { parseArgs } from 'node:util';
import { isTokenId } from '../api/api-token';
import { createApiToken, listApiTokens, MAX_TOKEN_NAME, revokeApiToken, type TokenManagementDeps } from '../api/manage-tokens';
import type { PlatformKey } from '../context/tenant';
import type { ApiToken } from '../storage/ports/api-tokens';
import { CommandFailure, EXIT, present, runCommand, UsageError, type CliIo } from './cli-output';

const PROGRAM = 'learner-voice api-token';

export const API_TOKEN_USAGE = `Usage: learner-voice api-token <command> --issuer URL --client-id ID [options]

Commands:
  create [--deployment ID] [--name TEXT]   a new read-only token for the platform's read API
                                           (one deployment only with --deployment); printed once
  list                                     the platform's tokens: id, name, scope, last use, revoked
  revoke --id TOKEN_ID                     stop a token at once (its id from list, tok_…)

The token is shown once and stored only as a digest: keep it in the client's secret store.
Clients send it as "Authorization: Bearer lvr_…" to BASE_URL/api/v1/… (see /api/openapi.json).

Every command takes --json: one JSON document on stdout, or {"error": "..."} on stderr.
Exit codes: 0 done, 1 refused or failed, 2 wrong command line.

Example:
  learner-voice api-token create --issuer https://moodle.example.edu --client-id VyRG5MdLRKH74x1 --name "BI dashboard"
`;

/** Values longer than this are no issuer or id any LMS sends. */
const MAX_VALUE_LENGTH = 1024;

export function runApiTokenCommand(argv: string[], deps: TokenManagementDeps, io: CliIo): Promise<number> {
  return runCommand(PROGRAM, argv, io, (json) => dispatch(argv, deps, io, json));
}

async function dispatch(argv: string[], deps: TokenManagementDeps, io: CliIo, json: boolean): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command given');
  if (command === 'help' || command === '--help' || command === '-h') {
    present(io, json, { usage: API_TOKEN_USAGE }, () => API_TOKEN_USAGE);
    return EXIT.done;
  }
  if (!['create', 'list', 'revoke'].includes(command)) throw new UsageError(`unknown command "${command}"`);
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: { issuer: { type: 'string' }, 'client-id': { type: 'string' }, deployment: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' } },
  });
  const missing = ['issuer', 'client-id', ...(command === 'revoke' ? ['id'] : [])].filter((name) => !values[name as 'issuer']?.trim());
  if (missing.length) throw new UsageError(`missing ${missing.map((m) => '--' + m).join(', ')}`);
  for (const name of ['issuer', 'client-id', 'deployment', 'id'] as const) {
    const value = values[name];
    if (value !== undefined && (value.length > MAX_VALUE_LENGTH || /[\u0000-\u001f]/.test(value))) throw new UsageError(`--${name} is not a valid value`);
  }
  const extra = command === 'create' ? ['id'] : command === 'list' ? ['deployment', 'name', 'id'] : ['deployment', 'name'];
  const misplaced = extra.filter((name) => values[name as 'id'] !== undefined);
  if (misplaced.length) throw new UsageError(`${command} takes no ${misplaced.map((m) => '--' + m).join(', ')}`);
  // Ids are matched exactly as the platform registered them.
  const platform: PlatformKey = { issuer: values.issuer!, clientId: values['client-id']! };

  switch (command) {
    case 'create': {
      const outcome = await createApiToken(deps, { platform, deploymentId: values.deployment, name: values.name ?? '' });
      if (!outcome.ok) {
        throw new CommandFailure(
          outcome.problem === 'name'
            ? `--name must be at most ${MAX_TOKEN_NAME} characters, without control characters.`
            : outcome.problem === 'unknown-platform'
              ? `No registered platform ${platform.issuer} (client ${platform.clientId}); see learner-voice platform list.`
              : `The platform has no deployment ${values.deployment}; see learner-voice platform show.`,
        );
      }
      present(io, json, { ...tokenDocument(outcome.record), token: outcome.token }, () => [
        outcome.token,
        `Token ${outcome.record.id} created (read-only, ${reach(outcome.record)}). It is shown this once: store it now in the client's secret store.`,
      ]);
      return EXIT.done;
    }
    case 'list': {
      const tokens = await listApiTokens(deps, platform);
      present(io, json, { tokens: tokens.map(tokenDocument) }, () => (tokens.length === 0 ? 'No API token for this platform yet.' : tokens.map(line)));
      return EXIT.done;
    }
    default: {
      const id = values.id!;
      if (!isTokenId(id)) throw new CommandFailure(`No token ${oneLine(id)} on this platform (ids look like tok_…, see list).`);
      const outcome = await revokeApiToken(deps, platform, id);
      if (outcome === 'unknown') throw new CommandFailure(`No token ${id} on this platform (see list).`);
      present(io, json, { id, revoked: true, alreadyRevoked: outcome === 'already-revoked' }, () => (outcome === 'revoked' ? `Revoked ${id}: it is refused from now on.` : `${id} was already revoked.`));
      return EXIT.done;
    }
  }
}

/** The JSON form of a token: never its digest. */
function tokenDocument(t: ApiToken) {
  return {
    id: t.id,
    issuer: t.platform.issuer,
    clientId: t.platform.clientId,
    deploymentId: t.deploymentId ?? null,
    name: t.name,
    scope: t.scope,
    hint: `…${t.hint}`,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

function reach(t: ApiToken): string {
  return t.deploymentId !== undefined ? `deployment ${t.deploymentId} only` : 'every deployment of the platform';
}

function line(t: ApiToken): string {
  const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active';
  const used = t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : 'never used';
  return `${t.id}  …${t.hint}  ${state}  ${t.scope}  ${reach(t)}  created ${t.createdAt.toISOString()}  ${used}  ${oneLine(t.name)}`;
}

/** Printed to a terminal: control characters (escape sequences included) become spaces. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}
