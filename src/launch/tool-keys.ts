/**
 * The tool's own key pairs, one signing pair per platform. ltijs makes the first at registration
 * (Utils/Auth.js generatePlatformKeyPair) and keeps them in its records: `platform.kid` names the
 * pair it signs with (deep-linking responses, client assertions for grades), `platformStatus` is
 * keyed by that kid, and every record of `publickey` is published at /lti/keys (Utils/Keyset.js).
 *
 * A rotation therefore stores a new pair, makes it the platform's signing key, and leaves the old
 * public key in the keyset until a grace period ends (keys are published by kid in a JWKS so that
 * they can be rotated, 1EdTech Security Framework 1.0): a platform holding a message signed a
 * moment ago, or a cached copy of our keyset, still verifies. The grace is the record's expiry (ltijs/document-plugin.ts ExpireAt): reads drop the key
 * then and the store's purge deletes it. The old private key goes at once: nothing signs with it.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { PlatformKey } from '../context/tenant';
import type { LtiDatabasePlugin } from '../storage/port';

export interface ToolKeyring {
  /** The kid ltijs signs with for this platform. */
  readonly signing: string;
  /** Older public keys still published, each until its grace ends. */
  readonly retired: readonly { readonly kid: string; readonly until: Date }[];
}

export interface KeyRotation {
  readonly signingKid: string;
  readonly retiredKid: string;
  readonly retiredUntil: Date;
}

/** ltijs's own size for these keys (Auth.js); RS256 is what LTI 1.3 platforms expect. */
const MODULUS_BITS = 4096;
const generateRsaPair = promisify(generateKeyPair);

export class ToolKeys {
  constructor(
    private readonly records: LtiDatabasePlugin,
    private readonly encryptionKey: string,
    private readonly now: () => number = Date.now,
  ) {}

  async keyringOf(key: PlatformKey): Promise<ToolKeyring | null> {
    const signing = await this.signingKid(key);
    if (!signing) return null;
    const publicKeys = (await this.records.Get(false, 'publickey', where(key))) || [];
    const retired = publicKeys
      .filter((doc) => doc.kid !== signing && typeof doc.retiredUntil === 'number')
      .map((doc) => ({ kid: String(doc.kid), until: new Date(doc.retiredUntil as number) }));
    return { signing, retired };
  }

  /** Returns null when ltijs has no such platform. Each step leaves a usable platform if the next one fails. */
  async rotate(key: PlatformKey, graceMs: number): Promise<KeyRotation | null> {
    const retiredKid = await this.signingKid(key);
    if (!retiredKid) return null;
    const status = await this.records.Get(false, 'platformStatus', { id: retiredKid });
    // ltijs reads a missing status as active (Platform.js platformActive): carry the same meaning over.
    const active = !status || status[0].active !== false;

    const signingKid = randomBytes(16).toString('hex');
    const pair = await generateRsaPair('rsa', {
      modulusLength: MODULUS_BITS,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    const index = { kid: signingKid, ...where(key) };
    await this.records.Insert(this.encryptionKey, 'publickey', { key: pair.publicKey, kid: signingKid }, index);
    await this.records.Insert(this.encryptionKey, 'privatekey', { key: pair.privateKey, kid: signingKid }, index);
    // The status first, or the platform would briefly read as active under its new kid.
    await this.records.Replace(false, 'platformStatus', { id: signingKid }, { id: signingKid, active });
    await this.records.Modify(false, 'platform', where(key), { kid: signingKid });

    const retiredUntil = this.now() + graceMs;
    await this.records.Modify(false, 'publickey', { kid: retiredKid }, { retiredUntil });
    await this.records.ExpireAt('publickey', { kid: retiredKid }, retiredUntil);
    await this.records.Delete('privatekey', { kid: retiredKid });
    await this.records.Delete('platformStatus', { id: retiredKid });
    return { signingKid, retiredKid, retiredUntil: new Date(retiredUntil) };
  }

  /** After ltijs deleted the platform (which removes its signing pair only): the retired keys too. */
  async forget(key: PlatformKey): Promise<void> {
    await this.records.Delete('publickey', where(key));
    await this.records.Delete('privatekey', where(key));
  }

  private async signingKid(key: PlatformKey): Promise<string | null> {
    const platform = await this.records.Get(false, 'platform', where(key));
    return platform && typeof platform[0].kid === 'string' ? platform[0].kid : null;
  }
}

function where(key: PlatformKey): { platformUrl: string; clientId: string } {
  return { platformUrl: key.issuer, clientId: key.clientId };
}
