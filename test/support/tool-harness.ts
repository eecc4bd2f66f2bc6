/**
 * Starts the real tool (createApp) on an ephemeral port with a SQLite store, plus test platforms
 * mounted on the same server, and registers them with the tool. ltijs fetches the platform keyset
 * over HTTP, so this is a real listening server, not only supertest's in-process app.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp, type ToolApp } from '../../src/app';
import { readConfig, toolUrls, type Config } from '../../src/config';
import { registerTestPlatform } from '../../src/demo/demo-routes';
import { createTestPlatform, type CourseInfo, type TestPlatform } from '../../src/demo/test-platform';
import { createLogger, type Logger } from '../../src/http/logger';
import type { Storage } from '../../src/storage/port';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { Browser } from './browser';

export interface Harness {
  readonly baseUrl: string;
  readonly config: Config;
  readonly storage: Storage;
  readonly tool: ToolApp;
  /** The registered test platform (Moodle flavour unless asked otherwise). */
  readonly platform: TestPlatform;
  /** Mounts another platform at /<path>; registered with the tool unless register is false. */
  addPlatform(
    path: string,
    options?: { flavour?: 'moodle' | 'canvas'; clientId?: string; deploymentId?: string; register?: boolean; courses?: readonly CourseInfo[] },
  ): Promise<TestPlatform>;
  browser(): Browser;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    env?: Record<string, string>;
    flavour?: 'moodle' | 'canvas';
    /** Defaults to one at LOG_LEVEL (silent). */ logger?: Logger;
    /** More courses of the registered platform (launch one with `course: <id>`). */
    courses?: readonly CourseInfo[];
  } = {},
): Promise<Harness> {
  const outer = express();
  const server = http.createServer(outer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = readConfig({ NODE_ENV: 'test', BASE_URL: baseUrl, DEMO_ENABLED: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...options.env });
  const storage = openSqliteStorage({ file: ':memory:' });
  const tool = await createApp({ config, storage, logger: options.logger ?? createLogger(config.logLevel) });
  const platforms = express.Router();
  outer.use(platforms);
  outer.use(tool.app);

  const addPlatform: Harness['addPlatform'] = async (path, opts = {}) => {
    const urls = toolUrls(baseUrl);
    const platform = await createTestPlatform({
      issuer: `${baseUrl}/${path}`,
      flavour: opts.flavour ?? 'moodle',
      clientId: opts.clientId,
      deploymentId: opts.deploymentId,
      courses: opts.courses,
      tool: { loginUrl: urls.login, launchUrl: urls.launch, keysetUrl: urls.keyset },
    });
    platforms.use(`/${path}`, platform.router);
    if (opts.register !== false) await registerTestPlatform(tool.registry, platform);
    return platform;
  };

  const platform = await addPlatform('platform', { flavour: options.flavour, courses: options.courses });
  return {
    baseUrl,
    config,
    storage,
    tool,
    platform,
    addPlatform,
    browser: () => new Browser(baseUrl),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tool.close();
      await storage.close();
    },
  };
}

/** Runs a whole launch in a fresh browser: login initiation → platform auth → id_token post → tool page. */
export async function launch(h: Harness, options: Parameters<TestPlatform['prepareLaunch']>[0], platform: TestPlatform = h.platform, browser = h.browser()) {
  const initiation = platform.prepareLaunch(options);
  const first =
    initiation.method === 'POST'
      ? await browser.post(initiation.url, initiation.params)
      : await browser.get(initiation.url + '?' + new URLSearchParams(initiation.params).toString());
  const { res, url } = await browser.settle(first, initiation.url);
  return { res, url, browser, initiation };
}
