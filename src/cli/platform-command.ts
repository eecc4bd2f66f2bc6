/**
 * `learner-voice platform <command>`: manual platform registration and upkeep for LMS admins who do
 * not use dynamic registration. Parsing and printing only; the work is PlatformRegistry's, the
 * shapes are platform-presenter.ts's, the error lines and exit codes cli-output.ts's.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { PlatformKey } from '../context/tenant';
import { MAX_GRACE_DAYS, RegistryError, type PlatformRegistry } from '../launch/platform-registry';
import { CommandFailure, EXIT, present, runCommand, UsageError, type CliIo } from './cli-output';
import { detailLines, listLines, platformDocument, rotationDocument, rotationLines, summaryLine } from './platform-presenter';

export type CommandOutput = CliIo;

const PROGRAM = 'learner-voice platform';
const DEFAULT_GRACE_DAYS = 7;

export const PLATFORM_USAGE = `Usage: learner-voice platform <command> [options]
  (in the container: docker compose exec tool learner-voice platform …;
   in a development checkout: npm run platform -- <command> …)

Commands:
  add --issuer URL --client-id ID --auth-endpoint URL --token-endpoint URL --keyset-url URL
      --deployment ID [--deployment ID …] [--name TEXT] [--authorization-server URL]
      [--frame-origin URL …] [--inactive]
                                   register a platform (values from the LMS's tool settings);
                                   with --inactive it waits, pending approval, for activate
  list                             list the platforms and their states
  show ISSUER CLIENT_ID            one platform: endpoints, deployments, the tool's keys
  update ISSUER CLIENT_ID [--auth-endpoint URL] [--token-endpoint URL] [--keyset-url URL]
      [--authorization-server URL] [--name TEXT]
                                   change endpoints or name; the tool's keys, the deployments
                                   and frame origins stay (--auth-login-url and --token-url
                                   are accepted for --auth-endpoint and --token-endpoint)
  rotate-key ISSUER CLIENT_ID [--grace-days N]
                                   sign with a new key pair from now on; the old public key stays
                                   in the tool's keyset N days (default ${DEFAULT_GRACE_DAYS}, 0 to ${MAX_GRACE_DAYS})
  activate ISSUER CLIENT_ID        approve a pending platform, or switch an inactive one back on
  deactivate ISSUER CLIENT_ID      refuse launches from a platform (it becomes inactive)
  add-deployment ISSUER CLIENT_ID DEPLOYMENT_ID
                                   accept launches from one more deployment of a platform
  remove ISSUER CLIENT_ID [--yes]  forget a platform and the tool's keys for it; asks first,
                                   and needs --yes when stdin is not a terminal

States: active; pending approval (registered, by dynamic registration or add --inactive, and
never activated); inactive (deactivated by an admin). Launches from the last two are refused.

Every command takes --json: one JSON document on stdout, or {"error": "..."} on stderr.
Exit codes: 0 done, 1 refused or failed, 2 wrong command line.

Example (Moodle):
  learner-voice platform add --issuer https://moodle.example.edu --client-id VyRG5MdLRKH74x1 \\
    --auth-endpoint https://moodle.example.edu/mod/lti/auth.php \\
    --token-endpoint https://moodle.example.edu/mod/lti/token.php \\
    --keyset-url https://moodle.example.edu/mod/lti/certs.php --deployment 1
`;

type Options = NonNullable<ParseArgsConfig['options']>;
const COMMON: Options = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };
const ENDPOINTS: Options = {
  'auth-endpoint': { type: 'string' },
  'auth-login-url': { type: 'string' },
  'token-endpoint': { type: 'string' },
  'token-url': { type: 'string' },
  'keyset-url': { type: 'string' },
  'authorization-server': { type: 'string' },
  name: { type: 'string' },
};

/** What each command takes: its positionals and options. */
const COMMANDS: Record<string, { positionals: readonly string[]; options: Options }> = {
  add: {
    positionals: [],
    options: {
      ...ENDPOINTS,
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      deployment: { type: 'string', multiple: true },
      'frame-origin': { type: 'string', multiple: true },
      inactive: { type: 'boolean' },
    },
  },
  list: { positionals: [], options: {} },
  show: { positionals: ['ISSUER', 'CLIENT_ID'], options: {} },
  update: { positionals: ['ISSUER', 'CLIENT_ID'], options: ENDPOINTS },
  'rotate-key': { positionals: ['ISSUER', 'CLIENT_ID'], options: { 'grace-days': { type: 'string' } } },
  activate: { positionals: ['ISSUER', 'CLIENT_ID'], options: {} },
  deactivate: { positionals: ['ISSUER', 'CLIENT_ID'], options: {} },
  'add-deployment': { positionals: ['ISSUER', 'CLIENT_ID', 'DEPLOYMENT_ID'], options: {} },
  remove: { positionals: ['ISSUER', 'CLIENT_ID'], options: { yes: { type: 'boolean', short: 'y' } } },
};

type Values = Record<string, string | boolean | string[] | undefined>;

/** Runs one command; returns the process exit code (0 done, 1 refused or failed, 2 usage). */
export function runPlatformCommand(argv: string[], registry: PlatformRegistry, io: CliIo): Promise<number> {
  return runCommand(PROGRAM, argv, io, (json) => dispatch(argv, registry, io, json), (err) => (err instanceof RegistryError ? err.message : null));
}

async function dispatch(argv: string[], registry: PlatformRegistry, io: CliIo, json: boolean): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    present(io, json, { usage: PLATFORM_USAGE }, () => PLATFORM_USAGE);
    return EXIT.done;
  }
  if (command === undefined) throw new UsageError('no command given');
  if (command.startsWith('-')) throw new UsageError(`the command comes first, then ${command}`);
  if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown command "${command}"`);
  const spec = COMMANDS[command];
  const { values, positionals } = parseArgs({ args: rest, options: { ...COMMON, ...spec.options }, allowPositionals: true, strict: true }) as { values: Values; positionals: string[] };
  if (values.help) {
    present(io, json, { usage: PLATFORM_USAGE }, () => PLATFORM_USAGE);
    return EXIT.done;
  }
  if (positionals.length !== spec.positionals.length)
    throw new UsageError(spec.positionals.length ? `${command} takes ${spec.positionals.join(' ')}` : `${command} takes no argument "${positionals[0]}"`);
  const key: PlatformKey = { issuer: positionals[0], clientId: positionals[1] };

  switch (command) {
    case 'add': {
      const platform = await registry.add(newPlatformFrom(values));
      present(io, json, platformDocument(platform), () => ['Registered.', ...detailLines(platform)]);
      break;
    }
    case 'list': {
      const platforms = await registry.list();
      present(io, json, platforms.map(platformDocument), () => listLines(platforms));
      break;
    }
    case 'show': {
      const platform = await registry.show(key);
      present(io, json, platformDocument(platform), () => detailLines(platform));
      break;
    }
    case 'update': {
      const platform = await registry.updateEndpoints(key, endpointsFrom(values));
      present(io, json, platformDocument(platform), () => ['Updated; the tool keeps its keys for this platform.', ...detailLines(platform)]);
      break;
    }
    case 'rotate-key': {
      const rotation = await registry.rotateKey(key, graceDaysFrom(values['grace-days']));
      present(io, json, rotationDocument(key, rotation), () => rotationLines(rotation));
      break;
    }
    case 'activate':
    case 'deactivate': {
      const platform = await registry.setActive(key, command === 'activate');
      present(io, json, platformDocument(platform), () => summaryLine(platform));
      break;
    }
    case 'add-deployment': {
      const platform = await registry.addDeployment(key, positionals[2]);
      present(io, json, platformDocument(platform), () => summaryLine(platform));
      break;
    }
    case 'remove':
      await confirmRemoval(key, values.yes === true, registry, io);
      await registry.remove(key);
      present(io, json, { removed: true, issuer: key.issuer, clientId: key.clientId }, () => 'Removed.');
      break;
  }
  return EXIT.done;
}

/** Removing cannot be undone (the platform would have to register, and trust our keys, again): asked, or --yes. */
async function confirmRemoval(key: PlatformKey, yes: boolean, registry: PlatformRegistry, io: CliIo): Promise<void> {
  if (yes) return;
  if (!io.confirm) throw new UsageError('remove needs --yes when stdin is not a terminal');
  await registry.show(key); // an unknown platform is said so before any question
  const agreed = await io.confirm(`Remove ${key.issuer} (client ${key.clientId}), its deployments and the tool's keys for it? Its launches will be refused.`);
  if (!agreed) throw new CommandFailure('not removed');
}

function newPlatformFrom(values: Values) {
  const endpoints = endpointsFrom(values);
  const missing = [
    ['issuer', values.issuer],
    ['client-id', values['client-id']],
    ['auth-endpoint', endpoints.authEndpoint],
    ['token-endpoint', endpoints.tokenEndpoint],
    ['keyset-url', endpoints.keysetUrl],
    ['deployment', values.deployment],
  ].filter(([, value]) => !value);
  if (missing.length) throw new UsageError(`missing ${missing.map(([name]) => '--' + name).join(', ')}`);
  const frameOrigins = ((values['frame-origin'] as string[] | undefined) ?? []).map((origin) => {
    try {
      return new URL(origin).origin;
    } catch {
      throw new RegistryError(`Frame origin "${origin}" is not a valid URL.`, 'invalid');
    }
  });
  return {
    issuer: values.issuer as string,
    clientId: values['client-id'] as string,
    authEndpoint: endpoints.authEndpoint!,
    tokenEndpoint: endpoints.tokenEndpoint!,
    keysetUrl: endpoints.keysetUrl!,
    authorizationServer: endpoints.authorizationServer,
    deploymentIds: values.deployment as string[],
    frameOrigins,
    name: endpoints.name,
    source: 'manual' as const,
    active: !values.inactive,
  };
}

function endpointsFrom(values: Values) {
  return {
    authEndpoint: eitherOf(values, 'auth-endpoint', 'auth-login-url'),
    tokenEndpoint: eitherOf(values, 'token-endpoint', 'token-url'),
    keysetUrl: values['keyset-url'] as string | undefined,
    authorizationServer: values['authorization-server'] as string | undefined,
    name: values.name as string | undefined,
  };
}

/** An option and its synonym: one is enough, two that disagree is a typing mistake. */
function eitherOf(values: Values, name: string, synonym: string): string | undefined {
  const [a, b] = [values[name] as string | undefined, values[synonym] as string | undefined];
  if (a !== undefined && b !== undefined && a !== b) throw new UsageError(`--${name} and --${synonym} name the same thing; give one`);
  return a ?? b;
}

function graceDaysFrom(value: string | boolean | string[] | undefined): number {
  if (value === undefined) return DEFAULT_GRACE_DAYS;
  if (typeof value !== 'string' || !/^\d{1,3}$/.test(value)) throw new UsageError(`--grace-days takes a whole number of days (0 to ${MAX_GRACE_DAYS})`);
  return Number(value);
}
