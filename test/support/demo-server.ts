/** The tool as `npm start` runs it (demo on), on an ephemeral port with an in-memory SQLite store. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { readConfig } from '../../src/config';
import { createLogger } from '../../src/http/logger';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

export async function startDemoServer() {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = readConfig({ NODE_ENV: 'test', BASE_URL: baseUrl, DEMO_ENABLED: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  const storage = openSqliteStorage({ file: ':memory:' });
  const tool = await createApp({ config, storage, logger: createLogger(config.logLevel) });
  server.on('request', tool.app);
  return {
    baseUrl,
    /** For tests that need data no demo user can make (another learner's review). */
    storage,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tool.close();
      await storage.close();
    },
  };
}
