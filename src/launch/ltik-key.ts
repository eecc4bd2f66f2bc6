/**
 * ltijs signs an "ltik" (an HS256 token with LTI_KEY) on every launch, even in the ltiaas mode we
 * use, where nothing reads it. It hands jsonwebtoken the key as a string, and jsonwebtoken first
 * tries every string key as a PEM private key: the failed parse costs about 0.8 ms per launch,
 * more than the signing itself. ltijs offers no way to skip the ltik, and its key must stay a string
 * (it also signs cookies with it), so jsonwebtoken is given the same secret already made into a
 * KeyObject whenever it is handed exactly this string. The tokens are byte for byte the same: the
 * secret and algorithm do not change, only when the string is turned into a key.
 */
import { createPrivateKey, createSecretKey, type KeyObject } from 'node:crypto';
import jsonwebtoken from 'jsonwebtoken';

const secretKeys = new Map<string, KeyObject>();
let installed = false;

export function signWithPreparedKey(ltiKey: string): void {
  if (secretKeys.has(ltiKey)) return;
  try {
    // A key that parses as a private key is one jsonwebtoken would use as such: leave it to jsonwebtoken.
    createPrivateKey(ltiKey);
    return;
  } catch {
    secretKeys.set(ltiKey, createSecretKey(Buffer.from(ltiKey, 'utf8')));
  }
  if (installed) return;
  installed = true;
  const jwt = jsonwebtoken;
  const prepared = (key: unknown) => (typeof key === 'string' ? (secretKeys.get(key) ?? key) : key);
  const sign = jwt.sign;
  const verify = jwt.verify;
  // ltijs calls jwt.sign / jwt.verify through the module object at each call, so it sees these.
  jwt.sign = (payload: unknown, key: unknown, ...rest: unknown[]) => sign(payload, prepared(key), ...rest);
  jwt.verify = (token: unknown, key: unknown, ...rest: unknown[]) => verify(token, prepared(key), ...rest);
}
