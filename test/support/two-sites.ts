/**
 * The tool and two LMSs on two sites over HTTPS, as in production: the tool at https://tool.test:<port>,
 * a Moodle-flavour and a Canvas-flavour test platform at https://lms.test:<port>/moodle and /canvas.
 * One server answers both names; Chromium maps them to loopback (--host-resolver-rules) and trusts
 * the test-only self-signed certificate made here (openssl) by its public key hash.
 *
 * ltijs fetches the platforms' keysets from Node, which knows neither name nor certificate: that
 * server-to-server call goes to a plain-http listener of the same app on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { chromium, type BrowserContext } from 'playwright-core';
import { createApp, type ToolApp } from '../../src/app';
import { readConfig, toolUrls } from '../../src/config';
import { createTestPlatform, type TestPlatform } from '../../src/demo/test-platform';
import { createLogger } from '../../src/http/logger';
import type { Storage } from '../../src/storage/port';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';
import { CHROMIUM } from './chromium';

export interface TwoSites {
  readonly toolOrigin: string;
  readonly lmsOrigin: string;
  readonly moodle: TestPlatform;
  readonly canvas: TestPlatform;
  readonly storage: Storage;
  /** SHA-256 of the certificate's public key, base64, for --ignore-certificate-errors-spki-list. */
  readonly spki: string;
  close(): Promise<void>;
}

/** What the browser does with the tool's cookies inside the LMS's frame. */
export type CookiePolicy =
  /** Third-party cookies allowed (Chromium's preference switched off). */
  | 'allowed'
  /** Third-party cookies blocked, partitioned (CHIPS) cookies kept: Chromium's setting "Block third-party cookies". */
  | 'third-party-blocked'
  /** No cookie at all for the tool inside the LMS (as Safari, or a site exception): top-level windows keep theirs. */
  | 'none-in-frame';

function makeCertificate(dir: string): { key: Buffer; cert: Buffer } {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  // Node's crypto makes keys but not X.509 certificates; Debian ships openssl (apt-get install openssl).
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=tool.test',
    '-addext', 'subjectAltName=DNS:tool.test,DNS:lms.test', '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'ignore' });
  return { key: readFileSync(keyFile), cert: readFileSync(certFile) };
}

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export async function startTwoSites(): Promise<TwoSites> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lv-two-sites-'));
  const { key, cert } = makeCertificate(dir);
  const spki = createHash('sha256').update(new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');

  const outer = express();
  const secure = https.createServer({ key, cert }, outer);
  const plain = http.createServer(outer);
  const port = await listen(secure);
  const plainPort = await listen(plain);
  const toolOrigin = `https://tool.test:${port}`;
  const lmsOrigin = `https://lms.test:${port}`;

  const config = readConfig({ NODE_ENV: 'test', BASE_URL: toolOrigin, DEMO_ENABLED: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  const storage = openSqliteStorage({ file: ':memory:' });
  const tool: ToolApp = await createApp({ config, storage, logger: createLogger(config.logLevel) });
  const urls = toolUrls(toolOrigin);
  const platforms = express.Router();
  outer.use(platforms);
  outer.use(tool.app);

  const addPlatform = async (name: string, flavour: 'moodle' | 'canvas') => {
    const platform = await createTestPlatform({ issuer: `${lmsOrigin}/${name}`, flavour, tool: { loginUrl: urls.login, launchUrl: urls.launch, keysetUrl: urls.keyset } });
    platforms.use(`/${name}`, platform.router);
    await tool.registry.add({
      issuer: platform.issuer,
      clientId: platform.clientId,
      authEndpoint: platform.authorizationEndpoint,
      tokenEndpoint: platform.tokenEndpoint,
      keysetUrl: platform.jwksUrl.replace(lmsOrigin, `http://127.0.0.1:${plainPort}`),
      deploymentIds: [platform.deploymentId],
      frameOrigins: [lmsOrigin],
      source: 'manual',
      productFamily: flavour,
      active: true,
    });
    return platform;
  };
  const moodle = await addPlatform('moodle', 'moodle');
  const canvas = await addPlatform('canvas', 'canvas');

  return {
    toolOrigin,
    lmsOrigin,
    moodle,
    canvas,
    storage,
    spki,
    async close() {
      for (const server of [secure, plain]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await tool.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Chromium's profile preferences for each policy (measured on Chromium 156: see the README). */
function preferencesFor(policy: CookiePolicy, sites: TwoSites): Record<string, unknown> {
  if (policy === 'allowed') return { profile: { block_third_party_cookies: false, cookie_controls_mode: 0 } };
  const blocked = { block_third_party_cookies: true, cookie_controls_mode: 1 };
  if (policy === 'third-party-blocked') return { profile: blocked };
  // A site exception: the tool's cookies are refused when the top-level site is the LMS, partitioned or not.
  const pattern = `${new URL(sites.toolOrigin).protocol}//[*.]tool.test:*,${new URL(sites.lmsOrigin).protocol}//[*.]lms.test:*`;
  return { profile: { ...blocked, content_settings: { exceptions: { cookies: { [pattern]: { setting: 2 } } } } } };
}

/** A fresh Chromium profile with the cookie policy written in its Preferences file before start. */
export async function chromiumWithCookiePolicy(sites: TwoSites, policy: CookiePolicy): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'lv-profile-'));
  mkdirSync(path.join(profile, 'Default'), { recursive: true });
  writeFileSync(path.join(profile, 'Default', 'Preferences'), JSON.stringify(preferencesFor(policy, sites)));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP lms.test 127.0.0.1, MAP tool.test 127.0.0.1',
      `--ignore-certificate-errors-spki-list=${sites.spki}`,
    ],
  });
  context.setDefaultTimeout(10_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
