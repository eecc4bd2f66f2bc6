/**
 * The platform's signing keys. Id tokens are RS256 with a kid published in the platform's JWKS
 * (Security Framework §6.1, §6.3); an "intruder" key signs forgeries that reuse that kid. Canvas's
 * own opaque tokens (lti_message_hint, registration_token) are HS256 with a platform secret, so the
 * Canvas flavour uses one too.
 *
 * Signing is synchronous (node:crypto produces the JWS directly) so that prepareLaunch and
 * registrationStartUrl can return plain values; verification uses jose.
 */
import { createHmac, generateKeyPair, randomBytes, randomUUID, sign as rsaSign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { base64url, createLocalJWKSet, exportJWK, jwtVerify } from 'jose';
import type { JWK, JWTPayload, JWTVerifyOptions } from 'jose';
import type { Flavour } from './types';

export type SigningMode = 'platform' | 'unknownKey' | 'none' | 'hmacWithPublicKey';

interface KeyEntry {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicJwk: JWK;
  readonly spkiPem: string;
}

const generateRsa = promisify(generateKeyPair);

/** Moodle's kids are short hex strings; Canvas's are "<ISO time>_<uuid>". */
function newKid(flavour: Flavour): string {
  if (flavour === 'canvas') return `${new Date().toISOString().slice(0, 19)}Z_${randomUUID()}`;
  return randomBytes(10).toString('hex');
}

async function newKey(flavour: Flavour): Promise<KeyEntry> {
  const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 2048 });
  const kid = newKid(flavour);
  const jwk = await exportJWK(publicKey);
  return {
    kid,
    privateKey,
    publicKey,
    publicJwk: { kty: jwk.kty, e: jwk.e, n: jwk.n, kid, alg: 'RS256', use: 'sig' },
    spkiPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function segment(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

/** A compact JWS (RFC 7515 §7.1) signed with RS256, HS256 or nothing. */
function compact(header: Record<string, unknown>, payload: unknown, signer: (input: string) => Buffer | null): string {
  const input = `${segment(header)}.${segment(payload)}`;
  const signature = signer(input);
  return `${input}.${signature ? base64url.encode(signature) : ''}`;
}

export class PlatformKeys {
  private previous: KeyEntry[] = [];

  private constructor(
    private readonly flavour: Flavour,
    private current: KeyEntry,
    private readonly intruder: KeyEntry,
    private readonly secret: Buffer,
  ) {}

  static async create(flavour: Flavour): Promise<PlatformKeys> {
    const [current, intruder] = await Promise.all([newKey(flavour), newKey(flavour)]);
    return new PlatformKeys(flavour, current, intruder, randomBytes(32));
  }

  get kid(): string {
    return this.current.kid;
  }

  /** The public JWKS (current key first, then keys rotated out, which platforms keep a while). */
  jwks(): { keys: JWK[] } {
    return { keys: [this.current, ...this.previous].map((k) => ({ ...k.publicJwk })) };
  }

  /** Starts signing with a new key; the old public key stays in the JWKS. */
  async rotate(): Promise<void> {
    const next = await newKey(this.flavour);
    this.previous = [this.current, ...this.previous].slice(0, 2);
    this.current = next;
  }

  /** Signs a payload as is (no claim is added). */
  sign(payload: JWTPayload, options: { mode?: SigningMode; kid?: string } = {}): string {
    const mode = options.mode ?? 'platform';
    const kid = options.kid ?? this.current.kid;
    switch (mode) {
      case 'none':
        return compact({ alg: 'none', typ: 'JWT' }, payload, () => null);
      case 'hmacWithPublicKey':
        // What a verifier accepts when it lets the token choose the algorithm (RFC 8725 §2.1).
        return compact({ typ: 'JWT', alg: 'HS256', kid }, payload, (input) =>
          createHmac('sha256', this.current.spkiPem).update(input).digest(),
        );
      case 'unknownKey':
        return compact({ typ: 'JWT', alg: 'RS256', kid }, payload, (input) =>
          rsaSign('sha256', Buffer.from(input), this.intruder.privateKey),
        );
      case 'platform':
        return compact({ typ: 'JWT', alg: 'RS256', kid }, payload, (input) =>
          rsaSign('sha256', Buffer.from(input), this.current.privateKey),
        );
    }
  }

  /** Verifies a token this platform signed with one of its RSA keys (Moodle's registration tokens). */
  async verifyOwn(token: string, options: JWTVerifyOptions = {}): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, createLocalJWKSet(this.jwks()), { algorithms: ['RS256'], ...options });
    return payload;
  }

  /** HS256 with the platform secret (Canvas's lti_message_hint and registration_token). */
  signSecret(payload: JWTPayload, lifetimeSeconds: number): string {
    const exp = Math.floor(Date.now() / 1000) + lifetimeSeconds;
    return compact({ typ: 'JWT', alg: 'HS256' }, { ...payload, exp }, (input) =>
      createHmac('sha256', this.secret).update(input).digest(),
    );
  }

  async verifySecret(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, new Uint8Array(this.secret), { algorithms: ['HS256'] });
    return payload;
  }
}
