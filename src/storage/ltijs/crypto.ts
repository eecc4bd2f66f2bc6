import crypto from 'node:crypto';

/**
 * Encryption of ltijs records (platform private keys, access tokens). AES-256-GCM rather than ltijs's
 * CBC: the tag makes a wrong key or a tampered row fail loudly instead of yielding garbage. The key is
 * stretched with scrypt because the encryption key is an operator-chosen string, and is cached since
 * every keyset request decrypts all public keys.
 */
const SALT = 'learner-voice/ltijs-records/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_CACHED_KEYS = 8;
const keyCache = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  if (typeof secret !== 'string' || secret.length === 0) throw new TypeError('An encryption secret is required');
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.scryptSync(secret, SALT, 32, { N: 2 ** 14, r: 8, p: 1 });
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
    keyCache.set(secret, key);
  }
  return key;
}

export interface EncryptedText {
  /** Hex. */
  readonly iv: string;
  /** Hex: ciphertext followed by the GCM tag. */
  readonly data: string;
}

export function encryptText(plaintext: string, secret: string): EncryptedText {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyFor(secret), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv: iv.toString('hex'), data: Buffer.concat([body, cipher.getAuthTag()]).toString('hex') };
}

export function decryptText(data: string, iv: string, secret: string): string {
  const ivBytes = Buffer.from(iv, 'hex');
  const bytes = Buffer.from(data, 'hex');
  if (ivBytes.length !== IV_BYTES || bytes.length < TAG_BYTES) throw new Error('Cannot decrypt ltijs record: malformed iv or data');
  const decipher = crypto.createDecipheriv('aes-256-gcm', keyFor(secret), ivBytes);
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('Cannot decrypt ltijs record: wrong encryption key or damaged data');
  }
}
