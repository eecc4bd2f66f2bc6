/**
 * RSA key generation was the suite's largest single cost: ltijs makes a 4096-bit pair for every
 * platform it registers (Utils/Auth.js generatePlatformKeyPair, with generateKeyPairSync, 1-3 s on an
 * idle core and several times that on a loaded one), the test platform two 2048-bit pairs, a key
 * rotation another 4096-bit pair. Tests need real keys, distinct within a test file (a platform's key
 * is not its intruder's, a rotated key is not the old one), but not new ones on every run.
 *
 * This jest setup file (setupFiles, so before any module of the test file loads) hands out the n-th
 * RSA pair of a given size asked for in the current test file from a pool kept on disk, generating
 * and keeping a real one when the pool is short. The pool grows to the most pairs any one file needs.
 * The keys are real: they sign and verify exactly as fresh ones would, in the same encodings.
 * Processes that tests spawn (the CLI, two processes) do not load this file and generate their own.
 */
import type * as Crypto from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

type Pool = Record<string, string[]>; // modulus length → PKCS#8 PEM private keys
interface CacheState {
  readonly generateSync: typeof Crypto.generateKeyPairSync;
  readonly generate: typeof Crypto.generateKeyPair;
  pool: Pool;
  /** Pairs handed out per modulus length in the current test file. */
  used: Map<number, number>;
}

const POOL_FILE = path.resolve(__dirname, '../../node_modules/.cache/learner-voice/rsa-test-keys.json');
const STATE = Symbol.for('learner-voice.test.rsa-key-cache');

// Jest gives each test file its own module registry, but node:crypto is the process's one module:
// patch it once per worker, and count pairs from zero again for every file. Required, not imported,
// because an import would go through __importStar's copy, whose properties are read-only getters.
const crypto = require('node:crypto') as typeof Crypto;
const cryptoModule = crypto as unknown as Record<string | symbol, unknown>;
const state = (cryptoModule[STATE] as CacheState | undefined) ?? install();
state.used = new Map();

function install(): CacheState {
  const created: CacheState = { generateSync: crypto.generateKeyPairSync, generate: crypto.generateKeyPair, pool: readPool(), used: new Map() };
  cryptoModule[STATE] = created;
  cryptoModule.generateKeyPairSync = cachedSync;
  const cachedAsync = Object.assign(cachedCallback, { [promisify.custom]: cachedPromise });
  cryptoModule.generateKeyPair = cachedAsync;
  return created;
}

function readPool(): Pool {
  try {
    return JSON.parse(readFileSync(POOL_FILE, 'utf8')) as Pool;
  } catch {
    return {};
  }
}

/** With several jest workers another may have grown the pool on disk: take the longer list. */
function refresh(bits: number): void {
  const onDisk = readPool()[bits] ?? [];
  if (onDisk.length > (state.pool[bits]?.length ?? 0)) state.pool = { ...state.pool, [bits]: onDisk };
}

/** Appends a generated key and replaces the file in one rename, so a reader never sees half of it. */
function keep(bits: number, pem: string): void {
  refresh(bits);
  state.pool = { ...state.pool, [bits]: [...(state.pool[bits] ?? []), pem] };
  mkdirSync(path.dirname(POOL_FILE), { recursive: true });
  const temporary = `${POOL_FILE}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify(state.pool));
  renameSync(temporary, POOL_FILE);
}

/** Only plain RSA requests (default exponent, no passphrase) come from the pool; anything else is generated. */
function cacheable(type: unknown, options: unknown): options is Crypto.RSAKeyPairOptions<Crypto.KeyFormat, Crypto.KeyFormat> {
  if (type !== 'rsa' || !options || typeof options !== 'object') return false;
  const o = options as { modulusLength?: unknown; publicExponent?: unknown; privateKeyEncoding?: { cipher?: unknown } };
  return (o.modulusLength === 2048 || o.modulusLength === 4096) && (o.publicExponent === undefined || o.publicExponent === 0x10001) && !o.privateKeyEncoding?.cipher;
}

/** The next pooled PEM for this size in this file, or undefined when the pool has to grow. */
function nextPooled(bits: number): string | undefined {
  const index = state.used.get(bits) ?? 0;
  state.used.set(bits, index + 1);
  if (index >= (state.pool[bits]?.length ?? 0)) refresh(bits);
  return state.pool[bits]?.[index];
}

function encoded(pem: string, options: Crypto.RSAKeyPairOptions<Crypto.KeyFormat, Crypto.KeyFormat>) {
  const privateKey = crypto.createPrivateKey(pem);
  const publicKey = crypto.createPublicKey(privateKey);
  const o = options as { publicKeyEncoding?: Crypto.KeyExportOptions<Crypto.KeyFormat>; privateKeyEncoding?: Crypto.KeyExportOptions<Crypto.KeyFormat> };
  return {
    publicKey: o.publicKeyEncoding ? publicKey.export(o.publicKeyEncoding as Crypto.KeyExportOptions<'pem'>) : publicKey,
    privateKey: o.privateKeyEncoding ? privateKey.export(o.privateKeyEncoding as Crypto.KeyExportOptions<'pem'>) : privateKey,
  };
}

function pemOf(privateKey: Crypto.KeyObject): string {
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function cachedSync(type: unknown, options: unknown): unknown {
  if (!cacheable(type, options)) return (state.generateSync as (...a: unknown[]) => unknown)(type, options);
  const bits = options.modulusLength;
  let pem = nextPooled(bits);
  if (!pem) {
    pem = pemOf(state.generateSync('rsa', { modulusLength: bits }).privateKey);
    keep(bits, pem);
  }
  return encoded(pem, options);
}

async function cachedPromise(type: unknown, options: unknown): Promise<{ publicKey: unknown; privateKey: unknown }> {
  if (!cacheable(type, options)) return promisify(state.generate as (t: unknown, o: unknown, cb: (e: Error | null, pub: unknown, priv: unknown) => void) => void)(type, options) as never;
  const bits = options.modulusLength;
  let pem = nextPooled(bits);
  if (!pem) {
    const fresh = await new Promise<Crypto.KeyObject>((resolve, reject) =>
      state.generate('rsa', { modulusLength: bits }, (error, _publicKey, privateKey) => (error ? reject(error) : resolve(privateKey))),
    );
    pem = pemOf(fresh);
    keep(bits, pem);
  }
  return encoded(pem, options);
}

function cachedCallback(type: unknown, options: unknown, callback: (error: Error | null, publicKey?: unknown, privateKey?: unknown) => void): void {
  cachedPromise(type, options).then(
    ({ publicKey, privateKey }) => callback(null, publicKey, privateKey),
    (error: Error) => callback(error),
  );
}
