import { createSecretKey } from 'node:crypto';
import jsonwebtoken from 'jsonwebtoken';
import { signWithPreparedKey } from '../../src/launch/ltik-key';

const sign = (...args: unknown[]) => jsonwebtoken.sign(...args) as string;
const verify = (...args: unknown[]) => jsonwebtoken.verify(...args) as Record<string, unknown>;

describe('the ltik key', () => {
  const ltiKey = 'a-test-lti-key-of-forty-characters-long!';
  const payload = { platformUrl: 'https://lms.example', user: 'u1', iat: 1_700_000_000 };
  const before = sign(payload, ltiKey);

  beforeAll(() => signWithPreparedKey(ltiKey));

  it('when ltijs signs with LTI_KEY, then the token is byte for byte the one the string key gave', () => {
    expect(sign(payload, ltiKey)).toBe(before);
    expect(sign(payload, createSecretKey(Buffer.from(ltiKey)))).toBe(before);
  });

  it('when an ltik is checked, then only the LTI_KEY signature passes', () => {
    expect(verify(before, ltiKey).user).toBe('u1');
    expect(() => verify(sign(payload, 'another-secret-another-secret-another!'), ltiKey)).toThrow('invalid signature');
  });
});
