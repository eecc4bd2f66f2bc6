/**
 * Drives the real ltijs Provider against the SQLite plugin: registration, platform status, encrypted
 * keys, the JWKS route, a complete OIDC launch (state, nonce, id token, context token, ltik) and a
 * replayed id token. The steps run in order and share one registration, because ltijs generates a
 * 4096-bit RSA key for each platform it registers, which takes seconds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express, Request, Response } from 'express';
import { importPKCS8, SignJWT } from 'jose';
import request from 'supertest';
import type { LtiDatabasePlugin, Storage } from '../../src/storage/port';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage';

jest.setTimeout(120_000);

/** The part of ltijs's (untyped) API these tests use. */
interface LtijsPlatform {
  platformName(name?: string): Promise<string>;
  platformKid(): Promise<string>;
  platformActive(active?: boolean): Promise<boolean>;
  platformPublicKey(): Promise<string>;
  platformPrivateKey(): Promise<string>;
  platformAuthConfig(method?: string, key?: string): Promise<{ method: string; key: string }>;
  platformUrl(): Promise<string>;
}

interface LtijsToken {
  user: string;
  iss: string;
  clientId: string;
  deploymentId: string;
  platformContext: { context?: { id: string; title?: string }; resource?: { id: string }; roles: string[] };
}

interface LtijsProvider {
  app: Express;
  setup(encryptionKey: string, database: { plugin: LtiDatabasePlugin }, options: Record<string, unknown>): LtijsProvider;
  deploy(options: { serverless: boolean; silent: boolean }): Promise<true>;
  close(options: { silent: boolean }): Promise<true>;
  onConnect(callback: (token: LtijsToken, req: Request, res: Response) => unknown): true;
  registerPlatform(platform: Record<string, unknown>): Promise<LtijsPlatform>;
  getPlatform(url: string, clientId: string): Promise<LtijsPlatform | false>;
  getAllPlatforms(): Promise<LtijsPlatform[]>;
  deletePlatform(url: string, clientId: string): Promise<true>;
}

// ltijs has no type declarations: require() and the interface above stand in for them.
const ltijs = require('ltijs') as { Provider: { constructor: new () => LtijsProvider } };

const ENCRYPTION_KEY = 'a-long-encryption-key-for-tests-0123456789';
const LMS = 'https://lms.example';
const CLIENT_ID = 'c1';
const DEPLOYMENT_ID = 'd1';

let tmp: string;
let file: string;
let storage: Storage;
let lti: LtijsProvider;

async function startLti(): Promise<void> {
  storage = openSqliteStorage({ file });
  const config = storage.ltiDatabase();
  lti = new ltijs.Provider.constructor();
  lti.setup(ENCRYPTION_KEY, { plugin: config.plugin }, { devMode: false });
  lti.onConnect((token, _req, res) =>
    res.send({
      user: token.user,
      iss: token.iss,
      clientId: token.clientId,
      deploymentId: token.deploymentId,
      contextId: token.platformContext.context?.id,
      contextTitle: token.platformContext.context?.title,
      resourceLinkId: token.platformContext.resource?.id,
    }),
  );
  await lti.deploy({ serverless: true, silent: true });
}

async function stopLti(): Promise<void> {
  await lti.close({ silent: true });
  await storage.close();
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'learner-voice-ltijs-'));
  file = path.join(tmp, 'data', 'learner-voice.sqlite');
  await startLti();
});

afterAll(async () => {
  await stopLti();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('ltijs on the SQLite plugin', () => {
  let kid: string;
  let publicKey: string;

  it('registers a platform and finds it again', async () => {
    const registered = await lti.registerPlatform({
      url: LMS,
      name: 'X',
      clientId: CLIENT_ID,
      authenticationEndpoint: `${LMS}/auth`,
      accesstokenEndpoint: `${LMS}/token`,
      authConfig: { method: 'JWK_SET', key: `${LMS}/jwks` },
    });
    kid = await registered.platformKid();
    expect(kid).toMatch(/^[0-9a-f]{32}$/);

    const found = await lti.getPlatform(LMS, CLIENT_ID);
    if (!found) throw new Error('the registered platform was not found');
    expect(await found.platformName()).toBe('X');
    expect(await found.platformKid()).toBe(kid);
    expect(await found.platformAuthConfig()).toEqual({ method: 'JWK_SET', key: `${LMS}/jwks` });
    expect(await lti.getPlatform(LMS, 'another-client')).toBe(false);
  });

  it('registering the same platform again updates it and keeps its keys', async () => {
    await lti.registerPlatform({ url: LMS, clientId: CLIENT_ID, name: 'Renamed' });
    const found = await lti.getPlatform(LMS, CLIENT_ID);
    if (!found) throw new Error('the platform disappeared');
    expect(await found.platformName()).toBe('Renamed');
    expect(await found.platformKid()).toBe(kid);
  });

  it('is active until deactivated, and can be reactivated', async () => {
    const platform = (await lti.getPlatform(LMS, CLIENT_ID)) as LtijsPlatform;
    expect(await platform.platformActive()).toBe(true);
    await platform.platformActive(false);
    expect(await platform.platformActive()).toBe(false);

    const login = await request(lti.app).post('/login').type('form').send({ iss: LMS, client_id: CLIENT_ID, login_hint: 'u', target_link_uri: 'https://tool.example/' });
    expect(login.status).toBe(401);
    expect(login.body.details.message).toBe('PLATFORM_NOT_ACTIVATED');

    await platform.platformActive(true);
    expect(await platform.platformActive()).toBe(true);
  });

  it('gives back its RSA key pair, stored encrypted', async () => {
    const platform = (await lti.getPlatform(LMS, CLIENT_ID)) as LtijsPlatform;
    publicKey = await platform.platformPublicKey();
    const privateKey = await platform.platformPrivateKey();
    expect(publicKey).toContain('-----BEGIN PUBLIC KEY-----');
    expect(privateKey).toContain('-----BEGIN RSA PRIVATE KEY-----');
    // The pair really belongs together.
    const signature = crypto.sign('sha256', Buffer.from('proof'), privateKey);
    expect(crypto.verify('sha256', Buffer.from('proof'), publicKey, signature)).toBe(true);

    const onDisk = ['', '-wal'].map((suffix) => (fs.existsSync(file + suffix) ? fs.readFileSync(file + suffix).toString('latin1') : '')).join('');
    expect(onDisk).toContain(LMS);
    expect(onDisk).not.toContain('PRIVATE KEY');
    expect(onDisk).not.toContain(privateKey.split('\n')[1]);
  });

  it('lists the platform among all platforms', async () => {
    const all = await lti.getAllPlatforms();
    expect(all).toHaveLength(1);
    expect(await all[0].platformUrl()).toBe(LMS);
    expect(await all[0].platformKid()).toBe(kid);
  });

  it('publishes the platform public key in the JWKS at /keys', async () => {
    const res = await request(lti.app).get('/keys');
    expect(res.status).toBe(200);
    expect(res.body.keys).toHaveLength(1);
    const [jwk] = res.body.keys as crypto.JsonWebKey[];
    expect(jwk).toMatchObject({ kid, kty: 'RSA', alg: 'RS256', use: 'sig' });
    const fromJwks = crypto.createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    expect(fromJwks.toString().trim()).toBe(publicKey.trim());
  });

  describe('a complete launch', () => {
    const platformKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const agent = () => request.agent(lti.app);

    async function login(client: ReturnType<typeof agent>): Promise<{ state: string; nonce: string }> {
      const res = await client
        .post('/login')
        .type('form')
        .send({ iss: LMS, client_id: CLIENT_ID, login_hint: 'user-1', lti_deployment_id: DEPLOYMENT_ID, target_link_uri: 'https://tool.example/?panel=reviews' });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.location as string);
      expect(location.origin + location.pathname).toBe(`${LMS}/auth`);
      return { state: location.searchParams.get('state') as string, nonce: location.searchParams.get('nonce') as string };
    }

    async function idToken(nonce: string): Promise<string> {
      const key = await importPKCS8(platformKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RS256');
      return new SignJWT({
        nonce,
        name: 'Ada Lovelace',
        'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiResourceLinkRequest',
        'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
        'https://purl.imsglobal.org/spec/lti/claim/deployment_id': DEPLOYMENT_ID,
        'https://purl.imsglobal.org/spec/lti/claim/target_link_uri': 'https://tool.example/',
        'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: 'link-1' },
        'https://purl.imsglobal.org/spec/lti/claim/context': { id: 'course-101', title: 'Engines' },
        'https://purl.imsglobal.org/spec/lti/claim/roles': ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'platform-key-1' })
        .setIssuer(LMS)
        .setAudience(CLIENT_ID)
        .setSubject('user-1')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);
    }

    beforeAll(async () => {
      // Verifying with the platform's PEM avoids fetching a JWKS over the network.
      const platform = (await lti.getPlatform(LMS, CLIENT_ID)) as LtijsPlatform;
      await platform.platformAuthConfig('RSA_KEY', platformKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    });

    it('validates the id token, stores its tokens and serves the launch through the ltik', async () => {
      const client = agent();
      const { state, nonce } = await login(client);
      const launch = await client.post('/').type('form').send({ id_token: await idToken(nonce), state });
      expect(launch.status).toBe(302);
      const redirect = new URL(launch.headers.location as string, 'https://tool.example');
      expect(redirect.searchParams.get('panel')).toBe('reviews');
      expect(redirect.searchParams.get('ltik')).toBeTruthy();

      const page = await client.get(redirect.pathname + redirect.search);
      expect(page.status).toBe(200);
      expect(page.body).toEqual({
        user: 'user-1',
        iss: LMS,
        clientId: CLIENT_ID,
        deploymentId: DEPLOYMENT_ID,
        contextId: 'course-101',
        contextTitle: 'Engines',
        resourceLinkId: 'link-1',
      });
    });

    it('refuses an id token whose nonce was already used', async () => {
      const first = agent();
      const { state, nonce } = await login(first);
      const token = await idToken(nonce);
      expect((await first.post('/').type('form').send({ id_token: token, state })).status).toBe(302);

      const replayer = agent();
      const fresh = await login(replayer);
      const replay = await replayer.post('/').type('form').send({ id_token: token, state: fresh.state });
      expect(replay.status).toBe(401);
      expect(replay.body.details.message).toBe('NONCE_ALREADY_RECEIVED');
    });
  });

  it('finds the platform and its keys again after a restart on the same file', async () => {
    await stopLti();
    await startLti();
    const platform = await lti.getPlatform(LMS, CLIENT_ID);
    if (!platform) throw new Error('the platform did not survive the restart');
    expect(await platform.platformKid()).toBe(kid);
    expect(await platform.platformPublicKey()).toBe(publicKey);
  });

  it('deletes the platform with its status and keys', async () => {
    const platform = (await lti.getPlatform(LMS, CLIENT_ID)) as LtijsPlatform;
    await platform.platformActive(true);
    await lti.deletePlatform(LMS, CLIENT_ID);

    expect(await lti.getPlatform(LMS, CLIENT_ID)).toBe(false);
    expect(await lti.getAllPlatforms()).toEqual([]);
    const config = storage.ltiDatabase();
      for (const collection of ['publickey', 'privatekey', 'platformStatus', 'platform']) {
      expect(await config.plugin.Get(false, collection)).toBe(false);
    }
    const keys = await request(lti.app).get('/keys');
    expect(keys.status).toBe(200);
    expect(keys.body).toEqual({ keys: [] });
  });
});
