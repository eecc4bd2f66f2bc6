/**
 * `npm run platform -- <command>`: manual platform registration for LMS admins who do not use
 * dynamic registration. Parsing and printing only; the work is PlatformRegistry's.
 */
import { parseArgs } from 'node:util';
import type { PlatformRegistry, PlatformView } from '../launch/platform-registry';
import { RegistryError } from '../launch/platform-registry';

export const PLATFORM_USAGE = `Usage: npm run platform -- <command> [options]

Commands:
  add --issuer URL --client-id ID --auth-endpoint URL --token-endpoint URL --keyset-url URL
      --deployment ID [--deployment ID …] [--name TEXT] [--authorization-server URL]
      [--frame-origin URL …] [--inactive]
                                   register a platform (values from the LMS's tool settings)
  list [--json]                    list registered platforms
  show ISSUER CLIENT_ID [--json]   show one platform
  remove ISSUER CLIENT_ID          forget a platform (its keys included)
  activate ISSUER CLIENT_ID        allow launches from a platform (e.g. after dynamic registration)
  deactivate ISSUER CLIENT_ID      refuse launches from a platform
  add-deployment ISSUER CLIENT_ID DEPLOYMENT_ID
                                   accept launches from one more deployment of a platform

Example (Moodle):
  npm run platform -- add --issuer https://moodle.example.edu --client-id VyRG5MdLRKH74x1 \\
    --auth-endpoint https://moodle.example.edu/mod/lti/auth.php \\
    --token-endpoint https://moodle.example.edu/mod/lti/token.php \\
    --keyset-url https://moodle.example.edu/mod/lti/certs.php --deployment 1
`;

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

/** Runs one command; returns the process exit code (0 ok, 1 refused, 2 usage). */
export async function runPlatformCommand(argv: string[], registry: PlatformRegistry, io: CommandOutput): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'add':
        return await add(rest, registry, io);
      case 'list': {
        const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, strict: true });
        const platforms = await registry.list();
        if (values.json) io.out(JSON.stringify(platforms, null, 2));
        else if (platforms.length === 0) io.out('No platform registered yet. Add one with: npm run platform -- add --help');
        else platforms.forEach((p) => io.out(summary(p)));
        return 0;
      }
      case 'show': {
        const { positionals, values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
        const platform = await registry.show(keyFrom(positionals));
        io.out(values.json ? JSON.stringify(platform, null, 2) : details(platform));
        return 0;
      }
      case 'remove':
        await registry.remove(keyFrom(positionalsOf(rest, 2)));
        io.out('Removed.');
        return 0;
      case 'activate':
      case 'deactivate': {
        const platform = await registry.setActive(keyFrom(positionalsOf(rest, 2)), command === 'activate');
        io.out(summary(platform));
        return 0;
      }
      case 'add-deployment': {
        const [issuer, clientId, deploymentId] = positionalsOf(rest, 3);
        const platform = await registry.addDeployment({ issuer, clientId }, deploymentId);
        io.out(summary(platform));
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(PLATFORM_USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.err(`Unknown command "${command}".\n\n${PLATFORM_USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof RegistryError) {
      io.err(err.message);
      return 1;
    }
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(err as Error).message}\n\n${PLATFORM_USAGE}`);
      return 2;
    }
    throw err;
  }
}

class UsageError extends Error {}

async function add(args: string[], registry: PlatformRegistry, io: CommandOutput): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'auth-endpoint': { type: 'string' },
      'token-endpoint': { type: 'string' },
      'keyset-url': { type: 'string' },
      'authorization-server': { type: 'string' },
      deployment: { type: 'string', multiple: true },
      'frame-origin': { type: 'string', multiple: true },
      name: { type: 'string' },
      inactive: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    io.out(PLATFORM_USAGE);
    return 0;
  }
  const missing = ['issuer', 'client-id', 'auth-endpoint', 'token-endpoint', 'keyset-url', 'deployment'].filter((name) => !values[name as keyof typeof values]);
  if (missing.length) throw new UsageError(`Missing: ${missing.map((m) => '--' + m).join(', ')}.`);
  const frameOrigins = (values['frame-origin'] ?? []).map((origin) => {
    try {
      return new URL(origin).origin;
    } catch {
      throw new RegistryError(`Frame origin "${origin}" is not a valid URL.`, 'invalid');
    }
  });
  const platform = await registry.add({
    issuer: values.issuer!,
    clientId: values['client-id']!,
    authEndpoint: values['auth-endpoint']!,
    tokenEndpoint: values['token-endpoint']!,
    keysetUrl: values['keyset-url']!,
    authorizationServer: values['authorization-server'],
    deploymentIds: values.deployment!,
    frameOrigins,
    name: values.name,
    source: 'manual',
    active: !values.inactive,
  });
  io.out(`Registered.\n${details(platform)}`);
  return 0;
}

function positionalsOf(args: string[], count: number): string[] {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
  if (positionals.length !== count) throw new UsageError(`Expected ${count} arguments, got ${positionals.length}.`);
  return positionals;
}

function keyFrom(positionals: string[]): { issuer: string; clientId: string } {
  if (positionals.length !== 2) throw new UsageError('Expected ISSUER and CLIENT_ID.');
  return { issuer: positionals[0], clientId: positionals[1] };
}

function summary(p: PlatformView): string {
  return `${p.active ? 'active ' : 'PENDING'}  ${p.issuer}  client ${p.clientId}  deployments [${p.deploymentIds.join(', ')}]  (${p.source})`;
}

function details(p: PlatformView): string {
  return [
    `Name:               ${p.name}`,
    `Issuer:             ${p.issuer}`,
    `Client id:          ${p.clientId}`,
    `Status:             ${p.active ? 'active' : 'pending approval (npm run platform -- activate …)'}`,
    `Deployments:        ${p.deploymentIds.join(', ') || '(none: add one with add-deployment)'}`,
    `Auth endpoint:      ${p.authEndpoint}`,
    `Token endpoint:     ${p.tokenEndpoint}`,
    `Keyset URL:         ${p.keysetUrl}`,
    `Frame origins:      ${p.frameOrigins.join(' ')}`,
    `Registered:         ${p.registeredAt.toISOString()} (${p.source})`,
  ].join('\n');
}
