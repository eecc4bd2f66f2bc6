/**
 * The test platform in its own process for the launch bench (launch-run.ts forks it with the tool's
 * origin). Besides the platform's own routes it serves /bench/initiation?user=…, the login
 * initiation a learner's click in the LMS would send, so the load generator needs no platform code.
 * The site has COURSES courses; launch n is learner n in course n mod COURSES (each course's first
 * launches record it, as in a real term start).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { toolUrls } from '../src/config';
import { createTestPlatform } from '../src/demo/test-platform';

const COURSES = 2_000;

async function main(toolOrigin: string): Promise<void> {
  const outer = express();
  const server = http.createServer(outer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const urls = toolUrls(toolOrigin);
  const platform = await createTestPlatform({ issuer: `${origin}/platform`, flavour: 'moodle', tool: { loginUrl: urls.login, launchUrl: urls.launch, keysetUrl: urls.keyset },
    courses: Array.from({ length: COURSES - 1 }, (_, i) => ({ id: String(100 + i), numericId: String(100 + i), label: `C${100 + i}`, title: `Bench course ${100 + i}` })),
  });
  const courseIds = ['2', ...Array.from({ length: COURSES - 1 }, (_, i) => String(100 + i))];
  outer.get('/bench/initiation', (req, res) => {
    const user = Number(req.query.user) || 0;
    res.json(platform.prepareLaunch({ user: { sub: `bench-learner-${user}`, name: `Learner ${user}` }, course: courseIds[user % COURSES], method: 'GET' }));
  });
  outer.use('/platform', platform.router);
  process.send?.({
    origin,
    issuer: platform.issuer,
    clientId: platform.clientId,
    deploymentId: platform.deploymentId,
    authorizationEndpoint: platform.authorizationEndpoint,
    tokenEndpoint: platform.tokenEndpoint,
    jwksUrl: platform.jwksUrl,
    flavour: platform.flavour,
  });
  process.on('message', (message: { kind?: string }) => {
    if (message?.kind === 'exit') server.close(() => process.exit(0));
    // The platform's own CPU, so that the run can say what each of the three processes costs a launch.
    if (message?.kind === 'cpu') {
      const used = process.cpuUsage();
      process.send?.({ cpuMs: (used.user + used.system) / 1000 });
    }
  });
}

void main(process.argv[2] ?? '');
