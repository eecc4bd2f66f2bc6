/**
 * A loopback "platform" for fuzzing dynamic registration: each fuzz case gets its own OpenID
 * configuration URL (/cfg/<n>) and registration endpoint (/reg/<n>) that answer what the case
 * generated: broken JSON, wrong types, foreign URLs, error statuses, redirects, big bodies.
 * Bodies may name {{origin}} and {{n}}, filled in when served.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { hostileString } from './fuzz-inputs';

export interface CannedAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** Repeat the body this many times (a big answer without a big generated value). */
  readonly repeat?: number;
}

export interface RegistrationCase {
  readonly config: CannedAnswer;
  readonly registration: CannedAnswer;
}

export interface GarbagePlatform {
  readonly origin: string;
  /** Serves the case and returns its configuration URL. */
  serve(c: RegistrationCase): string;
  /** Forgets every case served (bounded memory across thousands of runs). */
  clear(): void;
  close(): Promise<void>;
}

export async function startGarbagePlatform(): Promise<GarbagePlatform> {
  const cases = new Map<string, RegistrationCase>();
  let counter = 0;
  let origin = '';
  const server = http.createServer((req, res) => {
    const match = /^\/(cfg|reg)\/(\d+)/.exec(req.url ?? '');
    const found = match ? cases.get(match[2]) : undefined;
    req.resume();
    if (!match || !found) {
      res.writeHead(404).end();
      return;
    }
    const answer = match[1] === 'cfg' ? found.config : found.registration;
    const body = answer.body.replace(/\{\{origin\}\}/g, origin).replace(/\{\{n\}\}/g, match[2]);
    const headers: Record<string, string> = { 'content-type': answer.contentType };
    if (answer.status >= 300 && answer.status < 400) headers.location = `${origin}/cfg/${match[2]}`;
    res.writeHead(answer.status, headers);
    for (let i = 0; i < (answer.repeat ?? 1); i++) res.write(body);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    serve: (c) => {
      const n = String(++counter);
      cases.set(n, c);
      return `${origin}/cfg/${n}`;
    },
    clear: () => cases.clear(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const url = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('{{origin}}/reg/{{n}}', '{{origin}}/auth', '{{origin}}/token', '{{origin}}/jwks') },
  { weight: 1, arbitrary: fc.constantFrom('http://127.0.0.1:1/elsewhere', 'not a url', '', 'javascript:alert(1)', '//{{origin}}', 'http://[::1', 'ftp://127.0.0.1/') },
  { weight: 1, arbitrary: hostileString },
);
const fieldValue = fc.oneof({ weight: 5, arbitrary: url }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { freq: 6, nil: undefined });

const openidConfiguration = fc
  .record({
    issuer: maybe(fc.oneof(fc.constantFrom('{{origin}}/issuer/{{n}}', '{{origin}}'), fieldValue)),
    authorization_endpoint: maybe(fieldValue),
    token_endpoint: maybe(fieldValue),
    jwks_uri: maybe(fieldValue),
    registration_endpoint: maybe(fc.oneof({ weight: 4, arbitrary: fc.constant('{{origin}}/reg/{{n}}') }, { weight: 1, arbitrary: fieldValue })),
    authorization_server: maybe(fieldValue),
    'https://purl.imsglobal.org/spec/lti-platform-configuration': maybe(
      fc.oneof(
        fc.record({
          product_family_code: maybe(fc.oneof(fc.constantFrom('moodle', 'canvas', '__proto__'), hostileString)),
          messages_supported: maybe(fc.jsonValue({ maxDepth: 2 })),
          variables: maybe(fc.jsonValue({ maxDepth: 2 })),
        }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    ),
    claims_supported: maybe(fc.jsonValue({ maxDepth: 2 })),
    scopes_supported: maybe(fc.jsonValue({ maxDepth: 2 })),
  })
  .map((o) => JSON.stringify(o));

const registrationResponse = fc
  .record({
    client_id: maybe(fc.oneof(hostileString, fc.uuid(), fc.integer())),
    'https://purl.imsglobal.org/spec/lti-tool-configuration': maybe(
      fc.oneof(fc.record({ deployment_id: maybe(fc.oneof(hostileString, fc.integer())) }), fc.jsonValue({ maxDepth: 2 })),
    ),
  })
  .map((o) => JSON.stringify(o));

function answerOf(json: fc.Arbitrary<string>): fc.Arbitrary<CannedAnswer> {
  return fc.oneof(
    { weight: 6, arbitrary: json.map((body) => ({ status: 200, contentType: 'application/json', body })) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(fc.constant('not json'), fc.constant('[1,2]'), fc.constant('null'), fc.constant('{"a":'), fc.json({ maxDepth: 3 }), hostileString)
        .map((body) => ({ status: 200, contentType: 'application/json', body })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(301, 302, 400, 401, 404, 500, 503), json).map(([status, body]) => ({ status, contentType: 'application/json', body })),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((repeat) => ({ status: 200, contentType: 'application/json', body: '{"pad":"' + 'x'.repeat(1000), repeat })) },
  );
}

export const registrationCase: fc.Arbitrary<RegistrationCase> = fc.record({ config: answerOf(openidConfiguration), registration: answerOf(registrationResponse) });
