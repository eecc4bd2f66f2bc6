/**
 * fast-check generators of what a stranger can send: hostile strings, form and query pairs, bodies
 * in odd encodings, and id_tokens that are syntactically JWTs but mean nothing. Used by
 * test/http/fuzz.test.ts; each generator is biased towards values that get past the first checks,
 * so the deeper code (ltijs, panels, storage) sees the garbage too.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/** Strings known to upset parsers, cookie writers, object lookups and query builders. */
export const HOSTILE_CONSTANTS: readonly string[] = [
  '', ' ', 'a b', 'a;b', 'a\u0000b', '\u0000', 'é', 'Ünïcødé', '日本語', '\uFFFF', '\uD800', '\u202Eevil', '😀',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__',
  '$where', '{"$gt":""}', '$gt', '../../etc/passwd', '%00', '%zz', '%', '\r\nSet-Cookie: x=1', '\t', '\n',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' OR 1=1 --", 'null', 'undefined', 'NaN', 'true',
  '-1', '0', '1e309', '99999999999999999999999', '9'.repeat(400), '1.5', '0x10', '[]', '{}',
  'javascript:alert(1)', 'http://127.0.0.1:1/', 'http://[::1]:0/', 'file:///etc/passwd', 'data:,x', '//evil.example',
  'state;Path=/', 'a=b', 'a,b', '"quoted"', '\\', '*',
];

const LONG_UNITS = ['a', 'é', ' ', ';', '\u0000', '%', '日', '[', '{'];

/** A string up to 20 000 characters long: past every field limit (and, encoded, often past the body limit). */
const longString = fc.tuple(fc.constantFrom(...LONG_UNITS), fc.integer({ min: 300, max: 20_000 })).map(([unit, n]) => unit.repeat(n));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_CONSTANTS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: longString },
);

/** Keys of form and query pairs: the expected name, its bracketed forms (a[]=, a[b]=), or garbage. */
export function keyOf(names: readonly string[]): fc.Arbitrary<string> {
  const name = fc.constantFrom(...names);
  return fc.oneof(
    { weight: 8, arbitrary: name },
    { weight: 1, arbitrary: name.map((n) => `${n}[]`) },
    { weight: 1, arbitrary: fc.tuple(name, fc.constantFrom('b', '__proto__', '0', 'constructor')).map(([n, k]) => `${n}[${k}]`) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', '__proto__[x]', 'constructor[prototype][x]', '_csrf', '') },
    { weight: 1, arbitrary: hostileString.filter((s) => s.length < 100) },
  );
}

export type Pairs = Array<[string, string]>;

/**
 * Form or query pairs: each expected name given once, twice (an array with extended:false), never,
 * with a good value (from `good`) or a hostile one, plus a few stray pairs.
 */
export function pairsFor(names: readonly string[], good: Record<string, fc.Arbitrary<string>> = {}): fc.Arbitrary<Pairs> {
  const valueFor = (name: string) => (good[name] ? fc.oneof({ weight: 3, arbitrary: good[name] }, { weight: 2, arbitrary: hostileString }) : hostileString);
  const perName = names.map((name) =>
    fc.oneof(
      { weight: 1, arbitrary: fc.constant<Pairs>([]) },
      { weight: 6, arbitrary: valueFor(name).map((v): Pairs => [[name, v]]) },
      { weight: 1, arbitrary: fc.tuple(valueFor(name), valueFor(name)).map(([a, b]): Pairs => [[name, a], [name, b]]) },
      { weight: 1, arbitrary: fc.tuple(keyOf([name]), valueFor(name)).map(([k, v]): Pairs => [[k, v]]) },
    ),
  );
  const strays = fc.array(fc.tuple(keyOf(names.length ? names : ['x']), hostileString), { maxLength: 3 });
  return fc.tuple(fc.tuple(...perName), strays).map(([groups, extra]) => [...groups.flat(), ...extra]);
}

/** Encoded as a browser would, or with raw percent junk that no browser sends. */
export function encodePairs(pairs: Pairs, raw: boolean): string {
  const enc = raw ? rawEncode : percentEncode;
  return pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** encodeURIComponent, except that a lone surrogate becomes U+FFFD (as a browser sends it) instead of throwing. */
export function percentEncode(s: string): string {
  return encodeURIComponent(s.replace(LONE_SURROGATE, '\uFFFD'));
}

/** Keeps percent signs and latin-1 bytes as they are (so '%zz' reaches the parser), escapes the rest. */
function rawEncode(s: string): string {
  return s.replace(/[&=#]|[^\u0021-\u00ff]/gu, percentEncode);
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** A JSON value, sometimes an object with __proto__ / constructor keys written as own keys. */
const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}').map((s) => JSON.parse(s) as unknown),
);

export interface JwtTargets {
  readonly issuer: string;
  readonly clientId: string;
  readonly deploymentId: string;
}

/** Three base64url parts with JSON inside: valid syntax, bogus meaning (no or a wrong signature). */
export function bogusJwt(t: JwtTargets): fc.Arbitrary<string> {
  const header = fc.oneof(
    fc.constant({ alg: 'none' }),
    fc.record({ alg: fc.constantFrom('RS256', 'HS256', 'ES256', 'none', 'RS512'), typ: fc.constant('JWT'), kid: hostileString }),
    fc.constant({ alg: 'RS256', kid: 'k'.repeat(20_000) }),
    fc.dictionary(hostileString.filter((s) => s.length < 50), jsonish, { maxKeys: 4 }),
  );
  const now = Math.floor(Date.now() / 1000);
  const claim = (good: fc.Arbitrary<unknown>) => fc.option(fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: jsonish }), { nil: undefined });
  const payload = fc.record({
    iss: claim(fc.oneof(fc.constant(t.issuer), hostileString)),
    aud: claim(fc.oneof(fc.constant(t.clientId), fc.constant([t.clientId, 'other']), hostileString)),
    azp: claim(fc.constant(t.clientId)),
    sub: claim(hostileString),
    nonce: claim(fc.oneof(hostileString, fc.uuid())),
    iat: claim(fc.oneof(fc.constant(now), fc.integer(), fc.double())),
    exp: claim(fc.oneof(fc.constant(now + 600), fc.integer())),
    'https://purl.imsglobal.org/spec/lti/claim/deployment_id': claim(fc.oneof(fc.constant(t.deploymentId), hostileString)),
    'https://purl.imsglobal.org/spec/lti/claim/message_type': claim(fc.constantFrom('LtiResourceLinkRequest', 'LtiDeepLinkingRequest', '__proto__')),
    'https://purl.imsglobal.org/spec/lti/claim/launch_presentation': claim(fc.record({ locale: hostileString })),
  });
  const signature = fc.oneof(fc.constant(''), fc.uint8Array({ minLength: 1, maxLength: 300 }).map((a) => b64(Buffer.from(a))));
  const wellFormed = fc.tuple(header, payload, signature).map(([h, p, s]) => `${b64(JSON.stringify(h))}.${b64(JSON.stringify(p))}.${s}`);
  const oddlyFormed = fc.oneof(
    fc.tuple(hostileString, hostileString, hostileString).map((parts) => parts.join('.')),
    fc.tuple(header, jsonish).map(([h, p]) => `${b64(JSON.stringify(h))}.${b64(JSON.stringify(p))}.`),
    fc.tuple(header, payload).map(([h, p]) => `${b64(JSON.stringify(h))}.${b64(JSON.stringify(p))}`),
    fc.constant(`${b64('{"alg":"none"}')}.${b64('[' .repeat(5000) + ']'.repeat(5000))}.`),
  );
  return fc.oneof({ weight: 4, arbitrary: wellFormed }, { weight: 1, arbitrary: oddlyFormed });
}

export interface Body {
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

// A gzip bomb: 4 MiB of zeros, a few kilobytes on the wire.
const GZIP_BOMB = gzipSync(Buffer.alloc(4 * 1024 * 1024));

export type BodyShape =
  | { kind: 'form' | 'raw form' | 'json' | 'many params' }
  | { kind: 'charset'; type: string; charset: string }
  | { kind: 'encoding'; encoding: string; garbage: Uint8Array; bomb: boolean }
  | { kind: 'odd json'; json: string }
  | { kind: 'odd type'; type: string; bytes: Uint8Array }
  | { kind: 'multipart'; file: MultipartFile | null; fileFirst: boolean; cutAt: number | null };

/** A file part of a multipart form (the contribution forms): a name and bytes that start like a real file, or not. */
export interface MultipartFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** First bytes of kinds the file checks know (PNG, PDF, ZIP/office, a program, SVG), then garbage; or garbage alone. */
const FILE_STARTS = ['\x89PNG\r\n\x1a\n', '%PDF-1.4\n', 'PK\x03\x04', 'MZ', '<svg xmlns="http://www.w3.org/2000/svg"><script>', 'GIF89a', '\xff\xd8\xff', ''];
const multipartFile: fc.Arbitrary<MultipartFile> = fc
  .tuple(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom('tip.txt', 'notes.pdf', 'photo.png', 'cv.docx', 'x.exe', '', '../../etc/passwd', 'a'.repeat(400)) }, { weight: 1, arbitrary: hostileString.filter((n) => n.length < 300) }),
    fc.constantFrom(...FILE_STARTS),
    fc.uint8Array({ maxLength: 600 }),
    // Now and then past the fuzz run's CONTRIBUTION_MAX_BYTES (64 KiB, the smallest allowed), for the 413 path.
    fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 60_000, max: 70_000 }) }),
  )
  .map(([name, start, tail, padding]) => ({ name, bytes: Buffer.concat([Buffer.from(start, 'latin1'), Buffer.from(tail), Buffer.alloc(padding, 0x61)]) }));

const URLENCODED = 'application/x-www-form-urlencoded';

/**
 * A multipart form; cutAt is where a browser that went away stopped sending, as a share of the body
 * (anywhere: in a field, in the file, in a part's head), or null for a whole body.
 */
export const multipartShape = fc.record({
  kind: fc.constant('multipart' as const),
  file: fc.option(multipartFile, { nil: null }),
  fileFirst: fc.boolean(),
  cutAt: fc.option(fc.double({ min: 0.02, max: 0.98, noNaN: true }), { nil: null }),
});

/** How a body is sent; drawn first, so only the chosen encoding of the pairs is computed. */
export const bodyShape: fc.Arbitrary<BodyShape> = fc.oneof(
  { weight: 10, arbitrary: fc.constant<BodyShape>({ kind: 'form' }) },
  { weight: 2, arbitrary: fc.constant<BodyShape>({ kind: 'raw form' }) },
  { weight: 2, arbitrary: fc.constant<BodyShape>({ kind: 'json' }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('charset' as const),
      type: fc.constantFrom(URLENCODED, 'application/json'),
      charset: fc.constantFrom('utf-16', 'koi8-r', 'bogus-charset', 'utf-7', 'latin1', 'UTF-8', 'utf8;x=1', ''),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('encoding' as const),
      encoding: fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown', 'identity', 'gzip, gzip', 'compress'),
      garbage: fc.uint8Array({ maxLength: 200 }),
      bomb: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('odd json' as const),
      json: fc.oneof(
        fc.constantFrom(
          '{"a":',
          '['.repeat(20_000) + ']'.repeat(20_000),
          `{${Array.from({ length: 3000 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
          '"just a string"',
          'null',
          '{"__proto__":{"_csrf":"x","polluted":true}}',
        ),
        fc.json({ maxDepth: 4 }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('odd type' as const),
      type: fc.constantFrom('text/plain', 'multipart/form-data; boundary=x', 'multipart/form-data', 'application/xml', '', 'application/x-www-form-urlencoded; charset', '*/*', 'a'.repeat(3000)),
      bytes: fc.uint8Array({ maxLength: 300 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant<BodyShape>({ kind: 'many params' }) },
  {
    weight: 2,
    arbitrary: multipartShape,
  },
);

/** A request body carrying `pairs`: mostly a proper form, sometimes JSON, odd charsets, encodings or types. */
export function bodyOf(pairs: Pairs): fc.Arbitrary<Body> {
  return bodyShape.map((shape) => bodyIn(shape, pairs));
}

export function bodyIn(shape: BodyShape, pairs: Pairs): Body {
  const asJson = () => {
    const o: Record<string, unknown> = {};
    // defineProperty: a "__proto__" pair becomes an own key, as JSON.parse would make it.
    for (const [k, v] of pairs) Object.defineProperty(o, k, { value: Object.hasOwn(o, k) ? [o[k], v].flat() : v, enumerable: true, configurable: true, writable: true });
    return JSON.stringify(o);
  };
  switch (shape.kind) {
    case 'form':
      return { headers: { 'content-type': URLENCODED }, body: Buffer.from(encodePairs(pairs, false)) };
    case 'raw form':
      return { headers: { 'content-type': URLENCODED }, body: Buffer.from(encodePairs(pairs, true), 'latin1') };
    case 'json':
      return { headers: { 'content-type': 'application/json' }, body: Buffer.from(asJson()) };
    case 'charset':
      return { headers: { 'content-type': `${shape.type}; charset=${shape.charset}` }, body: Buffer.from(shape.type === URLENCODED ? encodePairs(pairs, false) : asJson()) };
    case 'encoding':
      return { headers: { 'content-type': URLENCODED, 'content-encoding': shape.encoding }, body: shape.bomb && shape.encoding === 'gzip' ? GZIP_BOMB : Buffer.from(shape.garbage) };
    case 'odd json':
      return { headers: { 'content-type': 'application/json' }, body: Buffer.from(shape.json) };
    case 'odd type':
      return { headers: shape.type ? { 'content-type': shape.type } : {}, body: Buffer.from(shape.bytes) };
    case 'many params':
      return { headers: { 'content-type': URLENCODED }, body: Buffer.from(Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join('&')) };
    case 'multipart':
      return multipartBody(pairs, shape.file, shape.fileFirst, shape.cutAt);
  }
}

const BOUNDARY = 'fuzzBoundary7MA4YWxkTrZu0gW';

/** A multipart/form-data body as a browser builds it (names not escaped: a hostile one breaks the syntax, as it may). */
function multipartBody(pairs: Pairs, file: MultipartFile | null, fileFirst: boolean, cutAt: number | null): Body {
  const part = (head: string, data: Buffer) => Buffer.concat([Buffer.from(`--${BOUNDARY}\r\n${head}\r\n\r\n`), data, Buffer.from('\r\n')]);
  const fields = pairs.map(([k, v]) => part(`Content-Disposition: form-data; name="${k}"`, Buffer.from(v)));
  const files = file ? [part(`Content-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream`, Buffer.from(file.bytes))] : [];
  const body = Buffer.concat([...(fileFirst ? [...files, ...fields] : [...fields, ...files]), Buffer.from(`--${BOUNDARY}--\r\n`)]);
  // Cut short now and then: a browser that went away mid-upload.
  return { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body: cutAt === null ? body : body.subarray(0, Math.floor(body.length * cutAt)) };
}

/** A path segment standing for an id: a real one (when known), or garbage encoded so it stays in its segment. */
export function idSegment(real: readonly string[]): fc.Arbitrary<string> {
  const garbage = fc.oneof(
    hostileString.filter((s) => s.length < 2000).map((s) => percentEncode(s) || 'x'),
    fc.constantFrom('%zz', '%00', '%E0%A4%A', '..', '%2e%2e', '__proto__', 'constructor', '0', '-1', '999999999999', 'null', 'a'.repeat(500)),
  );
  return real.length ? fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...real) }, { weight: 2, arbitrary: garbage }) : garbage;
}
