/**
 * What the logs keep of a platform's error answer (launch/registration-fetch.ts): enough to see why it
 * refused, never a credential it echoed back.
 */
import { redactedExcerpt } from '../../src/launch/registration-fetch';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('redactedExcerpt', () => {
  it('when the body echoes the credential we sent, then it is replaced wherever it appears', () => {
    expect(redactedExcerpt('token abc.def.ghi refused; you sent abc.def.ghi', ['abc.def.ghi'])).toBe('token [redacted] refused; you sent [redacted]');
  });

  it.each([
    ['a Bearer value', 'Authorization: Bearer SECRETREGTOKEN123', 'Authorization: Bearer [redacted]'],
    ['a Basic value', 'got basic dXNlcjpwYXNz', 'got basic [redacted]'],
    ['a JWT', `token ${JWT} expired`, 'token [redacted] expired'],
    ['a long hex run', 'request 0123456789abcdef0123456789abcdef failed', 'request [redacted] failed'],
    ['a long base64 run', 'key c2VjcmV0LXNlY3JldC1zZWNyZXQ+/= here', 'key [redacted] here'],
    ['a JSON token field', '{"access_token":"short1","ok":false}', '{"access_token":"[redacted]","ok":false}'],
    ['a form password field', 'user=admin&password=hunter2&x=1', 'user=admin&password=[redacted]&x=1'],
  ])('when the body holds %s, then the value is redacted', (_label, body, expected) => {
    expect(redactedExcerpt(body, [])).toBe(expected);
  });

  it('when the body is an ordinary OAuth error, then the excerpt keeps it as written', () => {
    const body = '{"error":"invalid_token","error_description":"The registration token has expired"}';
    expect(redactedExcerpt(body, [])).toBe(body);
  });

  it('when the body holds line breaks, bidi overrides or line separators, then each run becomes one space', () => {
    expect(redactedExcerpt('Access\r\n\u202Edenied\u2028\u2029 now\u200B', [])).toBe('Access denied now');
  });

  it('when the body is long, then the excerpt stops at 200 characters and says so', () => {
    const excerpt = redactedExcerpt('word '.repeat(1000), []);
    expect(excerpt).toHaveLength(201);
    expect(excerpt.endsWith('…')).toBe(true);
  });

  it.each([
    ['one long run of letters', 'a'.repeat(256 * 1024)],
    ['short dotted runs', 'ab.'.repeat(90_000)],
    ['key words without values', 'token '.repeat(45_000)],
  ])('when a hostile body is %s, then redacting it stays fast', (_label, body) => {
    const started = Date.now();
    redactedExcerpt(body, ['abc']);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
