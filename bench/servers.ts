/**
 * The servers of one run, all in this process and on ephemeral ports: the real tool (createApp,
 * listening as main.ts does), the test platform it launches from, and the bare Express baseline.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp, type ToolApp } from '../src/app';
import { readConfig, toolUrls, type Config } from '../src/config';
import { createTestPlatform, type TestPlatform } from '../src/demo/test-platform';
import { registerTestPlatform } from '../src/demo/demo-routes';
import { createLogger } from '../src/http/logger';
import type { Storage } from '../src/storage/port';

export interface Listening {
  readonly server: http.Server;
  readonly origin: string;
  close(): Promise<void>;
}

async function listen(handler: http.RequestListener): Promise<Listening> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets from the load generator would otherwise hold close() open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The platform listens first: the tool must know the platform's issuer (its URL) and the seed must
 * know it too, since every review is keyed by (issuer, client id, deployment, context).
 * The tool's port is reserved before createApp because config.baseUrl must name it.
 */
export async function startPlatform(toolOrigin: string): Promise<{ platform: TestPlatform; listening: Listening }> {
  const outer = express();
  const listening = await listen(outer);
  const urls = toolUrls(toolOrigin);
  const platform = await createTestPlatform({
    issuer: `${listening.origin}/platform`,
    flavour: 'moodle',
    tool: { loginUrl: urls.login, launchUrl: urls.launch, keysetUrl: urls.keyset },
  });
  outer.use('/platform', platform.router);
  return { platform, listening };
}

export interface ToolServer {
  readonly origin: string;
  readonly config: Config;
  readonly tool: ToolApp;
  readonly listening: Listening;
}

/** Opens the tool's server (no handler yet) so its origin is known before the app is built. */
export async function reserveToolServer(): Promise<{ listening: Listening; mount(app: http.RequestListener): void }> {
  let app: http.RequestListener | null = null;
  const listening = await listen((req, res) => {
    if (app) return app(req, res);
    res.statusCode = 503;
    res.end('starting');
  });
  return { listening, mount: (handler) => (app = handler) };
}

export async function startTool(storage: Storage, platform: TestPlatform, reserved: Awaited<ReturnType<typeof reserveToolServer>>, logLevel: string): Promise<ToolServer> {
  const origin = reserved.listening.origin;
  // 'development' accepts an http://127.0.0.1 base URL (production insists on https and a public host).
  const config = readConfig({ NODE_ENV: 'development', BASE_URL: origin, DEMO_ENABLED: 'false', LOG_LEVEL: logLevel });
  const tool = await createApp({ config, storage, logger: createLogger(config.logLevel) });
  reserved.mount(tool.app);
  await registerTestPlatform(tool.registry, platform);
  return { origin, config, tool, listening: reserved.listening };
}

/** The baseline: the least an Express page can cost on this machine. */
export async function startBare(): Promise<Listening> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (_req, res) => {
    res.type('html').send('<!doctype html><html lang="en"><head><title>Bare</title></head><body><p>Hello from a bare route.</p></body></html>');
  });
  return listen(app);
}
